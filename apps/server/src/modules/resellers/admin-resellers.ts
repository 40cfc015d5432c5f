import type { ResellerAccount } from '@kameng/shared';
import { desc, eq } from 'drizzle-orm';
import { AppError } from '../../lib/app-error';
import { requireAdmin, withTx, type Ctx } from '../../lib/ctx';
import { users } from '../accounts/schema';
import { appendAudit } from '../audit/append-audit';
import { resellerDto } from './reseller-dto';
import { resellerAccounts } from './schema';

/** Makes an existing user (by e-mail) a reseller (admin); one account per user (CONFLICT otherwise). Audited. */
export async function createReseller(
  ctx: Ctx,
  body: { email: string; name: string },
): Promise<ResellerAccount> {
  requireAdmin(ctx);
  return withTx(ctx, async (tx) => {
    const [user] = await tx.db
      .select({ id: users.id, email: users.email })
      .from(users)
      .where(eq(users.email, body.email));
    if (!user) throw new AppError('NOT_FOUND', { email: body.email });
    const [row] = await tx.db
      .insert(resellerAccounts)
      .values({ userId: user.id, name: body.name })
      .onConflictDoNothing({ target: resellerAccounts.userId })
      .returning();
    if (!row) throw new AppError('CONFLICT', { reason: 'already a reseller' });
    await appendAudit(tx, {
      action: 'reseller.create',
      targetType: 'reseller',
      targetId: row.id,
      data: { userId: user.id, email: user.email, name: body.name },
    });
    return resellerDto(tx.db, row, user.email);
  });
}

/** Every reseller with its balance (admin), newest first. */
export async function listResellers(ctx: Ctx, limit = 200): Promise<ResellerAccount[]> {
  requireAdmin(ctx);
  const rows = await ctx.db
    .select({ r: resellerAccounts, email: users.email })
    .from(resellerAccounts)
    .innerJoin(users, eq(users.id, resellerAccounts.userId))
    .orderBy(desc(resellerAccounts.createdAt))
    .limit(limit);
  const out: ResellerAccount[] = [];
  for (const { r, email } of rows) out.push(await resellerDto(ctx.db, r, email));
  return out;
}

/** One reseller with its balance (admin). */
export async function getReseller(ctx: Ctx, id: string): Promise<ResellerAccount> {
  requireAdmin(ctx);
  const [row] = await ctx.db
    .select({ r: resellerAccounts, email: users.email })
    .from(resellerAccounts)
    .innerJoin(users, eq(users.id, resellerAccounts.userId))
    .where(eq(resellerAccounts.id, id));
  if (!row) throw new AppError('NOT_FOUND');
  return resellerDto(ctx.db, row.r, row.email);
}

/** Suspends or reactivates a reseller (admin). Audited. */
export async function setResellerStatus(
  ctx: Ctx,
  id: string,
  status: 'active' | 'suspended',
): Promise<ResellerAccount> {
  requireAdmin(ctx);
  return withTx(ctx, async (tx) => {
    const [row] = await tx.db
      .update(resellerAccounts)
      .set({ status })
      .where(eq(resellerAccounts.id, id))
      .returning();
    if (!row) throw new AppError('NOT_FOUND');
    await appendAudit(tx, {
      action: 'reseller.status',
      targetType: 'reseller',
      targetId: id,
      data: { status },
    });
    return getReseller(tx, id);
  });
}
