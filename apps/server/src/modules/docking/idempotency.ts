import { createHash } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { preparedSql } from '../../db/prepared';
import { AppError } from '../../lib/app-error';
import { withTx, type Ctx } from '../../lib/ctx';
import { requireApiActor } from './api-actor';
import { apiIdempotency } from './schema';

/** How long a key is remembered (at least 24 h, as integrators are promised). */
export const IDEMPOTENCY_TTL_MS = 24 * 3600_000;

const KEY = /^[A-Za-z0-9_-]{1,64}$/;

/** The `Idempotency-Key` header checked: absent → undefined; malformed → IDEMPOTENCY_KEY_INVALID. */
export function parseIdempotencyKey(header: string | string[] | undefined): string | undefined {
  if (header === undefined) return undefined;
  if (typeof header !== 'string' || !KEY.test(header)) throw new AppError('IDEMPOTENCY_KEY_INVALID');
  return header;
}

/**
 * What identifies a request under a key: SHA-256 over its method, path and the SHA-256 (hex) of its
 * exact body bytes (the digest the signature check already computed, so the body is hashed once).
 */
export function idempotencyRequestHash(method: string, path: string, bodySha256Hex: string): Buffer {
  return createHash('sha256').update(`${method.toUpperCase()}\n${path}\n${bodySha256Hex}`).digest();
}

/** A response as sent (and as replayed under its key). */
export interface StoredResponse<T = unknown> {
  status: number;
  body: T;
}

/** The stored response is encrypted: an answer may carry card keys, which are never kept in clear. */
const aad = (credentialId: string, key: string) => `api-idem:${credentialId}:${key}`;

/**
 * Runs a write at most once per (credential, key) and replays its first answer. In one transaction
 * with the write: `INSERT … ON CONFLICT DO NOTHING` claims the key first, so a concurrent request with
 * the same key blocks on that row until the first commits, then finds it and gets the stored status and
 * body (`replayed: true`); the same key with another request (requestHash differs) is
 * IDEMPOTENCY_KEY_REUSED. When `fn` fails, the claim rolls back with its write, so a retry runs it
 * afresh (an error is not an answer worth keeping: the caller may fix the cause, e.g. top up). Keys
 * expire after IDEMPOTENCY_TTL_MS; an expired key is claimed anew.
 */
export async function withIdempotency<T>(
  ctx: Ctx,
  ref: { credentialId: string; key: string; requestHash: Buffer },
  fn: (tx: Ctx) => Promise<StoredResponse<T>>,
): Promise<StoredResponse<T> & { replayed: boolean }> {
  return withTx(ctx, async (tx) => {
    const now = tx.now();
    const expiresAt = new Date(now.getTime() + IDEMPOTENCY_TTL_MS);
    const claim = await claimKey(tx.db, {
      credentialId: ref.credentialId,
      key: ref.key,
      requestHash: ref.requestHash,
      now,
      expiresAt,
    });
    if (!claim.rows.length) {
      const [row] = await tx.db
        .select()
        .from(apiIdempotency)
        .where(and(eq(apiIdempotency.credentialId, ref.credentialId), eq(apiIdempotency.key, ref.key)));
      // The conflicting row committed (ON CONFLICT waited for it), so it is there and complete.
      if (!row) throw new AppError('INTERNAL', { reason: 'idempotency_row_missing' });
      if (!row.requestHash.equals(ref.requestHash)) throw new AppError('IDEMPOTENCY_KEY_REUSED');
      const enc = (row.response as { enc?: string }).enc;
      const body = enc
        ? (JSON.parse(tx.box.decryptText(Buffer.from(enc, 'base64'), aad(ref.credentialId, ref.key))) as T)
        : (null as T);
      return { status: row.statusCode, body, replayed: true };
    }
    const res = await fn(tx);
    const enc = tx.box.encrypt(JSON.stringify(res.body), aad(ref.credentialId, ref.key)).toString('base64');
    await storeAnswer(tx.db, {
      credentialId: ref.credentialId,
      key: ref.key,
      statusCode: res.status,
      response: JSON.stringify({ enc }),
    });
    return { ...res, replayed: false };
  });
}

// The claim and the answer of every keyed write, prepared (db/prepared.ts).
const p = (name: string) => sql.placeholder(name);
const claimKey = preparedSql<{ key: string }>(
  'api_idempotency_claim',
  sql`
    INSERT INTO api_idempotency AS i (credential_id, key, request_hash, status_code, response, created_at, expires_at)
    VALUES (${p('credentialId')}, ${p('key')}, ${p('requestHash')}, 0, 'null'::jsonb, ${p('now')}, ${p('expiresAt')})
    ON CONFLICT (credential_id, key) DO UPDATE
      SET request_hash = excluded.request_hash, status_code = 0, response = 'null'::jsonb,
        created_at = excluded.created_at, expires_at = excluded.expires_at
      WHERE i.expires_at <= ${p('now')}
    RETURNING key`,
);
const storeAnswer = preparedSql(
  'api_idempotency_answer',
  sql`UPDATE api_idempotency SET status_code = ${p('statusCode')}, response = ${p('response')}::jsonb
    WHERE credential_id = ${p('credentialId')} AND key = ${p('key')}`,
);

/** The parts of a signed API write that identify it under an Idempotency-Key. */
export interface ApiWriteRequest {
  method: string;
  /** The URL path, without the query. */
  path: string;
  /** SHA-256 (hex) of the exact body bytes, as the signature check computed it. */
  bodySha256: string;
  /** The `Idempotency-Key` header as received (checked here). */
  idempotencyKey: string | string[] | undefined;
}

/**
 * Runs an API write under the request's Idempotency-Key when it carries one (withIdempotency, keyed by
 * the calling credential), else simply once.
 */
export async function idempotentWrite<T>(
  ctx: Ctx,
  req: ApiWriteRequest,
  fn: (tx: Ctx) => Promise<StoredResponse<T>>,
): Promise<StoredResponse<T> & { replayed: boolean }> {
  const key = parseIdempotencyKey(req.idempotencyKey);
  if (!key) return { ...(await fn(ctx)), replayed: false };
  const requestHash = idempotencyRequestHash(req.method, req.path, req.bodySha256);
  return withIdempotency(ctx, { credentialId: requireApiActor(ctx).credentialId, key, requestHash }, fn);
}
