/**
 * The few hashing primitives the SDK needs, on Web Crypto (`globalThis.crypto.subtle`) so the same code
 * runs in Node ≥ 20, Deno, Bun, Cloudflare Workers and other edge or browser-server runtimes.
 */

const encoder = new TextEncoder();

// Derived from the global rather than the DOM lib, so the package type-checks with Node types alone.
type Subtle = typeof globalThis.crypto.subtle;
/** An imported HMAC-SHA256 key (a Web Crypto CryptoKey). */
export type HmacKey = Awaited<ReturnType<Subtle['importKey']>>;

function subtle(): Subtle {
  const s = globalThis.crypto?.subtle;
  if (!s)
    throw new Error(
      '@kameng/sdk needs Web Crypto (globalThis.crypto.subtle): use Node 20+ or an edge runtime',
    );
  return s;
}

/** UTF-8 bytes of a string (a Uint8Array passes through unchanged). */
export function toBytes(data: string | Uint8Array): Uint8Array<ArrayBuffer> {
  if (typeof data === 'string') return encoder.encode(data);
  // Copy into a plain ArrayBuffer view: Web Crypto rejects views over SharedArrayBuffer.
  return new Uint8Array(data);
}

/** Lower-case hex of bytes. */
export function toHex(buf: ArrayBuffer | Uint8Array): string {
  const bytes = buf instanceof Uint8Array ? buf : new Uint8Array(buf);
  let out = '';
  for (const b of bytes) out += b.toString(16).padStart(2, '0');
  return out;
}

/** Lower-case hex SHA-256 of a string's UTF-8 bytes or of raw bytes. */
export async function sha256Hex(data: string | Uint8Array): Promise<string> {
  return toHex(await subtle().digest('SHA-256', toBytes(data)));
}

/** Imports an HMAC-SHA256 key once, so many signatures with one secret skip the import. */
export function importHmacKey(secret: string): Promise<HmacKey> {
  return subtle().importKey('raw', toBytes(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
}

/** Lower-case hex HMAC-SHA256 of `data` with a secret (a string, or a key from importHmacKey). */
export async function hmacSha256Hex(secret: string | HmacKey, data: string | Uint8Array): Promise<string> {
  const key = typeof secret === 'string' ? await importHmacKey(secret) : secret;
  return toHex(await subtle().sign('HMAC', key, toBytes(data)));
}

/**
 * Compares two strings in time that depends only on their lengths, so a forger cannot learn a MAC
 * byte by byte from response times.
 */
export function timingSafeEqualString(a: string, b: string): boolean {
  const n = Math.max(a.length, b.length);
  let diff = a.length ^ b.length;
  for (let i = 0; i < n; i++) diff |= (a.charCodeAt(i) || 0) ^ (b.charCodeAt(i) || 0);
  return diff === 0;
}

/** A random nonce: 32 hex characters (128 bits), within the 16–64 `[A-Za-z0-9_-]` the server accepts. */
export function randomNonce(): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  return toHex(bytes);
}

/** A random idempotency key (a UUID v4: 36 characters of hex and `-`). */
export function randomIdempotencyKey(): string {
  return globalThis.crypto.randomUUID();
}
