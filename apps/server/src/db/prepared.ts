import { PgTransaction } from 'drizzle-orm/pg-core';
import type { DbOrTx } from './client';

/** What a drizzle query builder with `sql.placeholder`s offers: a prepared statement of it. */
interface Preparable<R> {
  prepare(name: string): { execute(values?: Record<string, unknown>): Promise<R> };
}

/**
 * A hot query of the order path as a named prepared statement. On the pool it is built once per
 * database (drizzle's `prepare`), and PostgreSQL parses and plans it once per connection; building the
 * SQL (about 100 µs of CPU for a wide row) and parsing it are what a plain drizzle query repeats on
 * every call. In a transaction the query is built as usual — a prepared query is bound to the pool — and
 * still runs as the named statement. `name` must be unique in the server: one name, one SQL text.
 */
export function prepared<R>(
  name: string,
  build: (db: DbOrTx) => Preparable<R>,
): (db: DbOrTx, values: Record<string, unknown>) => Promise<R> {
  const onPool = new WeakMap<DbOrTx, ReturnType<Preparable<R>['prepare']>>();
  return (db, values) => {
    if (db instanceof PgTransaction) return build(db).prepare(name).execute(values);
    let query = onPool.get(db);
    if (!query) {
      query = build(db).prepare(name);
      onPool.set(db, query);
    }
    return query.execute(values);
  };
}
