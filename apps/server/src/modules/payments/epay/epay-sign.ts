import { createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { safeEqual } from '../../../lib/crypto';

/** A notify or answer field as a signer sees it (JSON answers carry numbers and booleans). */
type SignValue = string | number | boolean | null | undefined | object;

/** V2 answers and notifies older or newer than this (seconds) are not believed. */
export const EPAY_TIMESTAMP_WINDOW_S = 300;

/** A value as PHP turns it into a string when concatenating (true → "1", false/null → ""). */
function phpString(v: SignValue): string | null {
  if (v === null || v === undefined || v === false) return '';
  if (v === true) return '1';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : null;
  return null; // arrays and objects are never signed
}

/**
 * The 易支付 signing string: every parameter but `sign` and `sign_type`, sorted by name in byte
 * order (ksort), joined as `k=v&k=v` with raw (not URL-encoded) values. V1 drops only empty values
 * (a "0" is signed); V2 also drops whitespace-only values, and both drop arrays / objects.
 */
export function epaySignString(params: Record<string, SignValue>, version: 'v1' | 'v2'): string {
  const parts: string[] = [];
  for (const k of Object.keys(params).sort(byBytes)) {
    if (k === 'sign' || k === 'sign_type') continue;
    const v = phpString(params[k]);
    if (v === null || v === '' || (version === 'v2' && v.trim() === '')) continue;
    parts.push(`${k}=${v}`);
  }
  return parts.join('&');
}

/** ksort compares bytes; JS sort compares UTF-16 units, which differs outside the BMP. */
function byBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

/** V1: lowercase hex md5 of `signString + key` (no `&`, no `key=`). Refuses an empty key. */
export function epayMd5Sign(params: Record<string, SignValue>, key: string): string {
  if (!key) throw new Error('refusing to sign with an empty key');
  return createHash('md5')
    .update(epaySignString(params, 'v1') + key, 'utf8')
    .digest('hex');
}

/** V1: verifies `params.sign` in constant time; an empty key or signature never verifies. */
export function epayMd5Verify(params: Record<string, string>, key: string): boolean {
  const given = params.sign;
  if (!key || typeof given !== 'string' || !/^[0-9a-fA-F]{32}$/.test(given)) return false;
  return safeEqual(epayMd5Sign(params, key), given.toLowerCase());
}

/** Re-wraps a PEM (or bare base64) key body at 64 columns: pasted keys often lose their line breaks. */
function pemBody(text: string): { label: string | null; body: string } {
  const m = /-----BEGIN ([A-Z ]+)-----([\s\S]*?)-----END \1-----/.exec(text.replace(/\\n/g, '\n'));
  const body = (m ? m[2]! : text).replace(/\s+/g, '');
  return { label: m ? m[1]! : null, body };
}

function toPem(label: string, body: string): string {
  return `-----BEGIN ${label}-----\n${body.match(/.{1,64}/g)?.join('\n') ?? ''}\n-----END ${label}-----\n`;
}

/**
 * The merchant's RSA private key from PEM or bare base64 (PKCS#8 as the 易支付 SDK expects; PKCS#1
 * accepted too). Throws on anything else.
 */
export function epayPrivateKey(text: string): KeyObject {
  const { label, body } = pemBody(text);
  if (!body || !/^[A-Za-z0-9+/]+=*$/.test(body)) throw new Error('not a base64 key');
  const key = label
    ? createPrivateKey(toPem(label, body))
    : tryKeys([
        () => createPrivateKey({ key: Buffer.from(body, 'base64'), format: 'der', type: 'pkcs8' }),
        () => createPrivateKey({ key: Buffer.from(body, 'base64'), format: 'der', type: 'pkcs1' }),
      ]);
  if (key.asymmetricKeyType !== 'rsa') throw new Error('not an RSA key');
  return key;
}

/** The platform's RSA public key from PEM or bare base64 (SPKI; PKCS#1 accepted too). */
export function epayPublicKey(text: string): KeyObject {
  const { label, body } = pemBody(text);
  if (!body || !/^[A-Za-z0-9+/]+=*$/.test(body)) throw new Error('not a base64 key');
  const key = label
    ? createPublicKey(toPem(label, body))
    : tryKeys([
        () => createPublicKey({ key: Buffer.from(body, 'base64'), format: 'der', type: 'spki' }),
        () => createPublicKey({ key: Buffer.from(body, 'base64'), format: 'der', type: 'pkcs1' }),
      ]);
  if (key.asymmetricKeyType !== 'rsa') throw new Error('not an RSA key');
  return key;
}

function tryKeys(attempts: (() => KeyObject)[]): KeyObject {
  let last: unknown;
  for (const attempt of attempts) {
    try {
      return attempt();
    } catch (err) {
      last = err;
    }
  }
  throw last instanceof Error ? last : new Error('invalid key');
}

/** V2: base64 SHA256withRSA (PKCS#1 v1.5) of the signing string. */
export function epayRsaSign(params: Record<string, SignValue>, privateKey: KeyObject): string {
  return sign('sha256', Buffer.from(epaySignString(params, 'v2'), 'utf8'), privateKey).toString('base64');
}

/** V2: verifies `params.sign` with the platform public key; a missing or malformed signature never verifies. */
export function epayRsaVerify(params: Record<string, SignValue>, publicKey: KeyObject): boolean {
  const given = params.sign;
  if (typeof given !== 'string' || !/^[A-Za-z0-9+/\s]+=*$/.test(given)) return false;
  const sig = Buffer.from(given.replace(/\s+/g, ''), 'base64');
  if (sig.length === 0) return false;
  try {
    return verify('sha256', Buffer.from(epaySignString(params, 'v2'), 'utf8'), publicKey, sig);
  } catch {
    return false;
  }
}

/** V2: whether a `timestamp` (Unix seconds, as string or number) is within ±300 s of `nowMs`. */
export function epayTimestampFresh(value: unknown, nowMs: number): boolean {
  const s = typeof value === 'number' ? String(value) : value;
  if (typeof s !== 'string' || !/^\d{1,12}$/.test(s)) return false;
  return Math.abs(Math.floor(nowMs / 1000) - Number(s)) <= EPAY_TIMESTAMP_WINDOW_S;
}
