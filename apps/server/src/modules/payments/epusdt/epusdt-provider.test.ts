import { describe, expect, it } from 'vitest';
import type { ChannelConfig, NotifyRequest } from '../provider';
import { epusdtProvider } from './epusdt-provider';
import { epusdtSign } from './epusdt-sign';

const TOKEN = 'epusdt-api-token-0123456789';
const channel: ChannelConfig = {
  id: 'usdt-1',
  provider: 'epusdt',
  method: 'usdt',
  credentials: { token: TOKEN },
  settings: { gatewayUrl: 'http://127.0.0.1:1' },
};

/** A callback signed over `signed` (status included, as the Go server signs it), then altered by `over`. */
function callback(over: Record<string, unknown> = {}, token = TOKEN, signed: Record<string, number> = {}) {
  const fields: Record<string, string | number> = {
    trade_id: '202611241732412345678',
    order_id: 'K20261124ABCDEF',
    amount: 12.34,
    actual_amount: 1.738,
    token: 'TWalletAddress',
    block_transaction_id: 'abc123',
    status: 2,
    ...signed,
  };
  return { ...fields, signature: epusdtSign(fields, token), ...over };
}
const req = (body: unknown): NotifyRequest => ({
  method: 'POST',
  query: {},
  body,
  headers: {},
  rawBody: typeof body === 'string' ? body : JSON.stringify(body),
  ip: '127.0.0.1',
});
const parse = (body: unknown, ch = channel) => epusdtProvider.parseNotify(ch, req(body), null);

describe('epusdt parseNotify', () => {
  it('accepts a callback signed the Go way; the channel is the merchant binding', () => {
    expect(parse(callback())).toEqual({
      ok: true,
      tradeNo: 'K20261124ABCDEF',
      providerTradeNo: '202611241732412345678',
      amount: 1234,
      status: 'paid',
      merchantId: 'usdt-1',
    });
    expect(epusdtProvider.merchantIdOf(channel)).toBe('usdt-1');
  });

  it('reads amounts exactly: 100 → 10000 fen, 0.1 → 10 fen; more than 2 decimals is refused', () => {
    const signed = (amount: number) => {
      const f = { trade_id: 'T', order_id: 'K', amount, block_transaction_id: '', status: 2 };
      return { ...f, signature: epusdtSign(f, TOKEN) };
    };
    expect(parse(signed(100))).toMatchObject({ ok: true, amount: 10000 });
    expect(parse(signed(0.1))).toMatchObject({ ok: true, amount: 10 });
    expect(parse(signed(12.345))).toEqual({ ok: false, reason: 'amount_malformed' });
    expect(parse(signed(-1))).toEqual({ ok: false, reason: 'amount_malformed' });
  });

  it('status other than 2 is not a payment', () => {
    expect(parse(callback({}, TOKEN, { status: 1 }))).toMatchObject({ ok: true, status: 'other' });
    expect(parse(callback({}, TOKEN, { status: 3 }))).toMatchObject({ ok: true, status: 'other' });
    // The status is signed: turning a signed 3 into a 2 breaks the signature.
    expect(parse(callback({ status: 2 }, TOKEN, { status: 3 }))).toEqual({
      ok: false,
      reason: 'signature_invalid',
    });
  });

  it('rejects type confusion before any signature check', () => {
    for (const over of [
      { signature: true },
      { signature: ['x'] },
      { amount: '12.34' },
      { status: '2' },
      { order_id: ['K20261124ABCDEF'] },
      { trade_id: { $ne: '' } },
      { extra: false },
      { extra: null },
    ]) {
      expect(parse(callback(over)), JSON.stringify(over)).toEqual({ ok: false, reason: 'field_types' });
    }
    expect(parse([callback()])).toEqual({ ok: false, reason: 'field_types' });
    expect(parse('not json')).toEqual({ ok: false, reason: 'body_malformed' });
    const { signature: _s, ...unsigned } = callback();
    expect(parse(unsigned)).toEqual({ ok: false, reason: 'field_missing' });
  });

  it('fields a fork adds are signed like the rest: covered they verify, smuggled in they do not', () => {
    // Built as JSON text: `__proto__` must arrive as a plain own field, as it would over HTTP.
    const base = '"trade_id":"T9","order_id":"K9","amount":12.34,"block_transaction_id":"","status":2';
    const covered = JSON.parse(`{"__proto__":"x","trade_type":"usdt.trc20",${base}}`) as Record<
      string,
      string
    >;
    const signature = epusdtSign(covered, TOKEN);
    expect(
      parse(`{"__proto__":"x","trade_type":"usdt.trc20",${base},"signature":"${signature}"}`),
    ).toMatchObject({
      ok: true,
      status: 'paid',
      amount: 1234,
    });
    const plain = epusdtSign(JSON.parse(`{${base}}`) as Record<string, string>, TOKEN);
    expect(parse(`{${base},"signature":"${plain}"}`)).toMatchObject({ ok: true });
    expect(parse(`{"__proto__":"x",${base},"signature":"${plain}"}`)).toEqual({
      ok: false,
      reason: 'signature_invalid',
    });
    expect(parse(`{"trade_type":"usdt.trc20",${base},"signature":"${plain}"}`)).toEqual({
      ok: false,
      reason: 'signature_invalid',
    });
  });

  it('rejects a bad signature, another token, and any channel whose token is empty', () => {
    expect(parse(callback({ amount: 99.99 }))).toEqual({ ok: false, reason: 'signature_invalid' });
    expect(parse(callback({}, 'another-token'))).toEqual({ ok: false, reason: 'signature_invalid' });
    const empty = { ...channel, credentials: { token: '' } };
    expect(parse(callback({}, ''), empty)).toEqual({ ok: false, reason: 'key_empty' });
  });

  it('replies ok only on success', () => {
    expect(epusdtProvider.notifyReply(true)).toMatchObject({ status: 200, body: 'ok' });
    expect(epusdtProvider.notifyReply(false)).toMatchObject({ status: 400, body: 'fail' });
    expect(epusdtProvider.refund).toBeUndefined();
  });
});
