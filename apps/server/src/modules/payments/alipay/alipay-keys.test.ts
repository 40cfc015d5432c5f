import { createSign, createVerify, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { normalizePrivateKey, normalizePublicKey } from './alipay-keys';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const pem = (type: 'pkcs1' | 'pkcs8') => privateKey.export({ format: 'pem', type }).toString();
const bare = (s: string) => s.replace(/-----[^-]+-----|\s/g, '');
const spki = publicKey.export({ format: 'pem', type: 'spki' }).toString();
const pkcs1Public = publicKey.export({ format: 'pem', type: 'pkcs1' }).toString();

/** True when the normalized private key signs what the public key verifies. */
function pairs(priv: string, pub: string): boolean {
  const sig = createSign('RSA-SHA256').update('x').sign(priv, 'base64');
  return createVerify('RSA-SHA256').update('x').verify(pub, sig, 'base64');
}

describe('normalizePrivateKey', () => {
  it.each([
    ['PKCS#8 PEM', pem('pkcs8')],
    ['PKCS#1 PEM', pem('pkcs1')],
    ['bare PKCS#8 base64', bare(pem('pkcs8'))],
    ['bare PKCS#1 base64', bare(pem('pkcs1'))],
    ['bare base64 wrapped in lines and spaces', `  ${bare(pem('pkcs1')).replace(/(.{64})/g, '$1\n')}  `],
  ])('reads %s as the same PKCS#8 key', (_what, input) => {
    const out = normalizePrivateKey(input);
    expect(out).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(pairs(out!, spki)).toBe(true);
  });

  it.each([
    ['empty', ''],
    ['spaces', '   '],
    ['not base64', 'not a key!'],
    ['base64 of nothing useful', 'AAAA'],
    ['a public key', spki],
  ])('refuses %s', (_what, input) => {
    expect(normalizePrivateKey(input)).toBeNull();
  });
});

describe('normalizePublicKey', () => {
  it.each([
    ['SPKI PEM', spki],
    ['PKCS#1 PEM (RSA PUBLIC KEY)', pkcs1Public],
    ['bare SPKI base64 (as the Alipay console shows it)', bare(spki)],
    ['bare PKCS#1 base64', bare(pkcs1Public)],
  ])('reads %s', (_what, input) => {
    const out = normalizePublicKey(input);
    expect(out).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    expect(pairs(pem('pkcs8'), out!)).toBe(true);
  });

  it.each([
    ['empty', ''],
    ['garbage', 'hello'],
    ['a private key (never turned into its public half)', pem('pkcs8')],
    ['a bare private key', bare(pem('pkcs8'))],
  ])('refuses %s', (_what, input) => {
    expect(normalizePublicKey(input)).toBeNull();
  });
});
