import type { ResellerAccount, ResellerBalance } from '@kameng/shared';
import type { DbOrTx } from '../../db/client';
import { getBalance } from '../ledger/balances';
import type { resellerAccounts } from './schema';

/** The ledger spec of a reseller's prepaid balance. */
export const resellerBalanceSpec = (resellerId: string, currency = 'CNY') =>
  ({ type: 'reseller_balance', ownerId: resellerId, currency }) as const;

/** A reseller's prepaid balance (pending = reserved by API orders in flight). */
export async function getResellerBalance(
  db: DbOrTx,
  resellerId: string,
  currency = 'CNY',
): Promise<ResellerBalance> {
  const b = await getBalance(db, resellerBalanceSpec(resellerId, currency));
  return { currency, posted: b.posted, pending: b.pending, available: b.available };
}

/** The API shape of a reseller account with its balance. */
export async function resellerDto(
  db: DbOrTx,
  r: typeof resellerAccounts.$inferSelect,
  email: string,
): Promise<ResellerAccount> {
  return {
    id: r.id,
    userId: r.userId,
    email,
    name: r.name,
    status: r.status,
    balance: await getResellerBalance(db, r.id),
    createdAt: r.createdAt.toISOString(),
  };
}
