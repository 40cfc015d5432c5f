import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  answerMessage,
  authorization,
  decryptResource,
  encryptResource,
  loadPublicKey,
  parseAuthorization,
  requestMessage,
  rsaSign,
  rsaVerify,
  strictBase64,
  verifyPlatformSignature,
} from './wechatpay-sign';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const other = generateKeyPairSync('rsa', { modulusLength: 2048 });

describe('wechatpay v3 signing messages', () => {
  it('signs METHOD, path+query, timestamp, nonce and body, each followed by a newline', () => {
    expect(
      requestMessage('GET', '/v3/pay/transactions/out-trade-no/K1?mchid=1900000001', '1554208460', 'N1', ''),
    ).toBe('GET\n/v3/pay/transactions/out-trade-no/K1?mchid=1900000001\n1554208460\nN1\n\n');
    expect(requestMessage('POST', '/v3/pay/transactions/native', '1', 'N', '{"a":1}')).toBe(
      'POST\n/v3/pay/transactions/native\n1\nN\n{"a":1}\n',
    );
    expect(answerMessage('1554209980', 'c5ac7061fccab6bf3e254dcf98995b8c', '{"code_url":"x"}')).toBe(
      '1554209980\nc5ac7061fccab6bf3e254dcf98995b8c\n{"code_url":"x"}\n',
    );
  });

  it('builds the Authorization header the gateway verifies over exactly that message', () => {
    const req = { method: 'POST', pathAndQuery: '/v3/refund/domestic/refunds', body: '{"x":"退"}' };
    const h = authorization(
      { mchId: '1900000001', serialNo: 'ABC123', privateKey },
      req,
      '1700000000',
      'NONCE42',
    );
    expect(h).toMatch(
      /^WECHATPAY2-SHA256-RSA2048 mchid="1900000001",nonce_str="NONCE42",signature="[A-Za-z0-9+/]+={0,2}",timestamp="1700000000",serial_no="ABC123"$/,
    );
    const a = parseAuthorization(h)!;
    expect(a).toMatchObject({
      mchid: '1900000001',
      nonce_str: 'NONCE42',
      timestamp: '1700000000',
      serial_no: 'ABC123',
    });
    const msg = requestMessage(req.method, req.pathAndQuery, '1700000000', 'NONCE42', req.body);
    expect(rsaVerify(msg, a.signature!, publicKey)).toBe(true);
    expect(rsaVerify(msg.replace('退', '腿'), a.signature!, publicKey)).toBe(false);
    expect(rsaVerify(msg, a.signature!, other.publicKey)).toBe(false);
    expect(parseAuthorization(h.replace('WECHATPAY2-SHA256-RSA2048', 'WECHATPAY2-SM2-WITH-SM3'))).toBeNull();
    expect(parseAuthorization(`${h},mchid="2"`)).toBeNull();
  });

  it('decodes only strict base64', () => {
    expect(strictBase64('AAAA')).toEqual(Buffer.from([0, 0, 0]));
    for (const bad of ['', 'AAA', 'AA AA', 'AA-_', 'AAAA, AAAA', 'WECHATPAY/SIGNTEST/AAAA'])
      expect(strictBase64(bad)).toBeNull();
  });
});

describe('platform signature verification', () => {
  const platform = { serial: 'PUB_KEY_ID_1', key: publicKey };
  const now = 1_700_000_000;
  const signed = (body: string, ts = String(now), key = privateKey) => ({
    timestamp: ts,
    nonce: 'n0',
    signature: rsaSign(answerMessage(ts, 'n0', body), key),
    serial: 'PUB_KEY_ID_1',
  });
  it('holds for the platform key, the serial and a fresh timestamp only', () => {
    expect(verifyPlatformSignature(signed('{}'), '{}', platform, now)).toBeNull();
    expect(verifyPlatformSignature(signed('{}'), '{} ', platform, now)).toBe('signature_invalid');
    expect(verifyPlatformSignature(signed('{}', String(now), other.privateKey), '{}', platform, now)).toBe(
      'signature_invalid',
    );
    expect(verifyPlatformSignature({ ...signed('{}'), serial: 'PUB_KEY_ID_2' }, '{}', platform, now)).toBe(
      'serial_mismatch',
    );
    expect(verifyPlatformSignature(signed('{}', String(now - 301)), '{}', platform, now)).toBe(
      'timestamp_expired',
    );
    expect(verifyPlatformSignature(signed('{}', String(now + 301)), '{}', platform, now)).toBe(
      'timestamp_expired',
    );
    expect(verifyPlatformSignature(signed('{}', String(now - 300)), '{}', platform, now)).toBeNull();
    expect(verifyPlatformSignature(signed('{}', '1.7e9'), '{}', platform, now)).toBe('header_malformed');
  });
  it('rejects arrays and missing headers, and verifies nothing without a key or serial', () => {
    const s = signed('{}');
    expect(verifyPlatformSignature({ ...s, signature: [s.signature] }, '{}', platform, now)).toBe(
      'header_types',
    );
    expect(verifyPlatformSignature({ ...s, nonce: undefined }, '{}', platform, now)).toBe('header_types');
    expect(verifyPlatformSignature(s, '{}', { ...platform, key: null }, now)).toBe('key_empty');
    expect(verifyPlatformSignature(s, '{}', { ...platform, serial: '' }, now)).toBe('key_empty');
    expect(loadPublicKey('')).toBeNull();
    expect(loadPublicKey('not a key')).toBeNull();
  });
  it('loads the platform key from a PEM, from a PEM pasted on one line and from bare base64', () => {
    const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const der = publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
    for (const text of [pem, pem.replace(/\n/g, ' '), der]) {
      expect(loadPublicKey(text)?.equals(publicKey)).toBe(true);
    }
  });
});

describe('AEAD_AES_256_GCM resources', () => {
  // Computed once with node:crypto and cross-checked with Python's cryptography AESGCM.
  const vector = {
    key: 'kamengWechatpayApiV3KeyFixed0032',
    nonce: 'fixedNonce12',
    associated_data: 'transaction',
    ciphertext:
      'swvYbP5N48j6pJkHRSwNU+mg0cN0zipImOS0Zi/mHnAYvymc8WReE9vJueXootwJE873Miz1NH9tEtBuvFiq/FC63KcRvqBJjjUJLUk5dA==',
    plaintext: '{"mchid":"1900000001","out_trade_no":"K1","amount":{"total":1}}',
  };
  it('decrypts the fixed vector (ciphertext || 16-byte tag, UTF-8 nonce and AAD)', () => {
    expect(decryptResource(vector.key, vector)).toBe(vector.plaintext);
    expect(encryptResource(vector.key, vector.plaintext, 'transaction', 'fixedNonce12').ciphertext).toBe(
      vector.ciphertext,
    );
  });
  it('fails on a wrong key, nonce, AAD, tag or a short / malformed ciphertext', () => {
    const flipped = Buffer.from(vector.ciphertext, 'base64');
    flipped.writeUInt8(flipped.readUInt8(flipped.length - 1) ^ 1, flipped.length - 1);
    for (const bad of [
      { ...vector, ciphertext: flipped.toString('base64') },
      { ...vector, nonce: 'fixedNonce13' },
      { ...vector, associated_data: 'refund' },
      { ...vector, ciphertext: 'AAAAAAAAAAAAAAAAAAAAAA==' },
      { ...vector, ciphertext: `${vector.ciphertext}\n` },
    ]) {
      expect(decryptResource(vector.key, bad)).toBeNull();
    }
    expect(decryptResource('kamengWechatpayApiV3KeyFixed0033', vector)).toBeNull();
    expect(decryptResource('', vector)).toBeNull();
    expect(decryptResource('short', vector)).toBeNull();
  });
});
