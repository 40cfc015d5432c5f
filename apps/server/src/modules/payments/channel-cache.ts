import { asc, desc } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { TtlCache } from '../../lib/ttl-cache';
import type { ChannelRow } from './channels';
import { paymentChannels } from './schema';

/** The channel list is reused for 2 s: a change made by another process shows within that time. */
const cache = new TtlCache<ChannelRow[]>(2000);

/**
 * Every payment channel, highest priority first, read from the database at most every 2 s: the
 * checkout and callback paths look channels up several times per order, and channels change rarely
 * (only through admin-channels, which forgets the list once its change has committed).
 */
export function allChannels(db: DbOrTx): Promise<ChannelRow[]> {
  return cache.get('all', async () =>
    db.select().from(paymentChannels).orderBy(desc(paymentChannels.priority), asc(paymentChannels.id)),
  );
}

/** Drops the cached list (after a channel was created or changed). */
export function forgetChannels(): void {
  cache.forget('all');
}
