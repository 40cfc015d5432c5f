import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ChannelConfig, NotifyRequest } from '../provider';
import { wechatpayProvider } from './wechatpay-provider';
import { answerMessage, encryptResource, rsaSign } from './wechatpay-sign';

const platform = generateKeyPairSync('rsa', { modulusLength: 2048 });
const apiV3Key = '0123456789abcdef0123456789abcdef';
const channel: ChannelConfig = {
  id: 'wx',
  provider: 'wechatpay',
  method: 'wxpay',
  credentials: {
    mchId: '1900000001',
    appId: 'wxd678efh567hg6787',
    serialNo: 'S1',
    privateKey: 'unused here',
    apiV3Key,
    platformSerial: 'PUB_KEY_ID_1',
    platformPublicKey: platform.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  },
  settings: {},
};
const tx = {
  appid: 'wxd678efh567hg6787',
  mchid: '1900000001',
  out_trade_no: 'K20250101ABCDEF',
  transaction_id: '4200000000202501010000000001',
  trade_type: 'NATIVE',
  trade_state: 'SUCCESS',
  amount: { total: 1234, payer_total: 1234, currency: 'CNY', payer_currency: 'CNY' },
};

/** A v3 notify over `transaction` (any JSON), signed by the platform key unless `envelope` changes it. */
function notify(
  transaction: unknown,
  envelope: Record<string, unknown> = {},
  ts = Math.floor(Date.now() / 1000),
) {
  const rawBody = JSON.stringify({
    id: 'EV-1',
    create_time: '2025-01-01T10:00:00+08:00',
    resource_type: 'encrypt-resource',
    event_type: 'TRANSACTION.SUCCESS',
    summary: '支付成功',
    resource: encryptResource(apiV3Key, JSON.stringify(transaction)),
    ...envelope,
  });
  const headers: Record<string, string | string[]> = {
    'wechatpay-timestamp': String(ts),
    'wechatpay-nonce': 'abc',
    'wechatpay-signature': rsaSign(answerMessage(String(ts), 'abc', rawBody), platform.privateKey),
    'wechatpay-serial': 'PUB_KEY_ID_1',
  };
  return {
    method: 'POST',
    query: {},
    body: JSON.parse(rawBody),
    headers,
    rawBody,
    ip: '127.0.0.1',
  } satisfies NotifyRequest;
}
const parse = (req: NotifyRequest, c = channel) => wechatpayProvider.parseNotify(c, req, null);

describe('wechatpay parseNotify', () => {
  it('turns a genuine notify into the signed facts', () => {
    expect(parse(notify(tx))).toEqual({
      ok: true,
      tradeNo: tx.out_trade_no,
      providerTradeNo: tx.transaction_id,
      amount: 1234,
      status: 'paid',
      merchantId: '1900000001',
    });
    expect(parse(notify({ ...tx, trade_state: 'NOTPAY' }))).toMatchObject({ ok: true, status: 'other' });
    expect(parse(notify(tx, { event_type: 'REFUND.SUCCESS' }))).toMatchObject({ ok: true, status: 'other' });
  });

  it('rejects type confusion inside the validly encrypted transaction', () => {
    for (const total of ['1234', true, 12.34, -1, null, [1234], { v: 1234 }]) {
      expect(parse(notify({ ...tx, amount: { ...tx.amount, total } }))).toEqual({
        ok: false,
        reason: 'field_types',
      });
    }
    for (const patch of [
      { out_trade_no: [tx.out_trade_no] },
      { mchid: 1900000001 },
      { appid: null },
      { trade_state: true },
      { transaction_id: 4200000000 },
      { amount: [1234] },
      { amount: { ...tx.amount, currency: 'USD' } },
    ]) {
      expect(parse(notify({ ...tx, ...patch }))).toEqual({ ok: false, reason: 'field_types' });
    }
    expect(parse(notify([tx]))).toEqual({ ok: false, reason: 'field_types' });
    expect(parse(notify({ ...tx, appid: 'wx0000000000000000' }))).toEqual({
      ok: false,
      reason: 'appid_mismatch',
    });
  });

  it('rejects type confusion in the envelope and the headers, signed or not', () => {
    expect(parse(notify(tx, { resource: [1] }))).toEqual({ ok: false, reason: 'field_types' });
    expect(parse(notify(tx, { resource_type: ['encrypt-resource'] }))).toEqual({
      ok: false,
      reason: 'field_types',
    });
    expect(parse(notify(tx, { event_type: true }))).toEqual({ ok: false, reason: 'field_types' });
    const n = notify(tx);
    expect(
      parse({
        ...n,
        headers: { ...n.headers, 'wechatpay-signature': [String(n.headers['wechatpay-signature'])] },
      }),
    ).toEqual({
      ok: false,
      reason: 'header_types',
    });
    expect(parse({ ...n, headers: { ...n.headers, 'wechatpay-serial': undefined } })).toEqual({
      ok: false,
      reason: 'header_types',
    });
    // The parsed body is never read: only the signed raw text counts.
    expect(parse({ ...n, body: { ...n.body, resource: 'x' } })).toMatchObject({ ok: true });
    expect(parse({ ...n, rawBody: `${n.rawBody} ` })).toEqual({ ok: false, reason: 'signature_invalid' });
  });

  it('verifies nothing without a platform key, serial or a 32-byte APIv3 key', () => {
    const n = notify(tx);
    const keyless: Record<string, string>[] = [
      { platformPublicKey: '' },
      { platformSerial: '' },
      { apiV3Key: '' },
      { apiV3Key: 'short' },
    ];
    for (const patch of keyless) {
      expect(parse(n, { ...channel, credentials: { ...channel.credentials, ...patch } })).toEqual({
        ok: false,
        reason: 'key_empty',
      });
    }
  });

  it('replies 204 to an accepted notify and 400 with code FAIL otherwise', () => {
    expect(wechatpayProvider.notifyReply(true)).toMatchObject({ status: 204, body: '' });
    const fail = wechatpayProvider.notifyReply(false);
    expect(fail.status).toBe(400);
    expect(JSON.parse(fail.body)).toMatchObject({ code: 'FAIL' });
  });
});
