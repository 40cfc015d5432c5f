import type { MerchantBalance } from '@kameng/shared';
import type { DbOrTx } from '../../db/client';
import { getBalance } from '../ledger/balances';

/**
 * A merchant's balance card from the ledger: pending (not settled), available (withdrawable, net of
 * withdrawal holds), withdrawing (held by withdrawals plus anything posted to the in-flight account)
 * and receivable (owed to the platform after refunds beyond the available balance).
 */
export async function getMerchantBalance(
  db: DbOrTx,
  merchantId: string,
  currency = 'CNY',
): Promise<MerchantBalance> {
  const spec = (
    type: 'merchant_pending' | 'merchant_available' | 'merchant_withdrawing' | 'merchant_receivable',
  ) => ({
    type,
    ownerId: merchantId,
    currency,
  });
  // Sequential: inside a transaction the queries share one connection.
  const pending = await getBalance(db, spec('merchant_pending'));
  const available = await getBalance(db, spec('merchant_available'));
  const withdrawing = await getBalance(db, spec('merchant_withdrawing'));
  const receivable = await getBalance(db, spec('merchant_receivable'));
  return {
    currency,
    pending: pending.posted,
    available: available.available,
    withdrawing: available.pending + withdrawing.posted,
    receivable: receivable.posted,
  };
}
