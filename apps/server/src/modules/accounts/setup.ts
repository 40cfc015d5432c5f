import { eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { AppError } from '../../lib/app-error';
import { withTx, type Ctx } from '../../lib/ctx';
import { randomToken, safeEqual, sha256 } from '../../lib/crypto';
import { appendAudit } from '../audit/append-audit';
import { getSetting, putSetting } from '../settings/settings';
import { settings } from '../settings/schema';
import { createUser } from './create-user';
import { users } from './schema';

const SETUP_KEY = 'setup_token_sha256';

/** True while no platform admin exists (first run). */
export async function needsSetup(db: DbOrTx): Promise<boolean> {
  const [row] = await db.select({ id: users.id }).from(users).where(eq(users.isPlatformAdmin, true)).limit(1);
  return !row;
}

/** Issues a new one-time setup token (the previous one stops working); only its hash is stored. */
export async function issueSetupToken(db: DbOrTx): Promise<string> {
  const token = randomToken(24);
  await putSetting(db, SETUP_KEY, sha256(token).toString('hex'));
  return token;
}

/** Creates the first platform admin with the token printed at start-up; the token is then spent. */
export async function setupFirstAdmin(
  ctx: Ctx,
  input: { token: string; email: string; password: string; displayName: string },
): Promise<string> {
  return withTx(ctx, async (tx) => {
    await tx.db.execute(sql`SELECT pg_advisory_xact_lock(hashtextextended('kameng:setup', 0))`);
    if (!(await needsSetup(tx.db))) throw new AppError('SETUP_DONE');
    const stored = await getSetting<string>(tx.db, SETUP_KEY);
    if (!stored || !safeEqual(stored, sha256(input.token).toString('hex'))) {
      throw new AppError('SETUP_TOKEN_INVALID');
    }
    return insertAdmin(tx, input, 'platform.setup');
  });
}

/** Creates a platform admin from the operator's shell (`kameng admin create`). */
export async function createPlatformAdmin(
  ctx: Ctx,
  input: { email: string; password: string; displayName: string },
): Promise<string> {
  return withTx(ctx, (tx) => insertAdmin(tx, input, 'admin.create'));
}

/** Inserts a platform admin, spends any setup token and records who did it (in the caller's transaction). */
async function insertAdmin(
  tx: Ctx,
  input: { email: string; password: string; displayName: string },
  action: 'platform.setup' | 'admin.create',
): Promise<string> {
  const userId = await createUser(tx, {
    email: input.email,
    password: input.password,
    displayName: input.displayName,
    isPlatformAdmin: true,
  });
  await tx.db.delete(settings).where(eq(settings.key, SETUP_KEY));
  await appendAudit(tx, {
    action,
    targetType: 'user',
    targetId: userId,
    data: { email: input.email, role: 'platform_admin' },
  });
  return userId;
}
