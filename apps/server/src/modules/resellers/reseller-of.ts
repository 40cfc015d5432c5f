import { and, eq } from 'drizzle-orm';
import { AppError } from '../../lib/app-error';
import { requireUser, type Ctx } from '../../lib/ctx';
import { resellerAccounts } from './schema';

/** The signed-in user's active reseller account id, or AUTH_FORBIDDEN (the `reseller` access kind). */
export async function resellerOf(ctx: Ctx): Promise<string> {
  const user = requireUser(ctx);
  const [r] = await ctx.db
    .select({ id: resellerAccounts.id })
    .from(resellerAccounts)
    .where(and(eq(resellerAccounts.userId, user.userId), eq(resellerAccounts.status, 'active')));
  if (!r) throw new AppError('AUTH_FORBIDDEN');
  return r.id;
}
