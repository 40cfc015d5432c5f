import type { ResellerBalance } from '@kameng/shared';
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { AppError } from '../../lib/app-error';
import { requireAdmin, withTx, type Ctx } from '../../lib/ctx';
import { appendAudit } from '../audit/append-audit';
import { recordEvent } from '../events/record-event';
import { postEntry } from '../ledger/post-entry';
import { getResellerBalance, resellerBalanceSpec } from './reseller-dto';
import { resellerAccounts } from './schema';

/**
 * Credits a reseller's prepaid balance by hand (admin) for money received outside Kameng:
 * platform_equity → reseller_balance, the note as memo. Audited; a `reseller.balance_changed` event is
 * recorded for the reseller's webhooks. (Online top-ups come with checkout.)
 */
export async function topUpReseller(
  ctx: Ctx,
  resellerId: string,
  body: { amount: number; note: string },
): Promise<{ entryId: string; balance: ResellerBalance }> {
  requireAdmin(ctx);
  return withTx(ctx, async (tx) => {
    const [r] = await tx.db.select().from(resellerAccounts).where(eq(resellerAccounts.id, resellerId));
    if (!r) throw new AppError('NOT_FOUND');
    const id = randomUUID();
    const { entryId } = await postEntry(tx, {
      idempotencyKey: `reseller:${resellerId}:topup:${id}`,
      kind: 'reseller.topup',
      memo: body.note,
      reference: { type: 'reseller_topup', id },
      transfers: [
        { debit: { type: 'platform_equity' }, credit: resellerBalanceSpec(resellerId), amount: body.amount },
      ],
    });
    // Announced to the reseller's webhooks (balance.changed) by the relay.
    await recordEvent(tx, {
      type: 'reseller.balance_changed',
      subjectType: 'reseller',
      subjectId: resellerId,
      payload: { reason: 'top_up', amount: body.amount, entryId },
    });
    await appendAudit(tx, {
      action: 'reseller.topup',
      targetType: 'reseller',
      targetId: resellerId,
      data: { amount: body.amount, note: body.note, entryId },
    });
    return { entryId, balance: await getResellerBalance(tx.db, resellerId) };
  });
}
