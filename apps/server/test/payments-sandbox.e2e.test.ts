import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryPaymentsJob } from '../src/modules/payments/jobs/query-payments-job';
import { FIRST_QUERY_MS, queryOrderPayment } from '../src/modules/payments/query-payment';
import { sandboxSign } from '../src/modules/payments/sandbox/sign';
import {
  SANDBOX_CREDS,
  createPayWorld,
  eventually,
  insertOrder,
  notifiesOf,
  orderState,
  pressCashier,
  setFaults,
  startSandbox,
  type PayWorld,
} from './payments-fixtures';

let w: PayWorld;

beforeAll(async () => {
  w = await createPayWorld();
}, 60_000);
afterAll(async () => {
  await w?.close();
});

/** The notifies whose raw text mentions the gateway's trade number (rejected ones may have no order). */
async function notifiesFor(providerTradeNo: string) {
  const rows = await notifiesOf(w, { channelId: 'sbx-1' });
  return rows.filter((r) => r.raw.includes(providerTradeNo));
}

/** Pays a fresh order on the cashier with `faults` and waits for the first notify verdict. */
async function payWithFaults(faults: Record<string, unknown>) {
  await setFaults(w, faults);
  const orderId = await insertOrder(w);
  const p = await startSandbox(w, orderId);
  await pressCashier(w, String(p.action.url), 'pay');
  return { orderId, ...p };
}

/** Only an active query (never a bad notify) may have paid an order with a rejected notify. */
async function expectNotDeliveredByNotify(orderId: string) {
  const s = await orderState(w, orderId);
  const accepted = (await notifiesOf(w, { orderId })).filter((n) => n.verdict !== 'rejected');
  expect(accepted.every((n) => n.method === 'QUERY')).toBe(true);
  if (accepted.length === 0) expect(s.status).toBe('pending_payment');
}

describe('sandbox gateway: the good paths', () => {
  it('pays through the cashier; the asynchronous notify marks the order paid exactly once', async () => {
    const { orderId, providerTradeNo } = await payWithFaults({});
    const rows = await eventually(async () => {
      const r = await notifiesFor(providerTradeNo);
      return r.some((n) => n.verdict === 'accepted') && r;
    });
    expect(rows.filter((n) => n.verdict === 'accepted')).toHaveLength(1);
    const s = await orderState(w, orderId);
    expect(s.status).not.toBe('pending_payment');
    expect(s.paidEvents).toBe(1);
  });

  it('duplicate notifies are harmless: one accepted, the other a duplicate, paid once', async () => {
    const { orderId, providerTradeNo } = await payWithFaults({ duplicate: true });
    const rows = await eventually(async () => {
      const r = await notifiesFor(providerTradeNo);
      return r.length >= 2 && r;
    });
    expect(rows.map((r) => r.verdict).sort()).toEqual(['accepted', 'duplicate']);
    expect((await orderState(w, orderId)).paidEvents).toBe(1);
  });

  it('a reordered (stale "waiting") notify after the paid one changes nothing', async () => {
    const { orderId, providerTradeNo } = await payWithFaults({ reorder: true });
    const rows = await eventually(async () => {
      const r = await notifiesFor(providerTradeNo);
      return r.some((n) => n.reason === 'status_not_success') && r.some((n) => n.verdict === 'accepted') && r;
    });
    expect(rows.filter((n) => n.verdict === 'accepted')).toHaveLength(1);
    const s = await orderState(w, orderId);
    expect(s.status).not.toBe('pending_payment');
    expect(s.paidEvents).toBe(1);
  });

  it('a lost notify is healed by the query job and recorded as an anomaly', async () => {
    const { orderId } = await payWithFaults({ drop: true });
    await new Promise((r) => setTimeout(r, 300));
    expect((await orderState(w, orderId)).status).toBe('pending_payment');
    // The minute's scan leaves an attempt younger than its first query alone (the notify may be on its
    // way); once that age has passed, it asks the gateway.
    await queryPaymentsJob.handler(w.env.ctx(), {});
    expect((await orderState(w, orderId)).status).toBe('pending_payment');
    const later = { ...w.env.ctx(), now: () => new Date(Date.now() + FIRST_QUERY_MS) };
    await queryPaymentsJob.handler(later, {});
    const s = await orderState(w, orderId);
    expect(s.status).not.toBe('pending_payment');
    expect(s.paidEvents).toBe(1);
    const rows = await notifiesOf(w, { orderId });
    expect(rows.map((r) => [r.method, r.verdict, r.reason])).toEqual([
      ['QUERY', 'accepted', 'healed_by_query'],
    ]);
    const anomalies = await w.admin.get('/api/admin/payments/anomalies');
    expect(anomalies.json<{ items: { type: string; orderId: string }[] }>().items).toContainEqual(
      expect.objectContaining({ type: 'healed_by_query', orderId }),
    );
    // A second query (buyer came back) is a duplicate, not a second payment.
    await queryOrderPayment(w.env.ctx(), orderId);
    expect((await orderState(w, orderId)).paidEvents).toBe(1);
  });

  it('a notify after the order expired is still accepted once (paid late → ORDERS decides)', async () => {
    await setFaults(w, { delayMs: 500 });
    const orderId = await insertOrder(w, 1234, 400);
    const p = await startSandbox(w, orderId);
    await pressCashier(w, String(p.action.url), 'pay');
    await new Promise((r) => setTimeout(r, 450));
    const rows = await eventually(async () => {
      const r = await notifiesFor(p.providerTradeNo);
      return r.length > 0 && r;
    });
    expect(rows[0]!.verdict).toBe('accepted');
    expect((await orderState(w, orderId)).paidEvents).toBe(1);
  });
});

describe('sandbox gateway: every corrupted notify is rejected and logged', () => {
  const cases = [
    ['signature', 'signature_invalid'],
    ['amount', 'amount_mismatch'],
    ['merchant', 'merchant_mismatch'],
    ['trade', 'trade_unknown'],
    ['types', 'field_types'],
    ['status', 'status_not_success'],
  ] as const;
  for (const [corrupt, reason] of cases) {
    it(`corrupt: ${corrupt} → ${reason}`, async () => {
      const { orderId, providerTradeNo } = await payWithFaults({ corrupt });
      const rows = await eventually(async () => {
        const r = (await notifiesFor(providerTradeNo)).filter((n) => n.method !== 'QUERY');
        return r.length > 0 && r;
      });
      expect(rows[0]!.verdict).toBe('rejected');
      expect(rows[0]!.reason).toBe(reason);
      await expectNotDeliveredByNotify(orderId);
    });
  }
});

describe('hand-made attacks on the callback path', () => {
  /** A validly signed notify body for an attempt. */
  function signed(
    tradeNo: string,
    providerTradeNo: string,
    extra: Record<string, string> = {},
    key = SANDBOX_CREDS.key,
  ) {
    const p = {
      mch_id: SANDBOX_CREDS.mchId,
      out_trade_no: tradeNo,
      trade_no: providerTradeNo,
      amount: '12.34',
      status: 'TRADE_SUCCESS',
      ...extra,
    };
    return { ...p, sign: sandboxSign(p, key) };
  }
  const post = (channelId: string, body: unknown, json = false) =>
    w.env.app.inject({
      method: 'POST',
      url: `/api/pay/notify/${channelId}`,
      headers: { 'content-type': json ? 'application/json' : 'application/x-www-form-urlencoded' },
      payload: json ? JSON.stringify(body) : new URLSearchParams(body as Record<string, string>).toString(),
    });
  const lastReason = async (channelId: string) => {
    const rows = await notifiesOf(w, { channelId });
    return rows.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime()).at(-1);
  };

  let a: { orderId: string; tradeNo: string; providerTradeNo: string };
  let b: { orderId: string; tradeNo: string; providerTradeNo: string };
  beforeAll(async () => {
    await setFaults(w, { drop: true });
    for (const k of ['a', 'b'] as const) {
      const orderId = await insertOrder(w);
      const p = await startSandbox(w, orderId);
      if (k === 'a') a = { orderId, ...p };
      else b = { orderId, ...p };
    }
    const res = await w.admin.post('/api/admin/payments/channels', {
      id: 'sbx-2',
      name: 'Sandbox twin',
      provider: 'sandbox',
      method: 'sandbox',
      priority: -1,
      credentials: SANDBOX_CREDS,
    });
    expect(res.statusCode).toBe(201);
    const empty = await w.admin.post('/api/admin/payments/channels', {
      id: 'sbx-empty',
      name: 'Sandbox no key',
      provider: 'sandbox',
      method: 'sandbox_x',
      credentials: { mchId: SANDBOX_CREDS.mchId, key: '' },
    });
    expect(empty.statusCode).toBe(201);
    // Credentials are write-only.
    expect(empty.body).not.toContain(SANDBOX_CREDS.mchId);
  });

  it('an empty key refuses to verify anything', async () => {
    const p = {
      mch_id: SANDBOX_CREDS.mchId,
      out_trade_no: a.tradeNo,
      trade_no: a.providerTradeNo,
      amount: '12.34',
      status: 'TRADE_SUCCESS',
    };
    const res = await post('sbx-empty', { ...p, sign: 'x' });
    expect(res.body).toBe('fail');
    expect((await lastReason('sbx-empty'))?.reason).toBe('key_empty');
  });

  it('`sign: true` and other JSON-typed fields are rejected before any signature check', async () => {
    const res = await post('sbx-1', { ...signed(a.tradeNo, a.providerTradeNo), sign: true }, true);
    expect(res.body).toBe('fail');
    expect((await lastReason('sbx-1'))?.reason).toBe('field_types');
    const res2 = await post('sbx-1', { ...signed(a.tradeNo, a.providerTradeNo), amount: 12.34 }, true);
    expect(res2.body).toBe('fail');
  });

  it('repeated form keys (arrays) are rejected', async () => {
    const body = new URLSearchParams(signed(a.tradeNo, a.providerTradeNo));
    body.append('amount', '0.01');
    const res = await w.env.app.inject({
      method: 'POST',
      url: '/api/pay/notify/sbx-1',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: body.toString(),
    });
    expect(res.body).toBe('fail');
    expect((await lastReason('sbx-1'))?.reason).toBe('field_types');
  });

  it('a forged signature is rejected', async () => {
    const res = await post('sbx-1', signed(a.tradeNo, a.providerTradeNo, {}, 'guessed-key'));
    expect(res.body).toBe('fail');
    expect((await lastReason('sbx-1'))?.reason).toBe('signature_invalid');
  });

  it('a notify addressed to another channel (same credentials) cannot pay this channel’s attempt', async () => {
    const res = await post('sbx-2', signed(a.tradeNo, a.providerTradeNo));
    expect(res.body).toBe('fail');
    expect((await lastReason('sbx-2'))?.reason).toBe('trade_other_channel');
    expect((await orderState(w, a.orderId)).status).toBe('pending_payment');
  });

  it('a notify for an unknown channel is rejected and logged', async () => {
    const res = await post('nope', signed(a.tradeNo, a.providerTradeNo));
    expect(res.statusCode).toBe(404);
    expect((await lastReason('nope'))?.reason).toBe('channel_unknown');
  });

  it('a validly signed notify replayed onto another order pays only its own order', async () => {
    const good = signed(a.tradeNo, a.providerTradeNo);
    expect((await post('sbx-1', good)).body).toBe('success');
    expect((await orderState(w, a.orderId)).paidEvents).toBe(1);
    // Re-pointed at B: the signature no longer matches.
    expect((await post('sbx-1', { ...good, out_trade_no: b.tradeNo })).body).toBe('fail');
    expect((await lastReason('sbx-1'))?.reason).toBe('signature_invalid');
    // Replayed as is: a duplicate of A, answered success so the gateway stops; B untouched.
    expect((await post('sbx-1', good)).body).toBe('success');
    expect((await lastReason('sbx-1'))?.verdict).toBe('duplicate');
    // B's trade signed with A's provider trade number: one provider trade pays one attempt.
    expect((await post('sbx-1', signed(b.tradeNo, a.providerTradeNo))).body).toBe('fail');
    expect((await orderState(w, b.orderId)).status).toBe('pending_payment');
    expect((await orderState(w, a.orderId)).paidEvents).toBe(1);
  });

  it('GET /api/pay/methods lists enabled methods without secrets', async () => {
    const res = await w.env.app.inject({ method: 'GET', url: '/api/pay/methods' });
    expect(res.statusCode).toBe(200);
    expect(res.json<{ items: { method: string }[] }>().items.map((i) => i.method)).toContain('sandbox');
    expect(res.body).not.toContain(SANDBOX_CREDS.key);
  });
});
