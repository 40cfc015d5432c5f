import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { apiTarget } from './stripe-client';
import { parseStripeWebhook, stripeCurrency } from './stripe-session';

const SECRET = 'whsec_unit_test_secret_0123456789';
const NOW = 1_800_000_000_000;

function event(type: string, patch: Record<string, unknown> = {}) {
  return JSON.stringify({
    id: 'evt_1',
    object: 'event',
    type,
    data: {
      object: {
        id: 'cs_test_1',
        object: 'checkout.session',
        amount_total: 1234,
        currency: 'cny',
        client_reference_id: 'K1',
        metadata: { kameng_trade_no: 'K1', kameng_channel: 'stripe-c', kameng_currency: 'cny' },
        payment_status: 'paid',
        status: 'complete',
        payment_intent: 'pi_1',
        ...patch,
      },
    },
  });
}

const header = (payload: string, secret = SECRET, timestamp = NOW / 1000) =>
  Stripe.webhooks.generateTestHeaderString({ payload, secret, timestamp });

const parse = (payload: string, h: string | string[] | undefined = header(payload), secret = SECRET) =>
  parseStripeWebhook(Stripe.webhooks, payload, h, secret, NOW);

describe('parseStripeWebhook', () => {
  it('reads a paid completion: our trade number, the session id, integer amount, the channel', () => {
    expect(parse(event('checkout.session.completed'))).toEqual({
      ok: true,
      tradeNo: 'K1',
      providerTradeNo: 'cs_test_1',
      amount: 1234,
      status: 'paid',
      merchantId: 'stripe-c',
    });
  });

  it('async_payment_succeeded pays; unpaid completions, failures and expiries do not', () => {
    const status = (p: string) => {
      const r = parse(p);
      return r.ok ? r.status : r.reason;
    };
    expect(status(event('checkout.session.async_payment_succeeded'))).toBe('paid');
    expect(status(event('checkout.session.completed', { payment_status: 'unpaid' }))).toBe('other');
    expect(status(event('checkout.session.async_payment_failed', { payment_status: 'unpaid' }))).toBe(
      'other',
    );
    expect(status(event('checkout.session.expired', { status: 'expired', payment_status: 'unpaid' }))).toBe(
      'other',
    );
    expect(status(event('payment_intent.succeeded'))).toBe('event_unhandled');
  });

  it('refuses what is not signed by this secret, now', () => {
    const p = event('checkout.session.completed');
    const reason = (r: ReturnType<typeof parse>) => (r.ok ? 'ok' : r.reason);
    expect(reason(parse(p, header(p, 'whsec_other')))).toBe('signature_invalid');
    expect(reason(parse(p, header(p), ''))).toBe('key_empty');
    expect(reason(parseStripeWebhook(Stripe.webhooks, p, undefined, SECRET, NOW))).toBe('signature_missing');
    expect(reason(parseStripeWebhook(Stripe.webhooks, p, '', SECRET, NOW))).toBe('signature_missing');
    expect(reason(parse(p, [header(p), header(p)]))).toBe('signature_missing');
    expect(reason(parse(p, header(p, SECRET, NOW / 1000 - 301)))).toBe('signature_expired');
    expect(reason(parse(p, header(p, SECRET, NOW / 1000 - 299)))).toBe('ok');
    expect(reason(parse(p.replace('"K1"', '"K2"'), header(p)))).toBe('signature_invalid');
    expect(reason(parseStripeWebhook(Stripe.webhooks, '', header(p), SECRET, NOW))).toBe('body_empty');
  });

  it('refuses validly signed sessions with wrong types, float amounts or another currency', () => {
    const reason = (patch: Record<string, unknown>) => {
      const r = parse(event('checkout.session.completed', patch));
      return r.ok ? 'ok' : r.reason;
    };
    expect(reason({ amount_total: 12.34 })).toBe('amount_malformed');
    expect(reason({ amount_total: '1234' })).toBe('amount_malformed');
    expect(reason({ amount_total: -1 })).toBe('amount_malformed');
    expect(reason({ amount_total: null })).toBe('amount_malformed');
    expect(reason({ client_reference_id: ['K1'] })).toBe('trade_missing');
    expect(reason({ client_reference_id: true })).toBe('trade_missing');
    expect(reason({ client_reference_id: 'K2' })).toBe('trade_mismatch');
    expect(reason({ metadata: ['K1'] })).toBe('field_types');
    expect(reason({ currency: 'usd' })).toBe('currency_mismatch');
    expect(reason({ currency: ['cny'] })).toBe('field_types');
    expect(reason({ payment_status: true })).toBe('field_types');
    expect(reason({ object: 'payment_intent' })).toBe('session_malformed');
    // Without kameng_currency (not a session we made with this code), only CNY is believed.
    expect(reason({ metadata: { kameng_trade_no: 'K1', kameng_channel: 'stripe-c' } })).toBe('ok');
    expect(reason({ currency: 'usd', metadata: { kameng_trade_no: 'K1', kameng_channel: 'c' } })).toBe(
      'currency_mismatch',
    );
  });
});

describe('stripeCurrency', () => {
  it('lower-cases two-decimal currencies and refuses zero- and three-decimal ones', () => {
    expect(stripeCurrency('CNY')).toBe('cny');
    expect(stripeCurrency('usd')).toBe('usd');
    expect(stripeCurrency('JPY')).toBeNull();
    expect(stripeCurrency('KWD')).toBeNull();
    expect(stripeCurrency('US')).toBeNull();
  });
});

describe('apiTarget', () => {
  const ch = (settings: Record<string, unknown>) => ({
    id: 'c',
    provider: 'stripe' as const,
    method: 'card',
    credentials: {},
    settings,
  });
  it('points the SDK at apiBase (or gatewayUrl), else the default API', () => {
    expect(apiTarget(ch({}))).toBeNull();
    expect(apiTarget(ch({ apiBase: 'http://127.0.0.1:8123' }))).toEqual({
      host: '127.0.0.1',
      port: 8123,
      protocol: 'http',
    });
    expect(apiTarget(ch({ gatewayUrl: 'https://stripe.example.com/' }))).toEqual({
      host: 'stripe.example.com',
      port: 443,
      protocol: 'https',
    });
    expect(() => apiTarget(ch({ apiBase: 'ftp://x' }))).toThrow();
    expect(() => apiTarget(ch({ apiBase: 'https://x/v1' }))).toThrow();
    expect(() => apiTarget(ch({ apiBase: 42 }))).toThrow();
  });
});
