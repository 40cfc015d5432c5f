import { randomBytes } from 'node:crypto';
import { randomToken, sha256 } from '../../lib/crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** A random order number: 'K' + 16 base32 characters (80 bits), neither guessable nor enumerable. */
export function newOrderNo(): string {
  const bytes = randomBytes(10);
  let bits = 0;
  let value = 0;
  let out = 'K';
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out;
}

/** A new result-page access token and the hash stored for it. */
export function newAccessToken(): { token: string; hash: Buffer } {
  const token = randomToken(24);
  return { token, hash: sha256(token) };
}
