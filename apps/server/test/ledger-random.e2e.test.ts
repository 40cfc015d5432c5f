import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorCode } from '@kameng/shared';
import { isAppError } from '../src/lib/app-error';
import type { AccountSpec } from '../src/modules/ledger/accounts';
import { getBalance } from '../src/modules/ledger/balances';
import { createHold, postHold, voidHold } from '../src/modules/ledger/holds';
import { postEntry } from '../src/modules/ledger/post-entry';
import { postOrderPaid, postOrderRefund } from '../src/modules/ledger/post-order';
import { createTestEnv, type TestEnv } from './env';
import { expectLedgerBalanced } from './ledger-assert';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(async () => {
  await env.close();
});

const SEED = Number(process.env.LEDGER_SEED ?? 20250101);
const OPS = 2000;
const WORKERS = 8;
const MERCHANTS = ['m0', 'm1', 'm2'];
const RESELLERS = ['r0', 'r1'];
const CHANNELS = ['alipay', 'wechat'];
const ORDERS = 300;

type Op =
  | { t: 'paid'; order: number }
  | {
      t: 'refund';
      order: number;
      id: number;
      amount: number;
      from: 'merchant_pending' | 'merchant_available';
    }
  | { t: 'settle'; m: number; amount: number }
  | { t: 'hold'; who: 'merchant' | 'reseller'; i: number; amount: number }
  | { t: 'postHold'; pick: number; part: number }
  | { t: 'voidHold'; pick: number }
  | { t: 'payout'; m: number; amount: number }
  | { t: 'topup'; r: number; amount: number }
  | { t: 'spend'; r: number; amount: number };

const amount = fc.integer({ min: 1, max: 20_000 });
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ t: fc.constant('paid' as const), order: fc.nat(ORDERS - 1) }) },
  {
    weight: 2,
    arbitrary: fc.record({
      t: fc.constant('refund' as const),
      order: fc.nat(ORDERS - 1),
      id: fc.nat(2),
      amount: fc.integer({ min: 1, max: 6_000 }),
      from: fc.constantFrom('merchant_pending' as const, 'merchant_available' as const),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({ t: fc.constant('settle' as const), m: fc.nat(MERCHANTS.length - 1), amount }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      t: fc.constant('hold' as const),
      who: fc.constantFrom('merchant' as const, 'reseller' as const),
      i: fc.nat(5),
      amount,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      t: fc.constant('postHold' as const),
      pick: fc.nat(),
      part: fc.integer({ min: 1, max: 100 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('voidHold' as const), pick: fc.nat() }) },
  {
    weight: 1,
    arbitrary: fc.record({ t: fc.constant('payout' as const), m: fc.nat(MERCHANTS.length - 1), amount }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ t: fc.constant('topup' as const), r: fc.nat(RESELLERS.length - 1), amount }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ t: fc.constant('spend' as const), r: fc.nat(RESELLERS.length - 1), amount }),
  },
);

/** Each order's terms are fixed by its index, so the same order paid twice is a replay, not a conflict. */
function orderTerms(order: number) {
  const rnd = (k: number) => ((order + 1) * 2654435761 * (k + 1)) % 2 ** 31;
  return {
    orderId: `o${order}`,
    merchantId: MERCHANTS[order % MERCHANTS.length]!,
    channelId: CHANNELS[order % CHANNELS.length]!,
    amount: 100 + (rnd(1) % 19_900),
    channelFee: {
      rateBps: rnd(2) % 100,
      fixed: rnd(3) % 3,
      bearer: rnd(4) % 2 ? ('merchant' as const) : ('platform' as const),
    },
    commissionBps: rnd(5) % 1000,
  };
}

const spec = {
  pending: (m: string): AccountSpec => ({ type: 'merchant_pending', ownerId: m }),
  available: (m: string): AccountSpec => ({ type: 'merchant_available', ownerId: m }),
  withdrawing: (m: string): AccountSpec => ({ type: 'merchant_withdrawing', ownerId: m }),
  receivable: (m: string): AccountSpec => ({ type: 'merchant_receivable', ownerId: m }),
  reseller: (r: string): AccountSpec => ({ type: 'reseller_balance', ownerId: r }),
  equity: { type: 'platform_equity' } as AccountSpec,
};

const EXPECTED: ErrorCode[] = [
  'LEDGER_INSUFFICIENT_FUNDS',
  'LEDGER_HOLD_NOT_PENDING',
  'NOT_FOUND',
  'LEDGER_INVALID_AMOUNT',
];

describe('randomised ledger operations', () => {
  it(`${OPS} mixed operations from ${WORKERS} concurrent workers keep every invariant (seed ${SEED})`, async () => {
    const [ops] = fc.sample(fc.array(opArb, { minLength: OPS, maxLength: OPS }), { seed: SEED, numRuns: 1 });
    const holds: { id: string; amount: number; who: 'merchant' | 'reseller'; owner: string }[] = [];
    // The model: what each merchant and reseller must own, from successful operations only.
    const merchantTotal = new Map<string, number>();
    const resellerTotal = new Map<string, number>();
    const add = (map: Map<string, number>, k: string, v: number) => map.set(k, (map.get(k) ?? 0) + v);
    const outcomes = new Map<string, number>();

    const run = async (op: Op, seq: number) => {
      const ctx = env.ctx();
      switch (op.t) {
        case 'paid': {
          const terms = orderTerms(op.order);
          const res = await postOrderPaid(ctx, terms);
          if (!res.replayed) add(merchantTotal, terms.merchantId, res.split.merchantNet);
          return;
        }
        case 'refund': {
          const terms = orderTerms(op.order);
          const res = await postOrderRefund(ctx, {
            ...terms,
            refundId: `${op.id}:${op.amount}:${op.from}`,
            amount: op.amount,
            fromAccount: op.from,
          });
          if (!res.replayed) add(merchantTotal, terms.merchantId, -(res.fromMerchant + res.toReceivable));
          return;
        }
        case 'settle': {
          const m = MERCHANTS[op.m]!;
          await postEntry(ctx, {
            idempotencyKey: `settle:${seq}`,
            kind: 'settlement',
            transfers: [{ debit: spec.pending(m), credit: spec.available(m), amount: op.amount }],
          });
          return;
        }
        case 'hold': {
          const owner =
            op.who === 'merchant' ? MERCHANTS[op.i % MERCHANTS.length]! : RESELLERS[op.i % RESELLERS.length]!;
          const h = await createHold(ctx, {
            idempotencyKey: `hold:${seq}`,
            debit: op.who === 'merchant' ? spec.available(owner) : spec.reseller(owner),
            credit: op.who === 'merchant' ? spec.withdrawing(owner) : spec.equity,
            amount: op.amount,
          });
          holds.push({ id: h.holdId, amount: op.amount, who: op.who, owner });
          return;
        }
        case 'postHold': {
          const h = holds[op.pick % Math.max(holds.length, 1)];
          if (!h) return;
          const part = Math.max(1, Math.floor((h.amount * op.part) / 100));
          await postHold(ctx, h.id, { idempotencyKey: `post:${seq}`, kind: 'hold.post', amount: part });
          if (h.who === 'reseller') add(resellerTotal, h.owner, -part);
          return;
        }
        case 'voidHold': {
          const h = holds[op.pick % Math.max(holds.length, 1)];
          if (h) await voidHold(ctx, h.id);
          return;
        }
        case 'payout': {
          const m = MERCHANTS[op.m]!;
          await postEntry(ctx, {
            idempotencyKey: `payout:${seq}`,
            kind: 'withdrawal.paid',
            transfers: [
              {
                debit: spec.withdrawing(m),
                credit: { type: 'platform_cash', ownerId: 'alipay' },
                amount: op.amount,
              },
            ],
          });
          add(merchantTotal, m, -op.amount);
          return;
        }
        case 'topup':
        case 'spend': {
          const r = RESELLERS[op.r]!;
          const [debit, credit] =
            op.t === 'topup' ? [spec.equity, spec.reseller(r)] : [spec.reseller(r), spec.equity];
          await postEntry(ctx, {
            idempotencyKey: `${op.t}:${seq}`,
            kind: `reseller.${op.t}`,
            transfers: [{ debit, credit, amount: op.amount }],
          });
          add(resellerTotal, r, op.t === 'topup' ? op.amount : -op.amount);
          return;
        }
      }
    };

    const started = Date.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: WORKERS }, async () => {
        for (let seq = next++; seq < ops!.length; seq = next++) {
          const op = ops![seq]!;
          let outcome: string = 'ok';
          try {
            await run(op, seq);
          } catch (err) {
            if (!isAppError(err) || !EXPECTED.includes(err.code)) throw err;
            outcome = err.code;
          }
          outcomes.set(`${op.t}:${outcome}`, (outcomes.get(`${op.t}:${outcome}`) ?? 0) + 1);
        }
      }),
    );
    const ms = Date.now() - started;
    env.log.info({ ms, outcomes: Object.fromEntries(outcomes) }, 'randomised ledger run');
    // Every kind of operation succeeded at least once, and refusals happened too: the run exercised both paths.
    for (const t of [
      'paid',
      'refund',
      'settle',
      'hold',
      'postHold',
      'voidHold',
      'payout',
      'topup',
      'spend',
    ]) {
      expect(outcomes.get(`${t}:ok`) ?? 0, t).toBeGreaterThan(0);
    }
    expect(outcomes.get('settle:LEDGER_INSUFFICIENT_FUNDS') ?? 0).toBeGreaterThan(0);

    await expectLedgerBalanced(env);
    // Every running balance equals a replay of its transfers and holds (independent of checkLedger's SQL).
    const accounts = await env.db.execute<{ id: string; dp: number; cp: number; dpe: number; cpe: number }>(
      sql`SELECT id, debits_posted AS dp, credits_posted AS cp, debits_pending AS dpe, credits_pending AS cpe FROM ledger_accounts`,
    );
    const transfers = await env.db.execute<{ d: string; c: string; amount: number }>(
      sql`SELECT debit_account_id AS d, credit_account_id AS c, amount FROM ledger_transfers`,
    );
    const pendingHolds = await env.db.execute<{ d: string; c: string; amount: number }>(
      sql`SELECT debit_account_id AS d, credit_account_id AS c, amount FROM ledger_holds WHERE status = 'pending'`,
    );
    const replay = new Map(accounts.rows.map((a) => [a.id, { dp: 0, cp: 0, dpe: 0, cpe: 0 }]));
    for (const t of transfers.rows) {
      replay.get(t.d)!.dp += t.amount;
      replay.get(t.c)!.cp += t.amount;
    }
    for (const h of pendingHolds.rows) {
      replay.get(h.d)!.dpe += h.amount;
      replay.get(h.c)!.cpe += h.amount;
    }
    for (const a of accounts.rows) expect({ id: a.id, ...replay.get(a.id) }).toEqual(a);

    // Each merchant's money (pending + available + withdrawing − receivable) and each reseller's balance
    // equal the model built from the operations that succeeded.
    for (const m of MERCHANTS) {
      const [p, a, w, r] = await Promise.all(
        [spec.pending(m), spec.available(m), spec.withdrawing(m), spec.receivable(m)].map((s) =>
          getBalance(env.db, s),
        ),
      );
      expect(p!.posted + a!.posted + w!.posted - r!.posted, m).toBe(merchantTotal.get(m) ?? 0);
    }
    for (const r of RESELLERS) {
      expect((await getBalance(env.db, spec.reseller(r))).posted, r).toBe(resellerTotal.get(r) ?? 0);
    }
    expect(ms).toBeLessThan(60_000);
  }, 120_000);
});
