import { eq } from 'drizzle-orm';
import { AppError } from '../../lib/app-error';
import { requireUser, withTx, type Ctx } from '../../lib/ctx';
import { appendAudit } from '../audit/append-audit';
import { assertPasswordPolicy, hashPassword, verifyPassword } from './password';
import { users } from './schema';
import { revokeUserSessions } from './sessions';

/** Changes the signed-in user's password and ends their other sessions. */
export async function changePassword(
  ctx: Ctx,
  input: { currentPassword: string; newPassword: string; keepSession: Buffer },
): Promise<void> {
  const actor = requireUser(ctx);
  assertPasswordPolicy(input.newPassword, actor.email);
  const [user] = await ctx.db.select().from(users).where(eq(users.id, actor.userId));
  if (!user || !(await verifyPassword(user.passwordHash, input.currentPassword))) {
    throw new AppError('AUTH_WRONG_PASSWORD');
  }
  const passwordHash = await hashPassword(input.newPassword);
  await withTx(ctx, async (tx) => {
    await tx.db
      .update(users)
      .set({ passwordHash, passwordChangedAt: ctx.now() })
      .where(eq(users.id, user.id));
    await revokeUserSessions(tx.db, user.id, input.keepSession);
    await appendAudit(tx, { action: 'account.password_changed', targetType: 'user', targetId: user.id });
  });
}

/** Updates the signed-in user's display name or language. */
export async function updateProfile(
  ctx: Ctx,
  patch: { displayName?: string | undefined; locale?: 'zh-CN' | 'en' | undefined },
): Promise<void> {
  const actor = requireUser(ctx);
  const set = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
  if (Object.keys(set).length) await ctx.db.update(users).set(set).where(eq(users.id, actor.userId));
}
