import { and, eq } from 'drizzle-orm';
import { AppError } from '../../lib/app-error';
import { tenantOf, withTx, type Ctx } from '../../lib/ctx';
import { appendAudit } from '../audit/append-audit';
import { decryptKey } from './key-crypto';
import { cardKeys } from './schema';

/** Shows one key in clear text to the merchant (audited 'keys.reveal'); another merchant's is NOT_FOUND. */
export async function revealKey(ctx: Ctx, keyId: number): Promise<{ id: string; secret: string }> {
  const merchantId = tenantOf(ctx, 'keys.reveal');
  return withTx(ctx, async (tx) => {
    const [row] = await tx.db
      .select({ id: cardKeys.id, skuId: cardKeys.skuId, status: cardKeys.status, secret: cardKeys.secret })
      .from(cardKeys)
      .where(and(eq(cardKeys.id, keyId), eq(cardKeys.merchantId, merchantId)));
    if (!row) throw new AppError('NOT_FOUND');
    await appendAudit(tx, {
      action: 'keys.reveal',
      targetType: 'card_key',
      targetId: String(row.id),
      merchantId,
      data: { skuId: row.skuId, status: row.status },
    });
    return { id: String(row.id), secret: decryptKey(ctx.box, row.skuId, row.secret) };
  });
}
