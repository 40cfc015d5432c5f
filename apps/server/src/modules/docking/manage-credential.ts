import type {
  ApiCredential,
  ApiCredentialWithSecret,
  RotateApiCredentialBody,
  UpdateApiCredentialBody,
} from '@kameng/shared';
import { DEFAULT_ROTATION_OVERLAP_HOURS } from '@kameng/shared';
import { desc, eq } from 'drizzle-orm';
import { AppError } from '../../lib/app-error';
import { withTx, type Ctx } from '../../lib/ctx';
import { appendAudit } from '../audit/append-audit';
import { resellerOf } from '../resellers/reseller-of';
import { credentialDto } from './credential-dto';
import { newAppSecret, sealSecret } from './credential-secret';
import { checkAllowList, checkExpiry, lockOwnCredential } from './own-credential';
import { apiCredentials } from './schema';

/** The signed-in reseller's credentials, newest first (revoked ones included; never a secret). */
export async function listCredentials(ctx: Ctx): Promise<ApiCredential[]> {
  const resellerId = await resellerOf(ctx);
  const rows = await ctx.db
    .select()
    .from(apiCredentials)
    .where(eq(apiCredentials.resellerId, resellerId))
    .orderBy(desc(apiCredentials.createdAt));
  const now = ctx.now();
  return rows.map((r) => credentialDto(r, now));
}

/** Changes a credential's name, scopes, IP allow-list or expiry (only the fields given). Takes effect on the next request. Audited. */
export async function updateCredential(
  ctx: Ctx,
  id: string,
  body: UpdateApiCredentialBody,
): Promise<ApiCredential> {
  const resellerId = await resellerOf(ctx);
  const ipAllowList = body.ipAllowList === undefined ? undefined : checkAllowList(body.ipAllowList);
  const expiresAt = body.expiresAt === undefined ? undefined : checkExpiry(body.expiresAt, ctx.now());
  return withTx(ctx, async (tx) => {
    const cur = await lockOwnCredential(tx, resellerId, id);
    if (cur.status === 'revoked') throw new AppError('CONFLICT', { reason: 'credential revoked' });
    const set = {
      ...(body.name !== undefined ? { name: body.name } : {}),
      ...(body.scopes !== undefined ? { scopes: [...body.scopes] } : {}),
      ...(ipAllowList !== undefined ? { ipAllowList } : {}),
      ...(expiresAt !== undefined ? { expiresAt } : {}),
    };
    if (Object.keys(set).length === 0) return credentialDto(cur, tx.now());
    const [row] = await tx.db.update(apiCredentials).set(set).where(eq(apiCredentials.id, id)).returning();
    await appendAudit(tx, {
      action: 'api.credential.update',
      targetType: 'api_credential',
      targetId: id,
      data: {
        resellerId,
        before: {
          name: cur.name,
          scopes: cur.scopes,
          ipAllowList: cur.ipAllowList,
          expiresAt: cur.expiresAt,
        },
        after: set,
      },
    });
    return credentialDto(row!, tx.now());
  });
}

/**
 * Gives a credential a new secret (shown this once). The old one keeps working for `overlapHours`
 * (default 24; 0: it stops at once) so the integrator can deploy the new one without downtime. Only
 * one previous secret is kept: rotating again inside an overlap ends the older one. Audited.
 */
export async function rotateCredential(
  ctx: Ctx,
  id: string,
  body: RotateApiCredentialBody,
): Promise<ApiCredentialWithSecret> {
  const resellerId = await resellerOf(ctx);
  const hours = body.overlapHours ?? DEFAULT_ROTATION_OVERLAP_HOURS;
  return withTx(ctx, async (tx) => {
    const cur = await lockOwnCredential(tx, resellerId, id);
    if (cur.status === 'revoked') throw new AppError('CONFLICT', { reason: 'credential revoked' });
    const appSecret = newAppSecret();
    const overlapUntil = hours > 0 ? new Date(tx.now().getTime() + hours * 3600_000) : null;
    const [row] = await tx.db
      .update(apiCredentials)
      .set({
        secretEnc: sealSecret(tx.box, id, appSecret),
        prevSecretEnc: overlapUntil ? cur.secretEnc : null,
        prevSecretExpiresAt: overlapUntil,
      })
      .where(eq(apiCredentials.id, id))
      .returning();
    await appendAudit(tx, {
      action: 'api.credential.rotate',
      targetType: 'api_credential',
      targetId: id,
      data: { resellerId, overlapHours: hours, previousValidUntil: overlapUntil },
    });
    return { credential: credentialDto(row!, tx.now()), appSecret };
  });
}

/** Revokes a credential: its next request is refused (API_KEY_REVOKED); nothing caches it. Audited. */
export async function revokeCredential(ctx: Ctx, id: string): Promise<ApiCredential> {
  const resellerId = await resellerOf(ctx);
  return withTx(ctx, async (tx) => {
    const cur = await lockOwnCredential(tx, resellerId, id);
    if (cur.status === 'revoked') return credentialDto(cur, tx.now());
    const [row] = await tx.db
      .update(apiCredentials)
      .set({ status: 'revoked', revokedAt: tx.now(), prevSecretEnc: null, prevSecretExpiresAt: null })
      .where(eq(apiCredentials.id, id))
      .returning();
    await appendAudit(tx, {
      action: 'api.credential.revoke',
      targetType: 'api_credential',
      targetId: id,
      data: { resellerId, appKey: cur.appKey },
    });
    return credentialDto(row!, tx.now());
  });
}
