/**
 * The open API's signing rules, shared by the server (verification) and the SDK (signing). Pure string
 * work only: the caller hashes (SHA-256 of the body) and MACs (HMAC-SHA256) with its own crypto, so this
 * file runs in Node, browsers and edge runtimes alike. docs/docking.md walks through a worked example.
 *
 * Request:  Authorization: KAMENG-HMAC-SHA256 AppKey=<key>,Timestamp=<unix s>,Nonce=<nonce>,Signature=<hex>
 * Webhook:  Kameng-Signature: t=<unix s>,v1=<hex HMAC-SHA256(endpoint secret, `${t}.${raw body}`)>
 */

/** The scheme word that opens the Authorization header and the canonical string. */
export const API_SIGNATURE_SCHEME = 'KAMENG-HMAC-SHA256';
/** Requests whose timestamp is further than this from the server's clock are refused (and nonces kept this long). */
export const API_TIMESTAMP_WINDOW_SECONDS = 300;
/** A nonce: 16–64 characters of letters, digits, `-` and `_`. */
export const API_NONCE_PATTERN = /^[A-Za-z0-9_-]{16,64}$/;
/** SHA-256 of zero bytes: the body hash of a request without a body. */
export const EMPTY_BODY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

/** RFC 3986 percent-encoding (unreserved characters kept; everything else as %XX of its UTF-8 bytes). */
export function encodeRfc3986(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * The canonical query: every `key=value` pair decoded, then re-encoded with encodeRfc3986, sorted by
 * key then value (byte order), joined with `&`. A key without `=` has an empty value. `''` when none.
 */
export function canonicalQuery(search: string): string {
  const raw = search.startsWith('?') ? search.slice(1) : search;
  if (!raw) return '';
  const pairs: [string, string][] = [];
  for (const part of raw.split('&')) {
    if (!part) continue;
    const i = part.indexOf('=');
    const k = i < 0 ? part : part.slice(0, i);
    const v = i < 0 ? '' : part.slice(i + 1);
    pairs.push([encodeRfc3986(decodeQueryPart(k)), encodeRfc3986(decodeQueryPart(v))]);
  }
  pairs.sort(([ak, av], [bk, bv]) => (ak < bk ? -1 : ak > bk ? 1 : av < bv ? -1 : av > bv ? 1 : 0));
  return pairs.map(([k, v]) => `${k}=${v}`).join('&');
}

function decodeQueryPart(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s; // a stray % is signed as sent
  }
}

/** What goes into a request signature. `path` is the URL path as sent, without the query. */
export interface CanonicalRequest {
  method: string;
  path: string;
  /** The query string as sent (with or without the leading `?`). */
  query: string;
  /** Unix seconds, as in the header. */
  timestamp: string;
  nonce: string;
  /** Lower-case hex SHA-256 of the raw body bytes (EMPTY_BODY_SHA256 when there is none). */
  bodySha256: string;
}

/** The string that is HMAC-SHA256-signed with the AppSecret: seven lines joined by `\n`. */
export function canonicalString(r: CanonicalRequest): string {
  return [
    API_SIGNATURE_SCHEME,
    r.method.toUpperCase(),
    r.path,
    canonicalQuery(r.query),
    r.timestamp,
    r.nonce,
    r.bodySha256.toLowerCase(),
  ].join('\n');
}

/** The parts of the Authorization header. */
export interface AuthorizationParts {
  appKey: string;
  timestamp: string;
  nonce: string;
  signature: string;
}

/** The Authorization header value for signed parts. */
export function formatAuthorization(p: AuthorizationParts): string {
  return `${API_SIGNATURE_SCHEME} AppKey=${p.appKey},Timestamp=${p.timestamp},Nonce=${p.nonce},Signature=${p.signature}`;
}

/**
 * Parses an Authorization header: `null` when it is not a KAMENG-HMAC-SHA256 header with exactly the
 * four fields (each once, any order, optional spaces after commas).
 */
export function parseAuthorization(header: string): AuthorizationParts | null {
  const prefix = `${API_SIGNATURE_SCHEME} `;
  if (!header.startsWith(prefix)) return null;
  const fields = new Map<string, string>();
  for (const part of header.slice(prefix.length).split(',')) {
    const m = /^\s*(AppKey|Timestamp|Nonce|Signature)=([^\s,=]+)\s*$/.exec(part);
    if (!m || fields.has(m[1]!)) return null;
    fields.set(m[1]!, m[2]!);
  }
  const [appKey, timestamp, nonce, signature] = ['AppKey', 'Timestamp', 'Nonce', 'Signature'].map((k) =>
    fields.get(k),
  );
  if (!appKey || !timestamp || !nonce || !signature) return null;
  return { appKey, timestamp, nonce, signature };
}

/** The header carrying a webhook's signature, and its value for a timestamp and hex MAC. */
export const WEBHOOK_SIGNATURE_HEADER = 'Kameng-Signature';
export function formatWebhookSignature(t: number, v1: string): string {
  return `t=${t},v1=${v1}`;
}
/** The string a webhook MAC is computed over. */
export function webhookSignedPayload(t: number | string, rawBody: string): string {
  return `${t}.${rawBody}`;
}
/** Parses `t=…,v1=…[,v1=…]` (several v1 while a secret is rotated); null when malformed. */
export function parseWebhookSignature(header: string): { t: number; v1: string[] } | null {
  let t: number | null = null;
  const v1: string[] = [];
  for (const part of header.split(',')) {
    const [k, v] = part.trim().split('=', 2);
    if (k === 't' && v && /^\d{1,12}$/.test(v)) t = Number(v);
    else if (k === 'v1' && v && /^[0-9a-f]{64}$/.test(v)) v1.push(v);
  }
  return t === null || v1.length === 0 ? null : { t, v1 };
}
