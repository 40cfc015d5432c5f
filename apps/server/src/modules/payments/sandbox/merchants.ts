import type { SandboxFaults } from '@kameng/shared';
import type { Ctx } from '../../../lib/ctx';
import { safeEqual } from '../../../lib/crypto';
import { allChannels } from '../channel-cache';
import { channelConfig } from '../channels';

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
  for (const row of await allChannels(ctx.db)) {
    if (row.provider !== 'sandbox') continue;
    const c = channelConfig(ctx.box, row);
    if (c.credentials.mchId && c.credentials.key && safeEqual(c.credentials.mchId, mchId)) {
      const faults = (row.settings.faults ?? {}) as SandboxFaults;
      return { mchId, key: c.credentials.key, faults };
    }
  }
  return undefined;
}
