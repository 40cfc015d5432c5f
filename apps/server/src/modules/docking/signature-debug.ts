import {
  API_NONCE_PATTERN,
  API_TIMESTAMP_WINDOW_SECONDS,
  canonicalString,
  parseAuthorization,
  type SignatureDebugBody,
  type SignatureDebugResult,
  type SignatureProblem,
} from '@kameng/shared';
import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { Ctx } from '../../lib/ctx';
import { safeEqual } from '../../lib/crypto';
import { resellerOf } from '../resellers/reseller-of';
import { credentialState } from './credential-dto';
import { openSecret } from './credential-secret';
import { apiCredentials } from './schema';
import { signCanonical } from './verify-request';

/**
 * The signature debugger: recomputes what the server would for a pasted request — the canonical
 * string, the body hash, the expected signature (with the secret of the caller's own credential only;
 * another account's AppKey is reported as unknown) — and lists why it would be refused. The pasted
 * request is neither stored nor logged, and no nonce is spent.
 */
export async function debugSignature(ctx: Ctx, input: SignatureDebugBody): Promise<SignatureDebugResult> {
  const resellerId = await resellerOf(ctx);
  const problems: SignatureProblem[] = [];
  const body = input.body ?? '';
  const bodySha256 = createHash('sha256').update(body, 'utf8').digest('hex');
  const auth = parseAuthorization(input.authorization.trim());
  if (!auth) {
    return {
      canonicalString: null,
      bodySha256,
      expectedSignature: null,
      providedSignature: null,
      matches: false,
      matchedSecret: null,
      credential: null,
      clockSkewSeconds: null,
      problems: ['malformed_header'],
    };
  }
  if (!API_NONCE_PATTERN.test(auth.nonce)) problems.push('nonce_invalid');
  if (!/^[0-9a-fA-F]{64}$/.test(auth.signature)) problems.push('malformed_header');
  let clockSkewSeconds: number | null = null;
  if (!/^\d{1,12}$/.test(auth.timestamp)) problems.push('timestamp_invalid');
  else {
    clockSkewSeconds = Number(auth.timestamp) - Math.floor(ctx.now().getTime() / 1000);
    if (Math.abs(clockSkewSeconds) > API_TIMESTAMP_WINDOW_SECONDS) problems.push('timestamp_out_of_window');
  }
  const q = input.path.indexOf('?');
  const canonical = canonicalString({
    method: input.method,
    path: q < 0 ? input.path : input.path.slice(0, q),
    query: q < 0 ? '' : input.path.slice(q + 1),
    timestamp: auth.timestamp,
    nonce: auth.nonce,
    bodySha256,
  });
  const [c] = await ctx.db
    .select()
    .from(apiCredentials)
    .where(and(eq(apiCredentials.appKey, auth.appKey), eq(apiCredentials.resellerId, resellerId)));
  let expectedSignature: string | null = null;
  let matchedSecret: 'current' | 'previous' | null = null;
  if (!c) problems.push('unknown_key');
  else {
    const state = credentialState(c, ctx.now());
    if (state === 'revoked') problems.push('key_revoked');
    if (state === 'expired') problems.push('key_expired');
    const given = auth.signature.toLowerCase();
    expectedSignature = signCanonical(openSecret(ctx.box, c.id, c.secretEnc), canonical);
    if (safeEqual(expectedSignature, given)) matchedSecret = 'current';
    else if (c.prevSecretEnc && c.prevSecretExpiresAt && c.prevSecretExpiresAt > ctx.now()) {
      const previous = signCanonical(openSecret(ctx.box, c.id, c.prevSecretEnc), canonical);
      if (safeEqual(previous, given)) matchedSecret = 'previous';
    }
    if (!matchedSecret) problems.push('signature_mismatch');
  }
  return {
    canonicalString: canonical,
    bodySha256,
    expectedSignature,
    providedSignature: auth.signature,
    matches: matchedSecret !== null,
    matchedSecret,
    credential: c ? { id: c.id, name: c.name, mode: c.mode } : null,
    clockSkewSeconds,
    problems: [...new Set(problems)],
  };
}
