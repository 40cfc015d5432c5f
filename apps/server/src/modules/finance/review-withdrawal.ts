import type { Withdrawal } from '@kameng/shared';
import type { Ctx } from '../../lib/ctx';
import { voidHold } from '../ledger/holds';
import { transitionWithdrawal } from './transition-withdrawal';

/** Approves a requested withdrawal (admin); the money stays held until it is marked paid or failed. Audited. */
export async function approveWithdrawal(ctx: Ctx, id: string): Promise<Withdrawal> {
  return transitionWithdrawal(ctx, id, 'approved', {});
}

/** Rejects a requested withdrawal with a reason (admin): the hold is voided, the money available again. Audited. */
export async function rejectWithdrawal(ctx: Ctx, id: string, reason: string): Promise<Withdrawal> {
  return transitionWithdrawal(ctx, id, 'rejected', { reason }, async (tx, w) => {
    if (w.holdId) await voidHold(tx, w.holdId);
  });
}
