import { eq } from 'drizzle-orm';
import { AppError } from '../../lib/app-error';
import { requireUser, type Ctx } from '../../lib/ctx';
import { verifyPassword } from './password';
import { users } from './schema';

/** Re-authentication for sensitive actions: the signed-in user's password, else AUTH_WRONG_PASSWORD. */
export async function verifyCurrentPassword(ctx: Ctx, password: string): Promise<void> {
  const user = requireUser(ctx);
  const [row] = await ctx.db
    .select({ hash: users.passwordHash })
    .from(users)
    .where(eq(users.id, user.userId));
  if (!(await verifyPassword(row?.hash, password))) throw new AppError('AUTH_WRONG_PASSWORD');
}
