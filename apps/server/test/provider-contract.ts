/**
 * The contract every real payment provider must pass (issue 6), run against the provider's
 * protocol-faithful fake gateway on loopback: a normal payment, duplicate and stale notifies, a lost
 * notify healed by the query job, a refund, and the attack set. A provider's test file supplies a
 * harness (its fake gateway and the channels) and calls `describeProviderContract`.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orders } from '../src/modules/orders/schema';
import { queryAttemptById } from '../src/modules/payments/query-payment';
import { refundPayment } from '../src/modules/payments/refund-payment';
import { paymentAttempts } from '../src/modules/payments/schema';
import { expectLedgerBalanced } from './ledger-assert';
import {
  createPayWorld,
  eventually,
  notifiesOf,
  orderState,
  startTrade,
  type PayWorld,
  type Trade,
} from './payments-fixtures';

export type { Trade };

/** An HTTP request the gateway (or an attacker) sends to our notify URL. */
export interface NotifyHttp {
  method: 'GET' | 'POST';
  /** Appended to the notify URL as `?query` (GET notifies of 易支付, for instance). */
  query?: string;
  headers?: Record<string, string>;
  body?: string;
}

/**
 * How a notify is altered. Each yields a request that must NOT pay the order:
 * - `forged_signature`: the signature replaced by one made with a key the channel does not have;
 * - `empty_key`: signed with an empty key, sent to the harness's channel whose key is empty;
 * - `wrong_amount`: validly signed by the gateway, but for another amount than the trade's;
 * - `wrong_merchant`: validly signed, but carrying another merchant id / app id / account;
 * - `not_success`: validly signed, with a status that is not "paid" (waiting, closed, failed …);
 * - `array_field`: a field sent twice / as an array (`out_trade_no[]=…`, JSON array …);
 * - `type_confusion`: `sign: true`-style values (booleans, numbers, objects where strings belong);
 * - `other_order`: this trade's valid notify with the trade number of `target` put in (replay onto another order).
 */
export type Tamper =
  | 'forged_signature'
  | 'empty_key'
  | 'wrong_amount'
  | 'wrong_merchant'
  | 'not_success'
  | 'array_field'
  | 'type_confusion'
  | 'other_order';

export interface ProviderHarness {
  /** Shown in test names. */
  name: string;
  /**
   * Starts the fake gateway on 127.0.0.1 and creates, through the admin API (`w.admin`), three
   * channels of the provider: `channelId` (good credentials), `otherChannelId` (the same provider
   * with other credentials / another merchant id) and `emptyKeyChannelId` (its secret key empty).
   * Their settings point the provider at the fake gateway.
   */
  setup(w: PayWorld): Promise<void>;
  channelId: string;
  otherChannelId: string;
  emptyKeyChannelId: string;
  /** The reply the gateway expects to an accepted notify (its retries stop only on it). */
  successReply: { status: number; body: string };
  /**
   * The fake buyer pays the trade at the fake gateway. With `notify: 'send'` the gateway then sends
   * its notify to the trade's notify URL by itself, over HTTP, retrying until the success reply (as
   * the real one does); with 'none' the notify is lost (only the query can heal the order).
   */
  pay(trade: Trade, opts: { notify: 'send' | 'none' }): Promise<void>;
  /** The notify the gateway sends for a paid trade, altered by `tamper` (null: untampered). */
  buildNotify(trade: Trade, tamper: Tamper | null, target?: Trade): NotifyHttp;
  /**
   * The refunds the fake gateway recorded for a trade (integer fen each). Absent when the protocol has
   * no refund (Epusdt): a refund is then reported offline, for the operator to make by hand.
   */
  refunds?(trade: Trade): Promise<number[]>;
  /** The channels' secrets: none may appear in a logged notify. */
  secrets: string[];
  close(): Promise<void>;
}

/** Starts paying a fresh order of `total` fen on the harness's channel, as a desktop buyer. */
async function startOn(w: PayWorld, channelId: string, total = 1234): Promise<Trade> {
  const t = await startTrade(w, { channelId, total });
  // The worker's minute scan of open attempts leaves it alone: each test decides when the channel is asked.
  await w.env.db
    .update(paymentAttempts)
    .set({ lastQueriedAt: new Date(Date.now() + 3600_000) })
    .where(eq(paymentAttempts.id, t.attemptId));
  return t;
}

/** Sends a notify request to a channel's notify URL; answers the reply's status and body. */
export async function sendNotify(w: PayWorld, channelId: string, n: NotifyHttp) {
  const url = `${w.base}/api/pay/notify/${channelId}${n.query ? `?${n.query}` : ''}`;
  const res = await fetch(url, { method: n.method, headers: n.headers, body: n.body });
  return { status: res.status, body: await res.text() };
}

async function verdicts(w: PayWorld, orderId: string) {
  return (await notifiesOf(w, { orderId })).map((n) => n.verdict);
}

/** Waits until the order has left pending_payment (paid, then delivered or queued). */
async function paidOrder(w: PayWorld, orderId: string) {
  return eventually(async () => {
    const s = await orderState(w, orderId);
    return s.paidEvents > 0 && s;
  }, 15_000);
}

async function expectUnpaid(w: PayWorld, orderId: string) {
  const [o] = await w.env.db.select({ status: orders.status }).from(orders).where(eq(orders.id, orderId));
  expect(o!.status).toBe('pending_payment');
  const [paid] = await w.env.db
    .select({ id: paymentAttempts.id })
    .from(paymentAttempts)
    .where(and(eq(paymentAttempts.orderId, orderId), eq(paymentAttempts.status, 'paid')));
  expect(paid).toBeUndefined();
}

export function describeProviderContract(makeHarness: () => ProviderHarness): void {
  const h = makeHarness();
  let w: PayWorld;

  beforeAll(async () => {
    w = await createPayWorld();
    await h.setup(w);
  }, 60_000);
  afterAll(async () => {
    if (w) await expectLedgerBalanced(w.env);
    await h.close();
    await w?.close();
  });

  describe(`${h.name}: the good paths`, () => {
    it('a payment: the gateway notifies by itself, the order is paid once, the gateway gets its success reply', async () => {
      const t = await startOn(w, h.channelId);
      await h.pay(t, { notify: 'send' });
      expect((await paidOrder(w, t.orderId)).paidEvents).toBe(1);
      await eventually(async () => (await verdicts(w, t.orderId)).includes('accepted'));
      // Our reply to the same notify again is the gateway's success body (so it stops retrying).
      const again = await sendNotify(w, h.channelId, h.buildNotify(t, null));
      expect(again).toEqual(h.successReply);
    });

    it('duplicate notifies are harmless: one accepted, the rest duplicates, paid once', async () => {
      const t = await startOn(w, h.channelId);
      await h.pay(t, { notify: 'none' });
      const n = h.buildNotify(t, null);
      const replies = await Promise.all([sendNotify(w, h.channelId, n), sendNotify(w, h.channelId, n)]);
      expect(replies).toEqual([h.successReply, h.successReply]);
      expect(await sendNotify(w, h.channelId, n)).toEqual(h.successReply);
      // The minute's query job may have healed the trade first: then all three notifies are duplicates.
      const logged = (await verdicts(w, t.orderId)).sort();
      expect(logged.filter((v) => v === 'accepted')).toHaveLength(1);
      expect(logged.filter((v) => v === 'duplicate').length).toBeGreaterThanOrEqual(2);
      expect(logged).not.toContain('rejected');
      expect((await orderState(w, t.orderId)).paidEvents).toBe(1);
    });

    it('a stale, not-paid notify arriving after the paid one changes nothing', async () => {
      const t = await startOn(w, h.channelId);
      await h.pay(t, { notify: 'none' });
      expect(await sendNotify(w, h.channelId, h.buildNotify(t, null))).toEqual(h.successReply);
      // Authentic, so acknowledged (the gateway stops re-sending it), but it pays nothing.
      const stale = await sendNotify(w, h.channelId, h.buildNotify(t, 'not_success'));
      expect(stale).toEqual(h.successReply);
      expect((await orderState(w, t.orderId)).paidEvents).toBe(1);
      expect((await orderState(w, t.orderId)).status).not.toBe('pending_payment');
    });

    it('a lost notify is healed by the active query', async () => {
      const t = await startOn(w, h.channelId);
      await h.pay(t, { notify: 'none' });
      await queryAttemptById(w.env.ctx(), t.attemptId);
      expect((await paidOrder(w, t.orderId)).paidEvents).toBe(1);
      const logged = await notifiesOf(w, { orderId: t.orderId });
      expect(logged.map((n) => [n.method, n.reason])).toEqual([['QUERY', 'healed_by_query']]);
    });

    it('an unpaid trade stays unpaid when queried', async () => {
      const t = await startOn(w, h.channelId);
      await queryAttemptById(w.env.ctx(), t.attemptId);
      await expectUnpaid(w, t.orderId);
    });

    it(
      h.refunds
        ? 'a refund goes through the gateway with the amount asked'
        : 'a refund is reported offline (the protocol has none)',
      async () => {
        const t = await startOn(w, h.channelId);
        await h.pay(t, { notify: 'none' });
        expect(await sendNotify(w, h.channelId, h.buildNotify(t, null))).toEqual(h.successReply);
        const r = await refundPayment(w.env.ctx(), {
          orderId: t.orderId,
          amount: 234,
          reason: 'test',
          refundedBefore: 0,
        });
        expect(r).toEqual({ refunded: true, offline: !h.refunds });
        if (h.refunds) expect(await h.refunds(t)).toEqual([234]);
      },
    );
  });

  describe(`${h.name}: the attack set — nothing here pays an order`, () => {
    const cases: [string, Tamper, 'channel' | 'empty'][] = [
      ['a forged signature', 'forged_signature', 'channel'],
      ['a notify signed with an empty key, to the channel whose key is empty', 'empty_key', 'empty'],
      ['a validly signed notify for another amount', 'wrong_amount', 'channel'],
      ['a validly signed notify of another merchant / app id', 'wrong_merchant', 'channel'],
      ['a non-success status (acknowledged: it is authentic)', 'not_success', 'channel'],
      ['array-typed fields', 'array_field', 'channel'],
      ['type confusion (sign: true and friends)', 'type_confusion', 'channel'],
    ];
    for (const [what, tamper, to] of cases) {
      it(`rejects ${what}`, async () => {
        const t = await startOn(w, h.channelId);
        await h.pay(t, { notify: 'none' });
        const channel = to === 'empty' ? h.emptyKeyChannelId : h.channelId;
        const before = await notifiesOf(w, { channelId: channel });
        const reply = await sendNotify(w, channel, h.buildNotify(t, tamper));
        if (tamper === 'not_success') expect(reply).toEqual(h.successReply);
        else expect(reply).not.toEqual(h.successReply);
        await expectUnpaid(w, t.orderId);
        // What our request left (not a query the worker made meanwhile about another trade).
        const logged = (await notifiesOf(w, { channelId: channel })).filter(
          (n) => n.method !== 'QUERY' && !before.some((b) => b.id === n.id),
        );
        expect(logged.map((n) => n.verdict)).toEqual(['rejected']);
        for (const secret of h.secrets) expect(logged[0]!.raw).not.toContain(secret);
      });
    }

    it('rejects a validly signed notify replayed onto another order', async () => {
      const cheap = await startOn(w, h.channelId, 1);
      const target = await startOn(w, h.channelId, 9900);
      await h.pay(cheap, { notify: 'none' });
      const reply = await sendNotify(w, h.channelId, h.buildNotify(cheap, 'other_order', target));
      expect(reply).not.toEqual(h.successReply);
      await expectUnpaid(w, target.orderId);
    });

    it('rejects a valid notify sent to another channel of the same provider', async () => {
      const t = await startOn(w, h.channelId);
      await h.pay(t, { notify: 'none' });
      const reply = await sendNotify(w, h.otherChannelId, h.buildNotify(t, null));
      expect(reply).not.toEqual(h.successReply);
      await expectUnpaid(w, t.orderId);
      // …and the same notify to the right channel still pays it: the rejection was about the channel.
      expect(await sendNotify(w, h.channelId, h.buildNotify(t, null))).toEqual(h.successReply);
      expect((await paidOrder(w, t.orderId)).paidEvents).toBe(1);
    });
  });
}
