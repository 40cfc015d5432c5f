import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  epayMd5Sign,
  epayMd5Verify,
  epayPrivateKey,
  epayPublicKey,
  epayRsaSign,
  epayRsaVerify,
  epaySignString,
  epayTimestampFresh,
} from './epay-sign';

const KEY = 'KEY0123456789';
const spec = {
  pid: '1001',
  type: 'alipay',
  out_trade_no: '123',
  notify_url: 'http://a/n',
  return_url: 'http://a/r',
  name: 'VIP',
  money: '1.00',
  sign_type: 'MD5',
};

describe('易支付 V1 MD5 signing', () => {
  it('matches the spec example: md5(sorted k=v&… + KEY), no "&key="', () => {
    expect(epaySignString(spec, 'v1')).toBe(
      'money=1.00&name=VIP&notify_url=http://a/n&out_trade_no=123&pid=1001&return_url=http://a/r&type=alipay',
    );
    // md5sum of the string above followed by KEY, computed outside this code.
    expect(epayMd5Sign(spec, KEY)).toBe('c13955d73c0f0f7441469bd4ac8a10de');
  });

  it('skips only empty values: "0" and whitespace are signed, sign/sign_type are not', () => {
    const p = { b: 'x', a: '0', c: '  ', d: '', sign: 'zz', sign_type: 'MD5' };
    expect(epaySignString(p, 'v1')).toBe('a=0&b=x&c=  ');
    expect(epayMd5Sign(p, 'K')).toBe('8fc0371fb3a69018d6ca76d733ba06e0');
  });

  it('signs raw (not URL-encoded) UTF-8 values', () => {
    expect(epaySignString({ name: 'VIP会员 a&b', z: '1' }, 'v1')).toBe('name=VIP会员 a&b&z=1');
  });

  it('verifies its own signature (either case) and nothing altered', () => {
    const sign = epayMd5Sign(spec, KEY);
    expect(epayMd5Verify({ ...spec, sign }, KEY)).toBe(true);
    expect(epayMd5Verify({ ...spec, sign: sign.toUpperCase() }, KEY)).toBe(true);
    expect(epayMd5Verify({ ...spec, sign }, KEY + 'x')).toBe(false);
    expect(epayMd5Verify({ ...spec, money: '1.01', sign }, KEY)).toBe(false);
    expect(epayMd5Verify({ ...spec, extra: '1', sign }, KEY)).toBe(false);
    // An empty added field is outside the signature, as on the server.
    expect(epayMd5Verify({ ...spec, extra: '', sign }, KEY)).toBe(true);
    expect(epayMd5Verify({ ...spec, sign: '' }, KEY)).toBe(false);
    expect(epayMd5Verify(spec, KEY)).toBe(false);
  });

  it('never signs or verifies with an empty key', () => {
    expect(() => epayMd5Sign(spec, '')).toThrow();
    const emptyKeySign = epayMd5Sign(spec, 'x').replace(/./g, '0');
    expect(epayMd5Verify({ ...spec, sign: emptyKeySign }, '')).toBe(false);
  });
});

describe('易支付 V2 RSA signing', () => {
  const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pkcs8 = pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const spki = pair.publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const bare = (pem: string) => pem.replace(/-----[A-Z ]+-----|\s/g, '');

  it('drops whitespace-only values, arrays and objects; keeps numbers and "0"', () => {
    expect(epaySignString({ b: ' ', a: 0, c: [1], d: { x: 1 }, e: '0', f: null, sign: 's' }, 'v2')).toBe(
      'a=0&e=0',
    );
  });

  it('reads keys as PEM, single-line PEM and bare base64', () => {
    for (const text of [pkcs8, pkcs8.replace(/\n/g, ' '), bare(pkcs8)]) {
      expect(epayPrivateKey(text).asymmetricKeyType).toBe('rsa');
    }
    for (const text of [spki, spki.replace(/\n/g, '\\n'), bare(spki)]) {
      expect(epayPublicKey(text).asymmetricKeyType).toBe('rsa');
    }
    expect(() => epayPrivateKey('not a key')).toThrow();
    expect(() => epayPublicKey('')).toThrow();
  });

  it('SHA256withRSA: verifies with the matching public key only, over every signed field', () => {
    const p = { pid: '1001', money: '1.00', timestamp: '1700000000' };
    const sign = epayRsaSign(p, epayPrivateKey(bare(pkcs8)));
    expect(Buffer.from(sign, 'base64')).toHaveLength(256);
    expect(epayRsaVerify({ ...p, sign, sign_type: 'RSA' }, epayPublicKey(bare(spki)))).toBe(true);
    expect(epayRsaVerify({ ...p, money: '100', sign }, epayPublicKey(spki))).toBe(false);
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey;
    expect(epayRsaVerify({ ...p, sign }, other)).toBe(false);
    expect(epayRsaVerify({ ...p, sign: '' }, epayPublicKey(spki))).toBe(false);
    expect(epayRsaVerify({ ...p, sign: 'not base64!' }, epayPublicKey(spki))).toBe(false);
  });

  it('accepts timestamps within ±300 s only', () => {
    const now = 1_700_000_000_000;
    expect(epayTimestampFresh('1700000000', now)).toBe(true);
    expect(epayTimestampFresh(1_700_000_300, now)).toBe(true);
    expect(epayTimestampFresh('1699999699', now)).toBe(false);
    expect(epayTimestampFresh('1700000301', now)).toBe(false);
    expect(epayTimestampFresh('', now)).toBe(false);
    expect(epayTimestampFresh('1.7e9', now)).toBe(false);
  });
});
