import { createHmac } from 'node:crypto';
import { safeEqual } from '../../../lib/crypto';

/**
 * The sandbox protocol's signing string: every parameter except `sign` and `sign_type`, with a
 * non-empty string value, sorted by name (byte order), joined as `k=v&k=v` (values not URL-encoded).
 */
export function sandboxSignString(params: Record<string, string>): string {
  return Object.keys(params)
    .filter((k) => k !== 'sign' && k !== 'sign_type' && params[k] !== '')
    .sort()
    .map((k) => `${k}=${params[k]}`)
    .join('&');
}

/** The signature: lowercase hex HMAC-SHA256 of `signString + "&key=" + key`, keyed by the key. */
export function sandboxSign(params: Record<string, string>, key: string): string {
  if (!key) throw new Error('refusing to sign with an empty key');
  return createHmac('sha256', key)
    .update(`${sandboxSignString(params)}&key=${key}`)
    .digest('hex');
}

/** Verifies `params.sign` in constant time; an empty key or a missing signature never verifies. */
export function sandboxVerify(params: Record<string, string>, key: string): boolean {
  const given = params.sign;
  if (!key || typeof given !== 'string' || given === '') return false;
  return safeEqual(sandboxSign(params, key), given.toLowerCase());
}
