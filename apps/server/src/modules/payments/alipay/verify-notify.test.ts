import { createSign, generateKeyPairSync } from 'node:crypto';
import { AlipaySdk } from 'alipay-sdk';
import { describe, expect, it } from 'vitest';
import { alipayProvider, pickProduct } from './alipay-provider';
import { verifyAlipayNotify } from './verify-notify';

const alipay = generateKeyPairSync('rsa', { modulusLength: 2048 });
const forger = generateKeyPairSync('rsa', { modulusLength: 2048 });
const alipayPublic = alipay.publicKey.export({ format: 'pem', type: 'spki' }).toString();

/** Alipay's notify signature, written here from the documented recipe (not from the SDK). */
function signed(fields: Record<string, string>, key = alipay.privateKey): Record<string, string> {
  const content = Object.keys(fields)
    .filter((k) => k !== 'sign' && k !== 'sign_type' && fields[k] !== '')
    .sort()
    .map((k) => `${k}=${fields[k]}`)
    .join('&');
  return { ...fields, sign: createSign('RSA-SHA256').update(content, 'utf8').sign(key, 'base64') };
}

const base = {
  notify_type: 'trade_status_sync',
  app_id: '2021000000000001',
  charset: 'utf-8',
  version: '1.0',
  sign_type: 'RSA2',
  trade_no: '2026112422001400001234567890',
  out_trade_no: 'K20261124ABCDEF',
  total_amount: '12.34',
  trade_status: 'TRADE_SUCCESS',
  subject: '100% 充值卡 & more',
  fund_bill_list: '[{"amount":"12.34","fundChannel":"ALIPAYACCOUNT"}]',
};

describe('verifyAlipayNotify', () => {
  it('accepts Alipay’s signature (a `%` in a field does not break it)', () => {
    expect(verifyAlipayNotify(AlipaySdk, alipayPublic, signed(base))).toMatchObject({ ok: true });
  });

  it('leaves empty fields out, as Alipay signs only non-empty ones', () => {
    expect(verifyAlipayNotify(AlipaySdk, alipayPublic, { ...signed(base), body: '' })).toMatchObject({
      ok: true,
    });
  });

  it.each([
    ['an empty key', '', signed(base), 'key_empty'],
    ['a key that is not one', 'garbage', signed(base), 'key_invalid'],
    ['a missing sign', alipayPublic, { ...base }, 'signature_missing'],
    ['an empty sign', alipayPublic, { ...signed(base), sign: '' }, 'signature_missing'],
    ['a signature by another key', alipayPublic, signed(base, forger.privateKey), 'signature_invalid'],
    [
      'a field changed after signing',
      alipayPublic,
      { ...signed(base), total_amount: '0.01' },
      'signature_invalid',
    ],
    ['a field added after signing', alipayPublic, { ...signed(base), extra: 'x' }, 'signature_invalid'],
    ['sign_type RSA (SHA1)', alipayPublic, { ...signed(base), sign_type: 'RSA' }, 'sign_type'],
    ['a sign that is not base64', alipayPublic, { ...signed(base), sign: '!!!' }, 'signature_invalid'],
  ])('rejects %s', (_what, key, fields, reason) => {
    expect(verifyAlipayNotify(AlipaySdk, key, fields)).toEqual({ ok: false, reason });
  });
});

describe('alipayProvider.parseNotify', () => {
  const channel = {
    id: 'ali-c',
    provider: 'alipay' as const,
    method: 'alipay',
    credentials: { appId: base.app_id, privateKey: 'x', alipayPublicKey: alipayPublic },
    settings: {},
  };
  const req = { method: 'POST', query: {}, body: {}, headers: {}, rawBody: '', ip: '127.0.0.1' };
  const parse = (f: Record<string, string>) => alipayProvider.parseNotify(channel, req, signed(f));

  it('reads the signed facts, amount in fen, app id as merchant', async () => {
    expect(await parse(base)).toEqual({
      ok: true,
      tradeNo: base.out_trade_no,
      providerTradeNo: base.trade_no,
      amount: 1234,
      status: 'paid',
      merchantId: base.app_id,
    });
  });

  it.each([
    ['TRADE_SUCCESS', 'paid'],
    ['TRADE_FINISHED', 'paid'],
    ['WAIT_BUYER_PAY', 'other'],
    ['TRADE_CLOSED', 'other'],
  ])('%s is %s', async (trade_status, status) => {
    expect(await parse({ ...base, trade_status })).toMatchObject({ ok: true, status });
  });

  it.each(['12.345', '1e3', '-1.00', '12,34', ''])('refuses the amount %j', async (total_amount) => {
    expect(await parse({ ...base, total_amount })).toEqual({ ok: false, reason: 'amount_malformed' });
  });

  it('refuses a notify without trade numbers', async () => {
    expect(await parse({ ...base, trade_no: '' })).toEqual({ ok: false, reason: 'trade_missing' });
  });

  it('answers the gateway with the bodies it knows', async () => {
    expect(alipayProvider.notifyReply(true).body).toBe('success');
    expect(alipayProvider.notifyReply(false).body).toBe('fail');
  });
});

describe('pickProduct', async () => {
  it.each([
    ['auto', 'pc', 'precreate'],
    ['auto', 'wechat', 'precreate'],
    ['auto', 'mobile', 'wap'],
    ['page', 'pc', 'page'],
    ['wap', 'mobile', 'wap'],
    ['precreate', 'mobile', 'precreate'],
  ] as const)('%s on %s → %s', (product, device, expected) => {
    expect(pickProduct(product, device)).toBe(expected);
  });
});
