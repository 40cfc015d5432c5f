import pg from 'pg';
import type { DbOrTx } from '../../db/client';

/**
 * The pg connection under a Drizzle transaction, for what Drizzle cannot do (COPY). Relies on
 * Drizzle's node-postgres session keeping its client in `session.client`; checked at run time so
 * a Drizzle upgrade that moves it fails loudly instead of copying outside the transaction.
 */
export function pgClientOf(db: DbOrTx): pg.ClientBase {
  const client = (db as unknown as { session?: { client?: unknown } }).session?.client;
  if (!client || client instanceof pg.Pool || typeof (client as pg.ClientBase).query !== 'function') {
    throw new Error('pgClientOf needs a transaction on a node-postgres client');
  }
  return client as pg.ClientBase;
}
