import type { MerchantPermission } from '@kameng/shared';
import { and, eq, gt, lt, ne } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import type { Actor } from '../../lib/ctx';
import { randomToken, sha256 } from '../../lib/crypto';
import { merchantMembers } from '../merchants/schema';
import { sessions, users } from './schema';

/** A session resolved from its cookie token. */
export interface ResolvedSession {
  tokenHash: Buffer;
  csrfToken: string;
  mfaPassed: boolean;
  /** A platform admin who has not enrolled 2FA yet: only enrolment is open to them. */
  mfaEnrolmentRequired: boolean;
  actor: Extract<Actor, { kind: 'user' }>;
  locale: 'zh-CN' | 'en';
}

/** Creates a session and returns the cookie token (only its hash is stored). */
export async function createSession(
  db: DbOrTx,
  input: {
    userId: string;
    mfaPassed: boolean;
    ip?: string | undefined;
    userAgent?: string | undefined;
    ttlHours: number;
    now: Date;
  },
): Promise<string> {
  const token = randomToken(32);
  await db.insert(sessions).values({
    tokenHash: sha256(token),
    userId: input.userId,
    csrfToken: randomToken(24),
    mfaPassed: input.mfaPassed,
    ip: input.ip ?? null,
    userAgent: input.userAgent?.slice(0, 300) ?? null,
    expiresAt: new Date(input.now.getTime() + input.ttlHours * 3600_000),
  });
  return token;
}

/** Looks a cookie token up; expired sessions, disabled users and unknown tokens give undefined. */
export async function resolveSession(
  db: DbOrTx,
  token: string,
  now: Date,
): Promise<ResolvedSession | undefined> {
  if (token.length < 20 || token.length > 100) return undefined;
  const tokenHash = sha256(token);
  const [row] = await db
    .select({
      csrfToken: sessions.csrfToken,
      mfaPassed: sessions.mfaPassed,
      lastSeenAt: sessions.lastSeenAt,
      userId: users.id,
      email: users.email,
      locale: users.locale,
      isPlatformAdmin: users.isPlatformAdmin,
      disabled: users.disabled,
      totpEnabledAt: users.totpEnabledAt,
      merchantId: merchantMembers.merchantId,
      role: merchantMembers.role,
      permissions: merchantMembers.permissions,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .leftJoin(merchantMembers, eq(merchantMembers.userId, users.id))
    .where(and(eq(sessions.tokenHash, tokenHash), gt(sessions.expiresAt, now)));
  if (!row || row.disabled) return undefined;
  // Touch at most once a minute: a read-mostly path should not write on every request.
  if (now.getTime() - row.lastSeenAt.getTime() > 60_000) {
    await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.tokenHash, tokenHash));
  }
  return {
    tokenHash,
    csrfToken: row.csrfToken,
    mfaPassed: row.mfaPassed,
    mfaEnrolmentRequired: row.isPlatformAdmin && row.totpEnabledAt === null,
    locale: row.locale,
    actor: {
      kind: 'user',
      userId: row.userId,
      email: row.email,
      isPlatformAdmin: row.isPlatformAdmin,
      membership:
        row.merchantId && row.role
          ? {
              merchantId: row.merchantId,
              role: row.role,
              permissions: (row.permissions ?? []) as MerchantPermission[],
            }
          : null,
    },
  };
}

/** Marks the second factor as passed and rotates the CSRF token. */
export async function passMfa(db: DbOrTx, tokenHash: Buffer): Promise<void> {
  await db
    .update(sessions)
    .set({ mfaPassed: true, csrfToken: randomToken(24) })
    .where(eq(sessions.tokenHash, tokenHash));
}

/** Ends one session. */
export async function revokeSession(db: DbOrTx, tokenHash: Buffer): Promise<void> {
  await db.delete(sessions).where(eq(sessions.tokenHash, tokenHash));
}

/** Ends every session of a user except (optionally) the current one. */
export async function revokeUserSessions(db: DbOrTx, userId: string, keep?: Buffer): Promise<void> {
  await db
    .delete(sessions)
    .where(
      keep ? and(eq(sessions.userId, userId), ne(sessions.tokenHash, keep)) : eq(sessions.userId, userId),
    );
}

/** Deletes expired sessions (maintenance job). */
export async function pruneSessions(db: DbOrTx, now: Date): Promise<number> {
  const res = await db.delete(sessions).where(lt(sessions.expiresAt, now));
  return res.rowCount ?? 0;
}
