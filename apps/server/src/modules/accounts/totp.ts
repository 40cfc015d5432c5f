import { and, eq, isNull } from 'drizzle-orm';
import { Secret, TOTP } from 'otpauth';
import QRCode from 'qrcode';
import type { TotpSetup } from '@kameng/shared';
import { AppError } from '../../lib/app-error';
import { requireUser, withTx, type Ctx } from '../../lib/ctx';
import { appendAudit } from '../audit/append-audit';
import { verifyPassword } from './password';
import { recoveryCodes, users } from './schema';

const PERIOD = 30;
const RECOVERY_CODES = 10;
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

const aad = (userId: string) => `totp:${userId}`;

function totpFor(secret: string, label: string): TOTP {
  return new TOTP({
    issuer: 'Kameng',
    label,
    algorithm: 'SHA1',
    digits: 6,
    period: PERIOD,
    secret: Secret.fromBase32(secret),
  });
}

/** Starts enrolment: a new secret (stored encrypted, not yet active), its otpauth URL and QR code. */
export async function beginTotp(ctx: Ctx): Promise<TotpSetup> {
  const actor = requireUser(ctx);
  const [user] = await ctx.db.select().from(users).where(eq(users.id, actor.userId));
  if (!user) throw new AppError('AUTH_REQUIRED');
  if (user.totpEnabledAt) throw new AppError('MFA_ALREADY_ENABLED');
  const secret = new Secret({ size: 20 }).base32;
  await ctx.db
    .update(users)
    .set({ totpSecret: ctx.box.encrypt(secret, aad(user.id)), totpLastStep: null })
    .where(eq(users.id, user.id));
  const otpauthUrl = totpFor(secret, user.email).toString();
  return { secret, otpauthUrl, qrDataUrl: await QRCode.toDataURL(otpauthUrl, { margin: 1, width: 220 }) };
}

/** Confirms enrolment with a first code; returns the recovery codes (shown once, stored hashed). */
export async function enableTotp(ctx: Ctx, code: string): Promise<{ recoveryCodes: string[] }> {
  const actor = requireUser(ctx);
  return withTx(ctx, async (tx) => {
    const [user] = await tx.db.select().from(users).where(eq(users.id, actor.userId)).for('update');
    if (!user) throw new AppError('AUTH_REQUIRED');
    if (user.totpEnabledAt) throw new AppError('MFA_ALREADY_ENABLED');
    if (!user.totpSecret) throw new AppError('MFA_NOT_STARTED');
    const step = matchTotp(ctx, user, code);
    if (step === null) throw new AppError('AUTH_MFA_INVALID');
    await tx.db
      .update(users)
      .set({ totpEnabledAt: ctx.now(), totpLastStep: step })
      .where(eq(users.id, user.id));
    const codes = Array.from({ length: RECOVERY_CODES }, () => `${randomWord(5)}-${randomWord(5)}`);
    await tx.db.delete(recoveryCodes).where(eq(recoveryCodes.userId, user.id));
    await tx.db
      .insert(recoveryCodes)
      .values(codes.map((c) => ({ userId: user.id, codeHash: ctx.box.mac(c, 'recovery') })));
    await appendAudit(tx, { action: 'account.2fa_enabled', targetType: 'user', targetId: user.id });
    return { recoveryCodes: codes };
  });
}

/** Turns 2FA off (not allowed for platform admins); needs the password and a current code. */
export async function disableTotp(ctx: Ctx, password: string, code: string): Promise<void> {
  const actor = requireUser(ctx);
  if (actor.isPlatformAdmin) throw new AppError('MFA_REQUIRED_FOR_ADMIN');
  await withTx(ctx, async (tx) => {
    const [user] = await tx.db.select().from(users).where(eq(users.id, actor.userId)).for('update');
    if (!user?.totpEnabledAt) throw new AppError('MFA_NOT_STARTED');
    if (!(await verifyPassword(user.passwordHash, password))) throw new AppError('AUTH_WRONG_PASSWORD');
    if (!(await checkSecondFactor(tx, user, code))) throw new AppError('AUTH_MFA_INVALID');
    await tx.db
      .update(users)
      .set({ totpEnabledAt: null, totpSecret: null, totpLastStep: null })
      .where(eq(users.id, user.id));
    await tx.db.delete(recoveryCodes).where(eq(recoveryCodes.userId, user.id));
    await appendAudit(tx, { action: 'account.2fa_disabled', targetType: 'user', targetId: user.id });
  });
}

type UserRow = typeof users.$inferSelect;

/**
 * Accepts a TOTP code (±1 step, never a step already used) or an unused recovery code, consuming it.
 * Must run in a transaction holding the user row.
 */
export async function checkSecondFactor(ctx: Ctx, user: UserRow, code: string): Promise<boolean> {
  if (/^\d{6}$/.test(code)) {
    const step = matchTotp(ctx, user, code);
    if (step === null || (user.totpLastStep !== null && step <= user.totpLastStep)) return false;
    await ctx.db.update(users).set({ totpLastStep: step }).where(eq(users.id, user.id));
    return true;
  }
  const used = await ctx.db
    .update(recoveryCodes)
    .set({ usedAt: ctx.now() })
    .where(
      and(
        eq(recoveryCodes.userId, user.id),
        eq(recoveryCodes.codeHash, ctx.box.mac(code.toLowerCase(), 'recovery')),
        isNull(recoveryCodes.usedAt),
      ),
    )
    .returning({ id: recoveryCodes.id });
  return used.length === 1;
}

/** The time step a code matches (±1 step of clock drift), or null. */
function matchTotp(ctx: Ctx, user: UserRow, code: string): number | null {
  if (!user.totpSecret) return null;
  const secret = ctx.box.decryptText(user.totpSecret, aad(user.id));
  const now = ctx.now().getTime();
  const delta = totpFor(secret, user.email).validate({ token: code, timestamp: now, window: 1 });
  return delta === null ? null : Math.floor(now / 1000 / PERIOD) + delta;
}

function randomWord(n: number): string {
  const bytes = crypto.getRandomValues(new Uint8Array(n));
  return Array.from(bytes, (b) => ALPHABET[b % ALPHABET.length]).join('');
}
