import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { safeEqual, SecretBox } from './crypto';

describe('SecretBox', () => {
  const box = new SecretBox(randomBytes(32));

  it('round-trips and never repeats a ciphertext (fresh nonce per value)', () => {
    const a = box.encrypt('CARD-1234-5678', 'key:1');
    const b = box.encrypt('CARD-1234-5678', 'key:1');
    expect(a.equals(b)).toBe(false);
    expect(a.includes(Buffer.from('CARD-1234'))).toBe(false);
    expect(box.decryptText(a, 'key:1')).toBe('CARD-1234-5678');
  });

  it('refuses a tampered ciphertext, a swapped purpose and another master key', () => {
    const c = box.encrypt('secret', 'totp:a');
    const tampered = Buffer.from(c);
    tampered[tampered.length - 1]! ^= 1;
    expect(() => box.decrypt(tampered, 'totp:a')).toThrow();
    expect(() => box.decrypt(c, 'totp:b')).toThrow();
    expect(() => new SecretBox(randomBytes(32)).decrypt(c, 'totp:a')).toThrow();
  });

  it('keyed hashes depend on the key and the purpose', () => {
    const other = new SecretBox(randomBytes(32));
    expect(box.mac('x', 'p').equals(box.mac('x', 'p'))).toBe(true);
    expect(box.mac('x', 'p').equals(box.mac('x', 'q'))).toBe(false);
    expect(box.mac('x', 'p').equals(other.mac('x', 'p'))).toBe(false);
    expect(box.keyCheck()).not.toBe(other.keyCheck());
  });

  it('rejects a master key of the wrong size', () => {
    expect(() => new SecretBox(randomBytes(16))).toThrow();
  });
});

describe('safeEqual', () => {
  it('is false for different lengths and for empty strings', () => {
    expect(safeEqual('abc', 'abc')).toBe(true);
    expect(safeEqual('abc', 'abd')).toBe(false);
    expect(safeEqual('abc', 'abcd')).toBe(false);
    expect(safeEqual('', '')).toBe(false);
  });
});
