import type { ResellerBalance, ResellerStatementQuery, StatementPage } from '@kameng/shared';
import { requireAdmin, type Ctx } from '../../lib/ctx';
import { accountStatement } from '../finance/account-statement';
import { getResellerBalance, resellerBalanceSpec } from './reseller-dto';
import { resellerOf } from './reseller-of';

/** The signed-in reseller's own prepaid balance. */
export async function getOwnResellerBalance(ctx: Ctx): Promise<ResellerBalance> {
  return getResellerBalance(ctx.db, await resellerOf(ctx));
}

/** The signed-in reseller's own statement: every movement of the prepaid balance, newest first. */
export async function getOwnResellerStatement(ctx: Ctx, q: ResellerStatementQuery): Promise<StatementPage> {
  return accountStatement(ctx.db, resellerBalanceSpec(await resellerOf(ctx)), q);
}

/** A reseller's statement for the admin. */
export async function getResellerStatement(
  ctx: Ctx,
  id: string,
  q: ResellerStatementQuery,
): Promise<StatementPage> {
  requireAdmin(ctx);
  return accountStatement(ctx.db, resellerBalanceSpec(id), q);
}
