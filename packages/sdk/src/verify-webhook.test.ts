import { describe, expect, it } from 'vitest';
import { KamengWebhookError } from './kameng-api-error';
import { verifyWebhook } from './verify-webhook';
import { hmacSha256Hex } from './web-crypto';

// The webhook example of docs/docking.md (signature computed with Python's hmac).
const SECRET = 'whsec_Lm4Qx8Rt2Vb6Nz0Kc3Hp7Wd1Yf5Sg9Ja2Ue6Io4Tq8X';
const T = 1767225700;
const BODY =
  '{"id":"0d9f8e7c-6b5a-4c3d-9e2f-1a0b9c8d7e6f","type":"order.delivered","created":1767225700,"livemode":false,"api_version":"1.0","data":{"order":{"id":"6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b","out_order_no":"SHOP-20260101-0001","order_no":null,"mode":"sandbox","status":"delivered","sku_id":"3b0a6c1e-5f2d-4e8a-9c7b-1d2e3f4a5b6c","product_title":"Steam 100","sku_name":"CN","quantity":2,"amount":19000,"refunded_amount":0,"currency":"CNY","delivery":{"keys":["TEST-AAAA-0001","TEST-AAAA-0002"],"text":null},"created_at":"2026-01-01T00:00:00.000Z","paid_at":"2026-01-01T00:00:00.000Z","delivered_at":"2026-01-01T00:00:01.000Z"}}}';
const V1 = 'ed1ce54cd45ad559c43d7d7b23ecbbd11df0ab5b995e53edcd1812355ad9bcb0';
const at = (s: number) => () => s * 1000;

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'accepted';
  } catch (err) {
    expect(err).toBeInstanceOf(KamengWebhookError);
    return (err as KamengWebhookError).code;
  }
}

describe('verifyWebhook', () => {
  it('accepts the worked example and returns the event', async () => {
    const e = await verifyWebhook({
      payload: BODY,
      header: `t=${T},v1=${V1}`,
      secret: SECRET,
      now: at(T + 10),
    });
    expect(e.id).toBe('0d9f8e7c-6b5a-4c3d-9e2f-1a0b9c8d7e6f');
    expect(e.type).toBe('order.delivered');
    expect((e.data.order as { out_order_no: string }).out_order_no).toBe('SHOP-20260101-0001');
  });

  it('accepts raw bytes as the payload', async () => {
    const e = await verifyWebhook({
      payload: new TextEncoder().encode(BODY),
      header: `t=${T},v1=${V1}`,
      secret: SECRET,
      now: at(T),
    });
    expect(e.id).toBe('0d9f8e7c-6b5a-4c3d-9e2f-1a0b9c8d7e6f');
  });

  it('refuses a tampered body, a wrong secret and a changed timestamp', async () => {
    const header = `t=${T},v1=${V1}`;
    const tampered = BODY.replace('"status":"delivered"', '"status":"refunded"');
    expect(await codeOf(verifyWebhook({ payload: tampered, header, secret: SECRET, now: at(T) }))).toBe(
      'WEBHOOK_SIGNATURE_INVALID',
    );
    expect(await codeOf(verifyWebhook({ payload: BODY, header, secret: `${SECRET}x`, now: at(T) }))).toBe(
      'WEBHOOK_SIGNATURE_INVALID',
    );
    expect(
      await codeOf(
        verifyWebhook({ payload: BODY, header: `t=${T + 1},v1=${V1}`, secret: SECRET, now: at(T) }),
      ),
    ).toBe('WEBHOOK_SIGNATURE_INVALID');
  });

  it('refuses a signature older or newer than the tolerance, and honours a custom tolerance', async () => {
    const header = `t=${T},v1=${V1}`;
    expect(await codeOf(verifyWebhook({ payload: BODY, header, secret: SECRET, now: at(T + 301) }))).toBe(
      'WEBHOOK_TIMESTAMP_EXPIRED',
    );
    expect(await codeOf(verifyWebhook({ payload: BODY, header, secret: SECRET, now: at(T - 301) }))).toBe(
      'WEBHOOK_TIMESTAMP_EXPIRED',
    );
    expect(await codeOf(verifyWebhook({ payload: BODY, header, secret: SECRET, now: at(T + 300) }))).toBe(
      'accepted',
    );
    expect(
      await codeOf(
        verifyWebhook({ payload: BODY, header, secret: SECRET, now: at(T + 60), toleranceSeconds: 30 }),
      ),
    ).toBe('WEBHOOK_TIMESTAMP_EXPIRED');
  });

  it('accepts any of several v1 values (secret rotation) and several secrets on the receiver side', async () => {
    const other = await hmacSha256Hex('whsec_old', `${T}.${BODY}`);
    for (const header of [`t=${T},v1=${other},v1=${V1}`, `t=${T}, v1=${V1}, v1=${other}`]) {
      expect(await codeOf(verifyWebhook({ payload: BODY, header, secret: SECRET, now: at(T) }))).toBe(
        'accepted',
      );
    }
    expect(
      await codeOf(
        verifyWebhook({
          payload: BODY,
          header: `t=${T},v1=${V1}`,
          secret: ['whsec_new', SECRET],
          now: at(T),
        }),
      ),
    ).toBe('accepted');
    expect(
      await codeOf(
        verifyWebhook({ payload: BODY, header: `t=${T},v1=${other}`, secret: SECRET, now: at(T) }),
      ),
    ).toBe('WEBHOOK_SIGNATURE_INVALID');
  });

  it('refuses a missing or malformed header and a signed body that is not an event', async () => {
    expect(
      await codeOf(verifyWebhook({ payload: BODY, header: undefined, secret: SECRET, now: at(T) })),
    ).toBe('WEBHOOK_SIGNATURE_MISSING');
    for (const header of [
      `v1=${V1}`,
      `t=${T}`,
      `t=abc,v1=${V1}`,
      `t=${T},v1=${V1.toUpperCase()}`,
      'garbage',
    ]) {
      expect(await codeOf(verifyWebhook({ payload: BODY, header, secret: SECRET, now: at(T) }))).toBe(
        'WEBHOOK_SIGNATURE_MALFORMED',
      );
    }
    const notEvent = '{"hello":"world"}';
    const sig = await hmacSha256Hex(SECRET, `${T}.${notEvent}`);
    expect(
      await codeOf(
        verifyWebhook({ payload: notEvent, header: `t=${T},v1=${sig}`, secret: SECRET, now: at(T) }),
      ),
    ).toBe('WEBHOOK_PAYLOAD_INVALID');
  });
});
