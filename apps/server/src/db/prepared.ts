import type { QueryResult, QueryResultRow } from 'pg';
import type { SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { DbOrTx } from './client';

/** What a drizzle query builder with `sql.placeholder`s offers: a prepared statement of it. */
interface Preparable<R> {
  prepare(name: string): { execute(values?: Record<string, unknown>): Promise<R> };
}

/**
 * A hot query of the order path as a named prepared statement: built once per Drizzle session — the
 * pool's, and each pooled connection's (transactions run on the connection's own client: withTx) — and
 * parsed and planned by PostgreSQL once per connection. Building the SQL (about 100 µs of CPU for a
 * wide row) and parsing it are what a plain drizzle query repeats on every call. `name` must be unique in
 * the server: one name, one SQL text.
 */
export function prepared<R>(
  name: string,
  build: (db: DbOrTx) => Preparable<R>,
): (db: DbOrTx, values: Record<string, unknown>) => Promise<R> {
  const bySession = new WeakMap<object, ReturnType<Preparable<R>['prepare']>>();
  return (db, values) => {
    let query = bySession.get(db._.session);
    if (!query) {
      query = build(db).prepare(name);
      bySession.set(db._.session, query);
    }
    return query.execute(values);
  };
}

const dialect = new PgDialect();

/**
 * A raw SQL statement (its variable parts `sql.placeholder`s) as a named prepared statement, as
 * `prepared` does for query builders; it answers as `db.execute` does (rows by column name, dates as
 * PostgreSQL's text). The SQL is rendered once, here.
 */
export function preparedSql<R extends QueryResultRow>(
  name: string,
  query: SQL,
): (db: DbOrTx, values: Record<string, unknown>) => Promise<QueryResult<R>> {
  const rendered = dialect.sqlToQuery(query);
  return prepared(name, (db) => ({
    prepare: (n) =>
      db._.session.prepareQuery<{ execute: QueryResult<R>; all: unknown; values: unknown }>(
        rendered,
        undefined,
        n,
        false,
      ),
  }));
}
