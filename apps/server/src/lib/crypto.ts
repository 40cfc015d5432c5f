import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto';

const VERSION = 1;

/**
 * Symmetric encryption of secrets at rest (card keys, TOTP secrets, API secrets, channel credentials):
 * AES-256-GCM with a fresh 96-bit nonce per value. Output: version(1) | nonce(12) | tag(16) | ciphertext.
 * `aad` binds a ciphertext to its purpose (e.g. 'totp:<userId>') so it cannot be swapped between rows.
 */
export class SecretBox {
  readonly #encKey: Buffer;
  readonly #macKey: Buffer;

  constructor(masterKey: Buffer) {
    if (masterKey.length !== 32) throw new Error('master key must be 32 bytes');
    // Separate sub-keys for encryption and for keyed hashes, derived from the master key.
    this.#encKey = createHmac('sha256', masterKey).update('kameng:enc:v1').digest();
    this.#macKey = createHmac('sha256', masterKey).update('kameng:mac:v1').digest();
  }

  encrypt(plain: string | Buffer, aad: string): Buffer {
    const nonce = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.#encKey, nonce);
    cipher.setAAD(Buffer.from(aad));
    const body = Buffer.concat([cipher.update(plain), cipher.final()]);
    return Buffer.concat([Buffer.from([VERSION]), nonce, cipher.getAuthTag(), body]);
  }

  decrypt(box: Buffer, aad: string): Buffer {
    if (box.length < 29 || box[0] !== VERSION) throw new Error('unknown ciphertext format');
    const decipher = createDecipheriv('aes-256-gcm', this.#encKey, box.subarray(1, 13));
    decipher.setAAD(Buffer.from(aad));
    decipher.setAuthTag(box.subarray(13, 29));
    return Buffer.concat([decipher.update(box.subarray(29)), decipher.final()]);
  }

  decryptText(box: Buffer, aad: string): string {
    return this.decrypt(box, aad).toString('utf8');
  }

  /** A keyed hash (HMAC-SHA256) for finding equal secrets without storing them. */
  mac(value: string | Buffer, purpose: string): Buffer {
    return createHmac('sha256', this.#macKey).update(purpose).update('\0').update(value).digest();
  }

  /** A value stored in the database to detect a master key that does not match the data. */
  keyCheck(): string {
    return this.mac('key-check', 'kameng').toString('hex').slice(0, 32);
  }
}

/** SHA-256 as a Buffer. */
export function sha256(value: string | Buffer): Buffer {
  return createHash('sha256').update(value).digest();
}

/** A URL-safe random token with `bytes` bytes of entropy. */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** Constant-time comparison of two strings (false when lengths differ). */
export function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && ab.length > 0 && timingSafeEqual(ab, bb);
}
