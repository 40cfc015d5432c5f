import {
  API_NONCE_PATTERN,
  API_TIMESTAMP_WINDOW_SECONDS,
  canonicalString,
  parseAuthorization,
  type ApiMode,
  type ApiScope,
  type ApiVersion,
} from '@kameng/shared';
import { createHmac } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { prepared, preparedSql } from '../../db/prepared';
import { AppError } from '../../lib/app-error';
import type { Actor, Ctx } from '../../lib/ctx';
import { safeEqual } from '../../lib/crypto';
import { hitRateLimit } from '../ratelimit/hit-rate-limit';
import { resellerAccounts } from '../resellers/schema';
import { openSecret } from './credential-secret';
import { ipAllowed } from './ip-allow-list';
import { apiCredentials, apiRollout } from './schema';
import { servedVersion } from './served-version';

/** A signed request as received: the raw body bytes are hashed by the caller (SHA-256, lower-case hex). */
export interface SignedRequest {
  method: string;
  /** The URL path as sent, without the query. */
  path: string;
  /** The query string as sent (without `?`), '' when none. */
  query: string;
  authorization: string | undefined;
  bodySha256: string;
  ip: string | undefined;
  /** The scope the route needs (null: any valid credential). */
  scope: ApiScope | null;
}

/** What verification learnt, also when it refused: the call log records who called, where known. */
export interface ApiCallIdentity {
  credentialId?: string;
  resellerId?: string;
  mode?: ApiMode;
  version?: ApiVersion;
}

/** The actor of a verified open-API request. */
export type ApiActor = Extract<Actor, { kind: 'api' }>;

/** HMAC-SHA256 of the canonical string with a secret, lower-case hex. */
export function signCanonical(secret: string, canonical: string): string {
  return createHmac('sha256', secret).update(canonical).digest('hex');
}

/** The credential, its reseller and the rollout in one query: the hot path's only read. */
async function loadCredential(ctx: Ctx, appKey: string) {
  const [row] = await credentialByAppKey(ctx.db, { appKey });
  return row;
}

const credentialByAppKey = prepared('api_credential_by_app_key', (db) =>
  db
    .select({
      c: apiCredentials,
      userId: resellerAccounts.userId,
      resellerStatus: resellerAccounts.status,
      apiStatus: resellerAccounts.apiStatus,
      apiVersion: resellerAccounts.apiVersion,
      nextVersion: apiRollout.nextVersion,
      percent: apiRollout.percent,
      allowList: apiRollout.allowList,
    })
    .from(apiCredentials)
    .innerJoin(resellerAccounts, eq(resellerAccounts.id, apiCredentials.resellerId))
    .leftJoin(apiRollout, eq(apiRollout.id, 1))
    .where(eq(apiCredentials.appKey, sql.placeholder('appKey'))),
);

const p = (name: string) => sql.placeholder(name);
const nonceClaim = preparedSql<{ fresh: number }>(
  'api_nonce_claim',
  sql`
    WITH n AS (
      INSERT INTO api_nonces (credential_id, nonce, expires_at) VALUES (${p('credentialId')}, ${p('nonce')}, ${p('expiresAt')})
      ON CONFLICT (credential_id, nonce) DO UPDATE SET expires_at = EXCLUDED.expires_at
        WHERE api_nonces.expires_at < ${p('now')}
      RETURNING 1
    ), u AS (
      UPDATE api_credentials SET last_used_at = ${p('now')}
      WHERE id = ${p('credentialId')} AND EXISTS (SELECT 1 FROM n)
        AND (last_used_at IS NULL OR last_used_at < ${p('now')}::timestamptz - interval '60 seconds')
    )
    SELECT count(*)::int AS fresh FROM n`,
);

/**
 * Records the nonce (refusing a replay) and, once a minute at most, the credential's last use — one
 * round trip. An expired nonce row not yet pruned is reused: its timestamp could no longer pass.
 */
async function claimNonce(ctx: Ctx, credentialId: string, nonce: string, expiresAt: Date): Promise<boolean> {
  const res = await nonceClaim(ctx.db, { credentialId, nonce, expiresAt, now: ctx.now() });
  return (res.rows[0]?.fresh ?? 0) > 0;
}

/**
 * Verifies a signed open-API request and returns its actor, or throws the first failure's code in this
 * order: API_AUTH_MISSING, API_AUTH_MALFORMED, API_TIMESTAMP_INVALID, API_TIMESTAMP_EXPIRED,
 * API_KEY_UNKNOWN, API_KEY_REVOKED, API_KEY_EXPIRED, API_ACCESS_SUSPENDED, API_IP_NOT_ALLOWED,
 * API_SIGNATURE_INVALID, API_NONCE_REPLAYED, API_SCOPE_MISSING, API_RATE_LIMITED. The nonce is spent
 * only by a correctly signed request, so a forged one cannot burn a legitimate nonce. Nothing is cached:
 * a revoke or suspension applies to the very next request. `seen` is filled in as the caller becomes known.
 */
export async function verifyApiRequest(
  ctx: Ctx,
  req: SignedRequest,
  seen: ApiCallIdentity = {},
): Promise<ApiActor> {
  if (!req.authorization) throw new AppError('API_AUTH_MISSING');
  const auth = parseAuthorization(req.authorization);
  if (!auth || !API_NONCE_PATTERN.test(auth.nonce) || !/^[0-9a-fA-F]{64}$/.test(auth.signature)) {
    throw new AppError('API_AUTH_MALFORMED');
  }
  if (!/^\d{1,12}$/.test(auth.timestamp)) throw new AppError('API_TIMESTAMP_INVALID');
  const ts = Number(auth.timestamp);
  const nowMs = ctx.now().getTime();
  const skew = ts - Math.floor(nowMs / 1000);
  if (Math.abs(skew) > API_TIMESTAMP_WINDOW_SECONDS) {
    throw new AppError('API_TIMESTAMP_EXPIRED', { serverTime: Math.floor(nowMs / 1000) });
  }

  const row = await loadCredential(ctx, auth.appKey);
  if (!row) throw new AppError('API_KEY_UNKNOWN');
  const c = row.c;
  const version = servedVersion(
    { id: c.resellerId, apiVersion: row.apiVersion },
    row.nextVersion === null
      ? null
      : { nextVersion: row.nextVersion, percent: row.percent ?? 0, allowList: row.allowList ?? [] },
  );
  Object.assign(seen, { credentialId: c.id, resellerId: c.resellerId, mode: c.mode, version });
  if (c.status === 'revoked') throw new AppError('API_KEY_REVOKED');
  if (c.expiresAt && c.expiresAt.getTime() <= nowMs) throw new AppError('API_KEY_EXPIRED');
  if (row.resellerStatus !== 'active' || row.apiStatus !== 'approved') {
    throw new AppError('API_ACCESS_SUSPENDED');
  }
  if (!ipAllowed(c.ipAllowList, req.ip)) throw new AppError('API_IP_NOT_ALLOWED', { ip: req.ip ?? null });

  const canonical = canonicalString({
    method: req.method,
    path: req.path,
    query: req.query,
    timestamp: auth.timestamp,
    nonce: auth.nonce,
    bodySha256: req.bodySha256,
  });
  const given = auth.signature.toLowerCase();
  let valid = safeEqual(signCanonical(openSecret(ctx.box, c.id, c.secretEnc), canonical), given);
  if (!valid && c.prevSecretEnc && c.prevSecretExpiresAt && c.prevSecretExpiresAt.getTime() > nowMs) {
    valid = safeEqual(signCanonical(openSecret(ctx.box, c.id, c.prevSecretEnc), canonical), given);
  }
  if (!valid) throw new AppError('API_SIGNATURE_INVALID');

  // Kept until the timestamp leaves the window: after that the timestamp check refuses a replay.
  const nonceExpires = new Date((ts + API_TIMESTAMP_WINDOW_SECONDS) * 1000);
  if (!(await claimNonce(ctx, c.id, auth.nonce, nonceExpires))) throw new AppError('API_NONCE_REPLAYED');

  const scopes = c.scopes as ApiScope[];
  if (req.scope && !scopes.includes(req.scope)) {
    throw new AppError('API_SCOPE_MISSING', { required: req.scope });
  }
  const limit = await hitRateLimit(ctx.db, `api:${c.id}`, c.rateLimitPerMinute, 60, ctx.now());
  if (!limit.allowed) {
    throw new AppError('API_RATE_LIMITED', {
      limitPerMinute: c.rateLimitPerMinute,
      retryAfterSeconds: limit.retryAfterSeconds,
    });
  }
  return {
    kind: 'api',
    credentialId: c.id,
    resellerId: c.resellerId,
    userId: row.userId,
    mode: c.mode,
    scopes,
    version,
  };
}
