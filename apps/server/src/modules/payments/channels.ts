import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import type { SecretBox } from '../../lib/crypto';
import type { ChannelConfig } from './provider';
import { paymentChannels } from './schema';

export type ChannelRow = typeof paymentChannels.$inferSelect;

/** The AAD binding a channel's encrypted credentials to it. */
export const channelAad = (id: string) => `channel:${id}`;

/**
 * Configs already decrypted, per row object: the cached channel list (channel-cache) hands out the same
 * rows for 2 s, and checkout and callbacks decrypt channels several times per order.
 */
const decrypted = new WeakMap<ChannelRow, { box: SecretBox; config: ChannelConfig }>();

/** Decrypts a channel row into what providers see (credentials never leave this process). */
export function channelConfig(box: SecretBox, row: ChannelRow): ChannelConfig {
  const hit = decrypted.get(row);
  if (hit?.box === box) return hit.config;
  const config = decryptConfig(box, row);
  decrypted.set(row, { box, config });
  return config;
}

function decryptConfig(box: SecretBox, row: ChannelRow): ChannelConfig {
  let credentials: Record<string, string> = {};
  try {
    const parsed: unknown = JSON.parse(box.decryptText(row.credentials, channelAad(row.id)));
    if (parsed && typeof parsed === 'object') {
      credentials = Object.fromEntries(
        Object.entries(parsed as Record<string, unknown>).filter(([, v]) => typeof v === 'string'),
      ) as Record<string, string>;
    }
  } catch {
    credentials = {}; // undecryptable credentials verify nothing (empty key)
  }
  return { id: row.id, provider: row.provider, method: row.method, credentials, settings: row.settings };
}

/** A channel row by id, or undefined. */
export async function findChannel(db: DbOrTx, id: string): Promise<ChannelRow | undefined> {
  const [row] = await db.select().from(paymentChannels).where(eq(paymentChannels.id, id));
  return row;
}
