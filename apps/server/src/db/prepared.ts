import type { QueryResult, QueryResultRow } from 'pg';
import { sql, type SQL } from 'drizzle-orm';
import { PgDialect, type PgInsertValue, type PgTable } from 'drizzle-orm/pg-core';
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

/**
 * A statement whose columns vary with the call (an insert or update writing the columns given), as one
 * prepared statement per set of columns: `build` gets the sorted column names (placeholders of the same
 * names stand for the values). Like the query builder, an undefined value leaves its column out. The
 * statements are named `name#n` (PostgreSQL cuts names at 63 bytes: a list of columns would not do).
 */
export function preparedByColumns<R, V extends object = Record<string, unknown>>(
  name: string,
  build: (db: DbOrTx, columns: string[]) => Preparable<R>,
): (db: DbOrTx, values: V) => Promise<R> {
  const shapes = new Map<string, (db: DbOrTx, values: Record<string, unknown>) => Promise<R>>();
  return (db, values) => {
    const defined = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined));
    const columns = Object.keys(defined).sort();
    const shape = columns.join(',');
    let run = shapes.get(shape);
    if (!run) {
      run = prepared(`${name}#${shapes.size}`, (d) => build(d, columns));
      shapes.set(shape, run);
    }
    return run(db, defined);
  };
}

/** A placeholder for each column, named after it: the values of a statement of preparedByColumns. */
export const placeholders = (columns: readonly string[]) =>
  Object.fromEntries(columns.map((c) => [c, sql.placeholder(c)]));

/**
 * An insert into `table` as prepared statements, one per set of columns given (preparedByColumns);
 * with `returning`, it answers the inserted rows.
 */
export function preparedInsert<T extends PgTable>(
  name: string,
  table: T,
  returning: true,
): (db: DbOrTx, values: T['$inferInsert']) => Promise<T['$inferSelect'][]>;
export function preparedInsert<T extends PgTable>(
  name: string,
  table: T,
): (db: DbOrTx, values: T['$inferInsert']) => Promise<unknown>;
export function preparedInsert(name: string, table: PgTable, returning = false) {
  return preparedByColumns<unknown>(name, (db, columns) => {
    const insert = db.insert(table).values(placeholders(columns) as PgInsertValue<PgTable>);
    return returning ? insert.returning() : insert;
  });
}
