import type { Withdrawal, WithdrawalStatus } from '@kameng/shared';
import { and, eq } from 'drizzle-orm';
import { AppError } from '../../lib/app-error';
import { requireAdmin, withTx, type Ctx } from '../../lib/ctx';
import { assertTransition } from '../../lib/state-machine';
import { appendAudit } from '../audit/append-audit';
import { recordEvent } from '../events/record-event';
import { financeWithdrawals } from './schema';
import { getWithdrawalDto } from './withdrawal-dto';
import { withdrawalTransitions } from './withdrawal-state';

type Row = typeof financeWithdrawals.$inferSelect;

/**
 * The one way a withdrawal changes status (admin): locks the row, checks the declared transition
 * (WITHDRAWAL_STATE otherwise — a second approval, paying a rejected one …), runs the money `effect`
 * in the same transaction, writes with `WHERE status = from`, audits and records an event.
 */
export async function transitionWithdrawal(
  ctx: Ctx,
  id: string,
  to: WithdrawalStatus,
  change: { reason?: string; payoutReference?: string },
  effect?: (tx: Ctx, w: Row) => Promise<{ paidEntryId?: string } | void>,
): Promise<Withdrawal> {
  const admin = requireAdmin(ctx);
  return withTx(ctx, async (tx) => {
    const [w] = await tx.db
      .select()
      .from(financeWithdrawals)
      .where(eq(financeWithdrawals.id, id))
      .for('update');
    if (!w) throw new AppError('NOT_FOUND');
    assertTransition(withdrawalTransitions, w.status, to, 'WITHDRAWAL_STATE');
    const out = (await effect?.(tx, w)) ?? {};
    const final = to !== 'approved';
    const [updated] = await tx.db
      .update(financeWithdrawals)
      .set({
        status: to,
        ...(change.reason !== undefined ? { reason: change.reason } : {}),
        ...(change.payoutReference !== undefined ? { payoutReference: change.payoutReference } : {}),
        ...(out.paidEntryId ? { paidEntryId: out.paidEntryId } : {}),
        ...(w.status === 'requested' ? { reviewedBy: admin.userId, reviewedAt: tx.now() } : {}),
        ...(final ? { completedAt: tx.now() } : {}),
      })
      .where(and(eq(financeWithdrawals.id, id), eq(financeWithdrawals.status, w.status)))
      .returning({ id: financeWithdrawals.id });
    if (!updated) throw new AppError('WITHDRAWAL_STATE', { from: w.status, to });
    await appendAudit(tx, {
      action: `finance.withdrawal.${to}`,
      targetType: 'withdrawal',
      targetId: id,
      merchantId: w.merchantId,
      data: { from: w.status, to, amount: w.amount, fee: w.fee, ...change },
    });
    await recordEvent(tx, {
      type: `withdrawal.${to}`,
      merchantId: w.merchantId,
      subjectType: 'withdrawal',
      subjectId: id,
      payload: { amount: w.amount, fee: w.fee, ...change },
    });
    return getWithdrawalDto(tx.db, id);
  });
}
