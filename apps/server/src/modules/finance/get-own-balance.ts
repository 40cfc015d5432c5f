import type { MerchantBalance } from '@kameng/shared';
import { tenantOf, type Ctx } from '../../lib/ctx';
import { getMerchantBalance } from './merchant-balance';

/** The caller's merchant's balance card (finance.read). */
export async function getOwnBalance(ctx: Ctx): Promise<MerchantBalance> {
  return getMerchantBalance(ctx.db, tenantOf(ctx, 'finance.read'));
}
