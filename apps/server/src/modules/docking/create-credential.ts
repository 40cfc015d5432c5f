import {
  MAX_ACTIVE_CREDENTIALS,
  type ApiCredentialWithSecret,
  type CreateApiCredentialBody,
} from '@kameng/shared';
import { randomUUID } from 'node:crypto';
import { and, count, eq } from 'drizzle-orm';
import { AppError } from '../../lib/app-error';
import { withTx, type Ctx } from '../../lib/ctx';
import { appendAudit } from '../audit/append-audit';
import { lockApiAccess } from '../resellers/api-access';
import { resellerOf } from '../resellers/reseller-of';
import { credentialDto } from './credential-dto';
import { newAppKey, newAppSecret, sealSecret } from './credential-secret';
import { checkAllowList, checkExpiry } from './own-credential';
import { apiCredentials } from './schema';

/**
 * Creates an API credential for the signed-in reseller and returns its AppSecret this once (stored only
 * encrypted). A live credential needs approved API access; a sandbox one may be made as soon as access
 * is requested (pending), so the integrator can prepare — but requests only pass once access is
 * approved. At most MAX_ACTIVE_CREDENTIALS not-revoked credentials per reseller. Audited.
 */
export async function createCredential(
  ctx: Ctx,
  body: CreateApiCredentialBody,
): Promise<ApiCredentialWithSecret> {
  const resellerId = await resellerOf(ctx);
  const ipAllowList = checkAllowList(body.ipAllowList ?? []);
  const expiresAt = checkExpiry(body.expiresAt, ctx.now());
  return withTx(ctx, async (tx) => {
    // The reseller row lock serialises concurrent creates, so the limit holds.
    const apiStatus = await lockApiAccess(tx, resellerId);
    const allowed = body.mode === 'live' ? ['approved'] : ['pending', 'approved'];
    if (!apiStatus || !allowed.includes(apiStatus)) {
      throw new AppError('API_ACCESS_NOT_APPROVED', { apiStatus: apiStatus ?? 'none', mode: body.mode });
    }
    const [{ n } = { n: 0 }] = await tx.db
      .select({ n: count() })
      .from(apiCredentials)
      .where(and(eq(apiCredentials.resellerId, resellerId), eq(apiCredentials.status, 'active')));
    if (n >= MAX_ACTIVE_CREDENTIALS)
      throw new AppError('CREDENTIAL_LIMIT', { limit: MAX_ACTIVE_CREDENTIALS });
    const id = randomUUID();
    const appSecret = newAppSecret();
    const [row] = await tx.db
      .insert(apiCredentials)
      .values({
        id,
        resellerId,
        mode: body.mode,
        name: body.name,
        appKey: newAppKey(body.mode),
        secretEnc: sealSecret(tx.box, id, appSecret),
        scopes: [...body.scopes],
        ipAllowList,
        expiresAt,
        createdAt: tx.now(),
      })
      .returning();
    await appendAudit(tx, {
      action: 'api.credential.create',
      targetType: 'api_credential',
      targetId: id,
      data: { resellerId, mode: body.mode, name: body.name, scopes: body.scopes, ipAllowList, expiresAt },
    });
    return { credential: credentialDto(row!, tx.now()), appSecret };
  });
}
