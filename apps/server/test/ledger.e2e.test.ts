import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorCode } from '@kameng/shared';
import { isAppError } from '../src/lib/app-error';
import { ensureAccount, type AccountSpec } from '../src/modules/ledger/accounts';
import { getBalance } from '../src/modules/ledger/balances';
import { createHold, postHold, voidHold } from '../src/modules/ledger/holds';
import { postEntry } from '../src/modules/ledger/post-entry';
import { createTestEnv, type TestEnv } from './env';
import { expectLedgerBalanced } from './ledger-assert';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(async () => {
  await expectLedgerBalanced(env);
  await env.close();
});

const equity: AccountSpec = { type: 'platform_equity' };
const reseller = (id: string): AccountSpec => ({ type: 'reseller_balance', ownerId: id });
const bal = async (spec: AccountSpec) => (await getBalance(env.db, spec)).available;
const counts = async () =>
  (
    await env.db.execute<{ e: number; t: number; h: number }>(sql`
      SELECT (SELECT count(*) FROM ledger_entries)::int8 AS e, (SELECT count(*) FROM ledger_transfers)::int8 AS t,
        (SELECT count(*) FROM ledger_holds)::int8 AS h`)
  ).rows[0]!;

async function codeOf(p: Promise<unknown>): Promise<ErrorCode | 'ok' | 'other'> {
  try {
    await p;
    return 'ok';
  } catch (err) {
    return isAppError(err) ? err.code : 'other';
  }
}

describe('accounts', () => {
  it('ensureAccount is an idempotent upsert by code', async () => {
    const a = await ensureAccount(env.ctx(), { type: 'merchant_available', ownerId: 'acct-1' });
    const b = await ensureAccount(env.ctx(), {
      type: 'merchant_available',
      ownerId: 'acct-1',
      currency: 'CNY',
    });
    expect(a).toBe(b);
    expect(await getBalance(env.db, { type: 'merchant_available', ownerId: 'nobody' })).toEqual({
      accountId: null,
      posted: 0,
      pending: 0,
      available: 0,
    });
  });
});

describe('postEntry', () => {
  it('posts, replays with the same content and refuses other content under the key', async () => {
    const r = reseller(randomUUID());
    const first = await postEntry(env.ctx(), {
      idempotencyKey: 'topup:1',
      kind: 'reseller.topup',
      memo: 'bank transfer',
      transfers: [{ debit: equity, credit: r, amount: 5000 }],
    });
    expect(first.replayed).toBe(false);
    const before = await counts();
    const again = await postEntry(env.ctx(), {
      idempotencyKey: 'topup:1',
      kind: 'reseller.topup',
      memo: 'reworded memo',
      transfers: [{ debit: equity, credit: { ...r, currency: 'CNY' }, amount: 5000 }],
    });
    expect(again).toEqual({ entryId: first.entryId, replayed: true });
    expect(
      await codeOf(
        postEntry(env.ctx(), {
          idempotencyKey: 'topup:1',
          kind: 'reseller.topup',
          transfers: [{ debit: equity, credit: r, amount: 5001 }],
        }),
      ),
    ).toBe('LEDGER_IDEMPOTENCY_CONFLICT');
    expect(await counts()).toEqual(before);
    expect(await bal(r)).toBe(5000);
    expect(await bal(equity)).toBeLessThan(0);
  });

  it('refuses bad amounts, currencies and overdrafts with nothing posted', async () => {
    const r = reseller(randomUUID());
    const before = await counts();
    const post = (amount: number, extra: Partial<Parameters<typeof postEntry>[1]> = {}, credit = equity) =>
      codeOf(
        postEntry(env.ctx(), {
          idempotencyKey: `bad:${randomUUID()}`,
          kind: 'test',
          transfers: [
            { debit: equity, credit: r, amount: 100 },
            { debit: r, credit, amount },
          ],
          ...extra,
        }),
      );
    expect(await post(-1)).toBe('LEDGER_INVALID_AMOUNT');
    expect(await post(0)).toBe('LEDGER_INVALID_AMOUNT');
    expect(await post(1.5)).toBe('LEDGER_INVALID_AMOUNT');
    expect(await post(Number.NaN)).toBe('LEDGER_INVALID_AMOUNT');
    expect(await post(2 ** 53)).toBe('LEDGER_INVALID_AMOUNT');
    expect(await post(1, { transfers: [] })).toBe('LEDGER_INVALID_AMOUNT');
    expect(await post(1, { currency: 'EUR' })).toBe('LEDGER_UNKNOWN_CURRENCY');
    expect(await post(1, {}, { type: 'platform_equity', currency: 'USD' })).toBe('LEDGER_CURRENCY_MISMATCH');
    // The first transfer credits 100; the second takes 101: the whole entry fails.
    expect(await post(101)).toBe('LEDGER_INSUFFICIENT_FUNDS');
    expect(await counts()).toEqual(before);
    expect(await bal(r)).toBe(0);
    expect(await post(100)).toBe('ok');
    expect(await bal(r)).toBe(0);
  });

  it('posts in other currencies to separate accounts', async () => {
    const r = { ...reseller(randomUUID()), currency: 'USDT' };
    await postEntry(env.ctx(), {
      idempotencyKey: `usdt:${randomUUID()}`,
      kind: 'reseller.topup',
      currency: 'USDT',
      transfers: [
        { debit: { type: 'platform_equity' }, credit: { ownerId: r.ownerId, type: r.type }, amount: 77 },
      ],
    });
    expect(await bal(r)).toBe(77);
    expect(await bal({ ...r, currency: 'CNY' })).toBe(0);
  });
});

describe('holds', () => {
  it('reserve, post part (rest released), void, and refuse a second resolution', async () => {
    const r = reseller(randomUUID());
    await postEntry(env.ctx(), {
      idempotencyKey: `fund:${r.ownerId}`,
      kind: 'reseller.topup',
      transfers: [{ debit: equity, credit: r, amount: 1000 }],
    });
    const h = await createHold(env.ctx(), {
      idempotencyKey: `h1:${r.ownerId}`,
      debit: r,
      credit: equity,
      amount: 700,
    });
    expect(await getBalance(env.db, r)).toMatchObject({ posted: 1000, pending: 700, available: 300 });
    // Replay and conflict.
    expect(
      await createHold(env.ctx(), {
        idempotencyKey: `h1:${r.ownerId}`,
        debit: r,
        credit: equity,
        amount: 700,
      }),
    ).toEqual({ holdId: h.holdId, replayed: true });
    expect(
      await codeOf(
        createHold(env.ctx(), { idempotencyKey: `h1:${r.ownerId}`, debit: r, credit: equity, amount: 1 }),
      ),
    ).toBe('LEDGER_IDEMPOTENCY_CONFLICT');
    // Over the available balance.
    expect(
      await codeOf(
        createHold(env.ctx(), { idempotencyKey: `h2:${r.ownerId}`, debit: r, credit: equity, amount: 301 }),
      ),
    ).toBe('LEDGER_INSUFFICIENT_FUNDS');
    expect(
      await codeOf(
        createHold(env.ctx(), { idempotencyKey: `h2:${r.ownerId}`, debit: r, credit: equity, amount: -3 }),
      ),
    ).toBe('LEDGER_INVALID_AMOUNT');
    // A posting cannot spend held money either.
    expect(
      await codeOf(
        postEntry(env.ctx(), {
          idempotencyKey: `spend:${r.ownerId}`,
          kind: 'test',
          transfers: [{ debit: r, credit: equity, amount: 301 }],
        }),
      ),
    ).toBe('LEDGER_INSUFFICIENT_FUNDS');

    expect(
      await codeOf(
        postHold(env.ctx(), h.holdId, { idempotencyKey: `p1:${r.ownerId}`, kind: 'api.order', amount: 701 }),
      ),
    ).toBe('LEDGER_HOLD_EXCEEDED');
    const posted = await postHold(env.ctx(), h.holdId, {
      idempotencyKey: `p1:${r.ownerId}`,
      kind: 'api.order',
      amount: 600,
    });
    expect(await getBalance(env.db, r)).toMatchObject({ posted: 400, pending: 0, available: 400 });
    // Same key again: the same entry; anything else: not pending.
    expect(
      await postHold(env.ctx(), h.holdId, { idempotencyKey: `p1:${r.ownerId}`, kind: 'api.order' }),
    ).toEqual(posted);
    expect(
      await codeOf(postHold(env.ctx(), h.holdId, { idempotencyKey: `p2:${r.ownerId}`, kind: 'api.order' })),
    ).toBe('LEDGER_HOLD_NOT_PENDING');
    expect(await codeOf(voidHold(env.ctx(), h.holdId))).toBe('LEDGER_HOLD_NOT_PENDING');

    const v = await createHold(env.ctx(), {
      idempotencyKey: `h3:${r.ownerId}`,
      debit: r,
      credit: equity,
      amount: 400,
    });
    expect(await bal(r)).toBe(0);
    await voidHold(env.ctx(), v.holdId);
    expect(await bal(r)).toBe(400);
    expect(await codeOf(voidHold(env.ctx(), v.holdId))).toBe('LEDGER_HOLD_NOT_PENDING');
    expect(
      await codeOf(postHold(env.ctx(), v.holdId, { idempotencyKey: `p3:${r.ownerId}`, kind: 'x' })),
    ).toBe('LEDGER_HOLD_NOT_PENDING');
    expect(await codeOf(voidHold(env.ctx(), randomUUID()))).toBe('NOT_FOUND');
    expect(await codeOf(voidHold(env.ctx(), 'not-a-uuid'))).toBe('NOT_FOUND');
    await expectLedgerBalanced(env);
  });
});
