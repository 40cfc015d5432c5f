import {
  EMPTY_BODY_SHA256,
  canonicalString as buildCanonicalString,
  formatAuthorization,
} from '@kameng/shared';
import { hmacSha256Hex, sha256Hex, type HmacKey } from './web-crypto';

/** What signRequest needs: the request as it goes on the wire, plus the credential. */
export interface SignRequestInput {
  appKey: string;
  /** The AppSecret, or a key already imported with importHmacKey (faster when signing many requests). */
  appSecret: string | HmacKey;
  method: string;
  /** The URL path as sent, without the query (e.g. `/api/v1/products`). */
  path: string;
  /** The query string as sent, with or without the leading `?`; `''` when none. */
  query?: string;
  /** The exact body bytes sent (a JSON string or raw bytes); absent or `''` when there is no body. */
  body?: string | Uint8Array;
  /** Unix seconds. */
  timestamp: number | string;
  /** 16–64 characters of `[A-Za-z0-9_-]`, never reused within 300 s. */
  nonce: string;
}

/** Every intermediate value of a signature, so it can be shown or compared when debugging. */
export interface SignedRequest {
  /** The `Authorization` header value. */
  authorization: string;
  canonicalString: string;
  bodySha256: string;
  signature: string;
  timestamp: string;
  nonce: string;
}

/**
 * Signs one request: hashes the body, builds the canonical string (packages/shared api-signing.ts) and
 * HMAC-SHA256s it with the AppSecret. See docs/docking.md for a worked example.
 */
export async function signRequest(input: SignRequestInput): Promise<SignedRequest> {
  const timestamp = String(input.timestamp);
  const bodySha256 =
    input.body === undefined || input.body.length === 0 ? EMPTY_BODY_SHA256 : await sha256Hex(input.body);
  const canonical = buildCanonicalString({
    method: input.method,
    path: input.path,
    query: input.query ?? '',
    timestamp,
    nonce: input.nonce,
    bodySha256,
  });
  const signature = await hmacSha256Hex(input.appSecret, canonical);
  return {
    authorization: formatAuthorization({ appKey: input.appKey, timestamp, nonce: input.nonce, signature }),
    canonicalString: canonical,
    bodySha256,
    signature,
    timestamp,
    nonce: input.nonce,
  };
}
