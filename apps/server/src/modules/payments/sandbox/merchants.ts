import type { SandboxFaults } from '@kameng/shared';
import { eq } from 'drizzle-orm';
import type { Ctx } from '../../../lib/ctx';
import { safeEqual } from '../../../lib/crypto';
import { channelConfig } from '../channels';
import { paymentChannels } from '../schema';

/** A sandbox merchant: its key, and the faults its channel asks the gateway to inject. */
export interface SandboxMerchant {
  mchId: string;
  key: string;
  faults: SandboxFaults;
}

/**
 * The gateway's merchant book: the sandbox channels' credentials (in a real gateway this would be
 * the gateway's own account table). Bounded: sandbox channels are a handful.
 */
export async function findSandboxMerchant(ctx: Ctx, mchId: string): Promise<SandboxMerchant | undefined> {
  if (!mchId) return undefined;
  const rows = await ctx.db
    .select()
    .from(paymentChannels)
    .where(eq(paymentChannels.provider, 'sandbox'))
    .limit(100);
  for (const row of rows) {
    const c = channelConfig(ctx.box, row);
    if (c.credentials.mchId && c.credentials.key && safeEqual(c.credentials.mchId, mchId)) {
      const faults = (row.settings.faults ?? {}) as SandboxFaults;
      return { mchId, key: c.credentials.key, faults };
    }
  }
  return undefined;
}
