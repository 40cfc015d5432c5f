import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

const equity: AccountSpec = { type: 'platform_equity' };
const count = async (key: string) =>
  (
    await env.db.execute<{ n: number }>(
      sql`SELECT count(*)::int8 AS n FROM ledger_entries WHERE idempotency_key = ${key}`,
    )
  ).rows[0]!.n;

describe('ledger under concurrency', () => {
  it('20 parallel postings with one idempotency key make one entry', async () => {
    const r: AccountSpec = { type: 'reseller_balance', ownerId: randomUUID() };
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        postEntry(env.ctx(), {
          idempotencyKey: 'race:1',
          kind: 'reseller.topup',
          transfers: [{ debit: equity, credit: r, amount: 100 }],
        }),
      ),
    );
    expect(new Set(results.map((x) => x.entryId)).size).toBe(1);
    expect(results.filter((x) => !x.replayed)).toHaveLength(1);
    expect(await count('race:1')).toBe(1);
    expect((await getBalance(env.db, r)).available).toBe(100);

    const order = {
      orderId: 'race-order',
      merchantId: randomUUID(),
      channelId: 'ch',
      amount: 5000,
      commissionBps: 200,
    };
    const paid = await Promise.all(
      Array.from({ length: 20 }, () =>
        postOrderPaid(env.ctx(), { ...order, channelFee: { rateBps: 60, fixed: 0, bearer: 'platform' } }),
      ),
    );
    expect(paid.filter((x) => !x.replayed)).toHaveLength(1);
    const refunds = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        postOrderRefund(env.ctx(), {
          ...order,
          refundId: `r${i % 4}`,
          amount: 1500,
          fromAccount: 'merchant_pending',
        }),
      ),
    );
    // Four distinct refunds of 15.00 against 50.00: three fit, the fourth is refused, retries replay.
    const ok = refunds.filter((x) => x.status === 'fulfilled').map((x) => x.value);
    expect(new Set(ok.map((x) => x.entryId)).size).toBe(3);
    for (const x of refunds)
      if (x.status === 'rejected') expect(isAppError(x.reason, 'LEDGER_INVALID_AMOUNT')).toBe(true);
    await expectLedgerBalanced(env);
  });

  it('50 concurrent withdrawal holds against one account never overdraw it', async () => {
    const m = randomUUID();
    const available: AccountSpec = { type: 'merchant_available', ownerId: m };
    const withdrawing: AccountSpec = { type: 'merchant_withdrawing', ownerId: m };
    await postEntry(env.ctx(), {
      idempotencyKey: `fund:${m}`,
      kind: 'adjustment',
      transfers: [{ debit: equity, credit: available, amount: 1000 }],
    });
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) =>
        createHold(env.ctx(), {
          idempotencyKey: `wd:${m}:${i}`,
          debit: available,
          credit: withdrawing,
          amount: 30,
        }),
      ),
    );
    const held = results.filter((x) => x.status === 'fulfilled').map((x) => x.value.holdId);
    expect(held).toHaveLength(33);
    for (const x of results) {
      if (x.status === 'rejected') expect(isAppError(x.reason, 'LEDGER_INSUFFICIENT_FUNDS')).toBe(true);
    }
    expect(await getBalance(env.db, available)).toMatchObject({ posted: 1000, pending: 990, available: 10 });
    // Resolve them concurrently, each twice: one post or void wins per hold.
    const resolved = await Promise.allSettled(
      held.flatMap((id, i) => [
        i % 2
          ? voidHold(env.ctx(), id)
          : postHold(env.ctx(), id, { idempotencyKey: `wd-post:${id}`, kind: 'withdrawal' }),
        voidHold(env.ctx(), id),
      ]),
    );
    for (const x of resolved) {
      if (x.status === 'rejected') expect(isAppError(x.reason, 'LEDGER_HOLD_NOT_PENDING')).toBe(true);
    }
    const b = await getBalance(env.db, available);
    expect(b.pending).toBe(0);
    expect(b.available).toBeGreaterThanOrEqual(10);
    expect(b.available + (await getBalance(env.db, withdrawing)).posted).toBe(1000);
    await expectLedgerBalanced(env);
  });

  it('opposite postings between the same accounts never deadlock', async () => {
    const a: AccountSpec = { type: 'reseller_balance', ownerId: randomUUID() };
    const b: AccountSpec = { type: 'reseller_balance', ownerId: randomUUID() };
    for (const s of [a, b]) {
      await postEntry(env.ctx(), {
        idempotencyKey: `seed:${s.ownerId}`,
        kind: 'adjustment',
        transfers: [{ debit: equity, credit: s, amount: 10_000 }],
      });
    }
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        postEntry(env.ctx(), {
          idempotencyKey: `swap:${i}`,
          kind: 'test',
          transfers: [i % 2 ? { debit: a, credit: b, amount: 7 } : { debit: b, credit: a, amount: 7 }],
        }),
      ),
    );
    expect((await getBalance(env.db, a)).available).toBe(10_000);
    await expectLedgerBalanced(env);
  });
});
