import { eq } from 'drizzle-orm';
import { AppError } from '../../lib/app-error';
import type { Ctx } from '../../lib/ctx';
import { safeEqual } from '../../lib/crypto';
import { resellerAccounts } from '../resellers/schema';
import { openSecret } from './credential-secret';
import type { HostedParams } from './hosted-params';
import { apiCredentials } from './schema';
import { signCanonical, type ApiCallIdentity } from './verify-request';

/**
 * How far a link's timestamp may be from our clock. Wider than the API's ±300 s: a link is often
 * generated when the integrator's page is rendered and clicked minutes later by a person.
 */
export const HOSTED_LINK_WINDOW_SECONDS = 30 * 60;

/** The credential a verified link was signed with. */
export interface HostedSigner {
  credentialId: string;
  resellerId: string;
  userId: string;
}

/**
 * Checks that a hosted link was signed by an active live credential of a reseller with approved API
 * access, within the time window: `sign` = hex HMAC-SHA256(AppSecret, canonical query of the other
 * parameters), compared in constant time (the previous secret too during a rotation's overlap). Reads
 * only; the nonce is consumed by the caller in the transaction that acts on the link. `seen` gets the
 * credential once it is known, for the call log.
 */
export async function verifyHostedLink(
  ctx: Ctx,
  p: HostedParams,
  seen: ApiCallIdentity = {},
): Promise<HostedSigner> {
  const [row] = await ctx.db
    .select({ cred: apiCredentials, reseller: resellerAccounts })
    .from(apiCredentials)
    .innerJoin(resellerAccounts, eq(resellerAccounts.id, apiCredentials.resellerId))
    .where(eq(apiCredentials.appKey, p.appKey));
  if (!row) throw new AppError('API_KEY_UNKNOWN');
  const { cred, reseller } = row;
  Object.assign(seen, { credentialId: cred.id, resellerId: reseller.id, mode: cred.mode });
  const now = ctx.now();
  const skew = p.timestamp - Math.floor(now.getTime() / 1000);
  if (Math.abs(skew) > HOSTED_LINK_WINDOW_SECONDS) {
    throw new AppError('HOSTED_LINK_EXPIRED', { reason: skew < 0 ? 'too_old' : 'in_future' });
  }
  const secrets = [cred.secretEnc];
  if (cred.prevSecretEnc && cred.prevSecretExpiresAt && cred.prevSecretExpiresAt > now) {
    secrets.push(cred.prevSecretEnc);
  }
  const matches = secrets.some((enc) =>
    safeEqual(signCanonical(openSecret(ctx.box, cred.id, enc), p.canonical), p.sign),
  );
  if (!matches) throw new AppError('API_SIGNATURE_INVALID');
  if (cred.status !== 'active') throw new AppError('API_KEY_REVOKED');
  if (cred.expiresAt && cred.expiresAt <= now) throw new AppError('API_KEY_EXPIRED');
  if (reseller.status !== 'active' || reseller.apiStatus !== 'approved') {
    throw new AppError('API_ACCESS_SUSPENDED');
  }
  if (cred.mode !== 'live') throw new AppError('HOSTED_LIVE_KEY_REQUIRED');
  // Least privilege as for the API; the IP allow-list does not apply: the buyer's browser opens the link.
  if (!cred.scopes.includes('orders:write'))
    throw new AppError('API_SCOPE_MISSING', { scope: 'orders:write' });
  return { credentialId: cred.id, resellerId: reseller.id, userId: reseller.userId };
}
