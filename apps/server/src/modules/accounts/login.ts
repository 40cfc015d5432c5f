import { eq, sql } from 'drizzle-orm';
import { AppError } from '../../lib/app-error';
import { withTx, type Ctx } from '../../lib/ctx';
import { appendAudit } from '../audit/append-audit';
import { hitRateLimit } from '../ratelimit/hit-rate-limit';
import { verifyPassword } from './password';
import { createSession, passMfa, type ResolvedSession } from './sessions';
import { users } from './schema';
import { checkSecondFactor } from './totp';

/** Consecutive failures (password or 2FA) before the account locks, and for how long. */
export const LOCKOUT_AFTER = 5;
export const LOCKOUT_MINUTES = 15;

/** Per-IP and per-e-mail attempt budgets (every attempt counts, right or wrong). */
const IP_LIMIT = { limit: 30, windowSeconds: 300 };
const EMAIL_LIMIT = { limit: 10, windowSeconds: 300 };

/** Outcome of the password step. */
export interface PasswordLogin {
  token: string;
  userId: string;
  mfaRequired: boolean;
}

/**
 * The password step of signing in. Every failure answers the same code whatever the cause (unknown
 * e-mail or wrong password); repeated failures lock the account, and attempts are rate-limited per IP
 * and per e-mail across all app processes.
 */
export async function loginWithPassword(
  ctx: Ctx,
  input: { email: string; password: string; userAgent?: string | undefined; ttlHours: number },
): Promise<PasswordLogin> {
  const now = ctx.now();
  for (const [key, rule] of [
    [`login:ip:${ctx.ip ?? '-'}`, IP_LIMIT],
    [`login:email:${input.email}`, EMAIL_LIMIT],
  ] as const) {
    const hit = await hitRateLimit(ctx.db, key, rule.limit, rule.windowSeconds, now);
    if (!hit.allowed) throw new AppError('RATE_LIMITED', { retryAfterSeconds: hit.retryAfterSeconds });
  }
  const [user] = await ctx.db.select().from(users).where(eq(users.email, input.email));
  if (user?.lockedUntil && user.lockedUntil > now) {
    throw new AppError('AUTH_LOCKED', {
      retryAfterSeconds: Math.ceil((user.lockedUntil.getTime() - now.getTime()) / 1000),
    });
  }
  if (!(await verifyPassword(user?.passwordHash, input.password)) || !user) {
    if (user) await recordFailure(ctx, user.id, 'password');
    throw new AppError('AUTH_INVALID_CREDENTIALS');
  }
  if (user.disabled) throw new AppError('AUTH_ACCOUNT_DISABLED');
  const mfaRequired = user.totpEnabledAt !== null;
  return withTx(ctx, async (tx) => {
    await tx.db.update(users).set({ failedLogins: 0, lockedUntil: null }).where(eq(users.id, user.id));
    const token = await createSession(tx.db, {
      userId: user.id,
      mfaPassed: !mfaRequired,
      ip: ctx.ip,
      userAgent: input.userAgent,
      ttlHours: input.ttlHours,
      now,
    });
    if (!mfaRequired) await audit(tx, user.id, user.email, 'password');
    return { token, userId: user.id, mfaRequired };
  });
}

/** The second step: a TOTP or recovery code for a session that passed the password step. */
export async function completeMfaLogin(ctx: Ctx, session: ResolvedSession, code: string): Promise<void> {
  const userId = session.actor.userId;
  const ok = await withTx(ctx, async (tx) => {
    const [user] = await tx.db.select().from(users).where(eq(users.id, userId)).for('update');
    if (!user) throw new AppError('AUTH_REQUIRED');
    if (user.lockedUntil && user.lockedUntil > ctx.now()) throw new AppError('AUTH_LOCKED');
    if (!(await checkSecondFactor(tx, user, code))) return false;
    await tx.db.update(users).set({ failedLogins: 0 }).where(eq(users.id, userId));
    await passMfa(tx.db, session.tokenHash);
    await audit(tx, userId, user.email, /^\d{6}$/.test(code) ? 'totp' : 'recovery_code');
    return true;
  });
  if (!ok) {
    await recordFailure(ctx, userId, 'mfa');
    throw new AppError('AUTH_MFA_INVALID');
  }
}

/** Counts a failure and locks the account when the count reaches LOCKOUT_AFTER (committed on its own). */
async function recordFailure(ctx: Ctx, userId: string, step: 'password' | 'mfa'): Promise<void> {
  await withTx(ctx, async (tx) => {
    const [row] = await tx.db
      .update(users)
      .set({ failedLogins: sql`${users.failedLogins} + 1` })
      .where(eq(users.id, userId))
      .returning({ failed: users.failedLogins, email: users.email });
    if (row && row.failed >= LOCKOUT_AFTER) {
      await tx.db
        .update(users)
        .set({ failedLogins: 0, lockedUntil: new Date(ctx.now().getTime() + LOCKOUT_MINUTES * 60_000) })
        .where(eq(users.id, userId));
      await appendAudit(tx, {
        action: 'auth.locked',
        targetType: 'user',
        targetId: userId,
        data: { email: row.email, step, minutes: LOCKOUT_MINUTES },
      });
    }
  });
}

function audit(ctx: Ctx, userId: string, email: string, method: string) {
  return appendAudit(
    { ...ctx, actor: { kind: 'user', userId, email, isPlatformAdmin: false, membership: null } },
    { action: 'auth.login', targetType: 'user', targetId: userId, data: { method } },
  );
}
