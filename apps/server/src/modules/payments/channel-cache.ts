import { asc, desc } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import type { ChannelRow } from './channels';
import { paymentChannels } from './schema';

/** How long the channel list is reused: a change made by another process shows within this time. */
const TTL_MS = 2000;
let cached: { rows: Promise<ChannelRow[]>; at: number } | null = null;

/**
 * Every payment channel, highest priority first, read from the database at most every TTL_MS: the
 * checkout and callback paths look channels up several times per order, and channels change rarely
 * (only through admin-channels, which forgets the list once its change has committed).
 */
export function allChannels(db: DbOrTx): Promise<ChannelRow[]> {
  if (cached && Date.now() - cached.at < TTL_MS) return cached.rows;
  const rows = db
    .select()
    .from(paymentChannels)
    .orderBy(desc(paymentChannels.priority), asc(paymentChannels.id));
  const entry = { rows: rows.then((r) => r), at: Date.now() };
  cached = entry;
  entry.rows.catch(() => {
    if (cached === entry) cached = null;
  });
  return entry.rows;
}

/** Drops the cached list (after a channel was created or changed). */
export function forgetChannels(): void {
  cached = null;
}
