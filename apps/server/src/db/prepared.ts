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
