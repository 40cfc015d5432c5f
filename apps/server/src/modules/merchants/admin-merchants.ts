import type { Merchant, MerchantStatus } from '@kameng/shared';
import { desc, eq } from 'drizzle-orm';
import { AppError } from '../../lib/app-error';
import { requireAdmin, tenantOf, withTx, type Ctx } from '../../lib/ctx';
import { assertTransition } from '../../lib/state-machine';
import { appendAudit } from '../audit/append-audit';
import { merchantTransitions } from './merchant-state';
import { merchants } from './schema';
import { merchantDto } from './to-dto';

/** Merchants for the platform admin, newest first, optionally by status. */
export async function listMerchants(
  ctx: Ctx,
  q: { status?: MerchantStatus | undefined; limit: number },
): Promise<Merchant[]> {
  requireAdmin(ctx);
  const rows = await ctx.db
    .select()
    .from(merchants)
    .where(q.status ? eq(merchants.status, q.status) : undefined)
    .orderBy(desc(merchants.createdAt))
    .limit(q.limit);
  return rows.map(merchantDto);
}

/** One merchant for the platform admin. */
export async function getMerchant(ctx: Ctx, id: string): Promise<Merchant> {
  requireAdmin(ctx);
  const [row] = await ctx.db.select().from(merchants).where(eq(merchants.id, id));
  if (!row) throw new AppError('NOT_FOUND');
  return merchantDto(row);
}

/** The signed-in member's own merchant. */
export async function getOwnMerchant(ctx: Ctx): Promise<Merchant> {
  const merchantId = tenantOf(ctx, null);
  const [row] = await ctx.db.select().from(merchants).where(eq(merchants.id, merchantId));
  if (!row) throw new AppError('NOT_FOUND');
  return merchantDto(row);
}

/** Activates, suspends or bans a merchant (admin), following the declared transitions; audited. */
export async function setMerchantStatus(
  ctx: Ctx,
  id: string,
  to: MerchantStatus,
  reason: string,
): Promise<Merchant> {
  requireAdmin(ctx);
  return withTx(ctx, async (tx) => {
    const [row] = await tx.db.select().from(merchants).where(eq(merchants.id, id)).for('update');
    if (!row) throw new AppError('NOT_FOUND');
    assertTransition(merchantTransitions, row.status, to, 'MERCHANT_STATUS_TRANSITION');
    const [updated] = await tx.db
      .update(merchants)
      .set({ status: to })
      .where(eq(merchants.id, id))
      .returning();
    await appendAudit(tx, {
      action: 'merchant.status_changed',
      targetType: 'merchant',
      targetId: id,
      merchantId: id,
      data: { from: row.status, to, reason },
    });
    return merchantDto(updated!);
  });
}
