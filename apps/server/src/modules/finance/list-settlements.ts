import type { SettlementItem } from '@kameng/shared';
import { and, desc, eq } from 'drizzle-orm';
import { tenantOf, type Ctx } from '../../lib/ctx';
import { financeSettlementItems } from './schema';
import { settlementItemDto } from './settlement-item-dto';

/** The caller's merchant's settlement items, newest first, optionally by status (finance.read). */
export async function listOwnSettlements(
  ctx: Ctx,
  q: { status?: SettlementItem['status'] | undefined; limit: number },
): Promise<SettlementItem[]> {
  const merchantId = tenantOf(ctx, 'finance.read');
  const rows = await ctx.db
    .select()
    .from(financeSettlementItems)
    .where(
      and(
        eq(financeSettlementItems.merchantId, merchantId),
        q.status ? eq(financeSettlementItems.status, q.status) : undefined,
      ),
    )
    .orderBy(desc(financeSettlementItems.createdAt))
    .limit(q.limit);
  return rows.map(settlementItemDto);
}
