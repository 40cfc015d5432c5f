import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorCode } from '@kameng/shared';
import { isAppError } from '../src/lib/app-error';
import { ensureAccount, type AccountSpec } from '../src/modules/ledger/accounts';
import { getBalance, listTransfers } from '../src/modules/ledger/balances';
import { checkLedger } from '../src/modules/ledger/check-ledger';
import { createHold } from '../src/modules/ledger/holds';
import { postEntry } from '../src/modules/ledger/post-entry';
import { postOrderPaid, postOrderRefund } from '../src/modules/ledger/post-order';
import { reverseEntry } from '../src/modules/ledger/reverse-entry';
import { createTestEnv, type TestEnv } from './env';
import { signedInAdmin, registeredMerchant } from './fixtures';
import { expectLedgerBalanced } from './ledger-assert';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(async () => {
  await expectLedgerBalanced(env);
  await env.close();
});

const fee = { rateBps: 60, fixed: 0, bearer: 'merchant' as const };
const equity: AccountSpec = { type: 'platform_equity' };
const reseller = (id: string): AccountSpec => ({ type: 'reseller_balance', ownerId: id });
const bal = async (spec: AccountSpec) => (await getBalance(env.db, spec)).available;

async function codeOf(p: Promise<unknown>): Promise<ErrorCode | 'ok' | 'other'> {
  try {
    await p;
    return 'ok';
  } catch (err) {
    return isAppError(err) ? err.code : 'other';
  }
}

/** Moves a merchant's pending earnings to available (what settlement does). */
async function settle(merchantId: string, amount: number, key: string) {
  return postEntry(env.ctx(), {
    idempotencyKey: key,
    kind: 'settlement',
    transfers: [
      {
        debit: { type: 'merchant_pending', ownerId: merchantId },
        credit: { type: 'merchant_available', ownerId: merchantId },
        amount,
      },
    ],
  });
}

describe('orders, refunds, reversals', () => {
  it('posts a paid order with the documented split', async () => {
    const m = randomUUID();
    const res = await postOrderPaid(env.ctx(), {
      orderId: 'o-split',
      merchantId: m,
      channelId: 'alipay-1',
      amount: 999,
      channelFee: fee,
      commissionBps: 500,
    });
    expect(res.split).toEqual({ channelFee: 6, commission: 50, merchantNet: 943, platformRevenue: 56 });
    expect(await bal({ type: 'merchant_pending', ownerId: m })).toBe(943);
    expect(
      (await getBalance(env.db, { type: 'platform_cash', ownerId: 'alipay-1' })).posted,
    ).toBeGreaterThanOrEqual(993);
    const again = await postOrderPaid(env.ctx(), {
      orderId: 'o-split',
      merchantId: m,
      channelId: 'alipay-1',
      amount: 999,
      channelFee: fee,
      commissionBps: 500,
    });
    expect(again).toMatchObject({ entryId: res.entryId, replayed: true });
    expect(
      await codeOf(
        postOrderPaid(env.ctx(), {
          orderId: 'o-split',
          merchantId: m,
          channelId: 'alipay-1',
          amount: 998,
          channelFee: fee,
          commissionBps: 500,
        }),
      ),
    ).toBe('LEDGER_IDEMPOTENCY_CONFLICT');
    const lines = await listTransfers(
      env.db,
      (await getBalance(env.db, { type: 'merchant_pending', ownerId: m })).accountId!,
      {
        limit: 10,
      },
    );
    expect(lines.map((l) => [l.code, l.direction, l.amount, l.balanceAfter])).toEqual([
      ['order.merchant_channel_fee', 'out', 6, 943],
      ['order.commission', 'out', 50, 949],
      ['order.gross', 'in', 999, 999],
    ]);
    expect(lines[0]).toMatchObject({ kind: 'order.paid', reference: { type: 'order', id: 'o-split' } });
  });

  it('refunds before settlement from pending, returning the commission in proportion', async () => {
    const m = randomUUID();
    const base = { orderId: `o-${m}`, merchantId: m, channelId: 'wx-1' };
    await postOrderPaid(env.ctx(), { ...base, amount: 1000, channelFee: fee, commissionBps: 500 });
    // net 1000 − 50 − 6 = 944
    const r1 = await postOrderRefund(env.ctx(), {
      ...base,
      refundId: 'r1',
      amount: 333,
      fromAccount: 'merchant_pending',
    });
    expect(r1).toMatchObject({ replayed: false, commissionReturned: 17, fromMerchant: 316, toReceivable: 0 });
    const r2 = await postOrderRefund(env.ctx(), {
      ...base,
      refundId: 'r2',
      amount: 667,
      fromAccount: 'merchant_pending',
    });
    expect(r2.commissionReturned).toBe(33); // 17 + 33 = 50: the whole commission back on a full refund
    // The merchant-borne channel fee (6) is not returned: pending (944) cannot cover 316 + 634.
    expect(r2).toMatchObject({ fromMerchant: 628, toReceivable: 6 });
    expect(await bal({ type: 'merchant_pending', ownerId: m })).toBe(0);
    expect(await bal({ type: 'merchant_receivable', ownerId: m })).toBe(6);
    // Over-refund, replay, conflict.
    expect(
      await codeOf(
        postOrderRefund(env.ctx(), { ...base, refundId: 'r3', amount: 1, fromAccount: 'merchant_pending' }),
      ),
    ).toBe('LEDGER_INVALID_AMOUNT');
    expect(
      await postOrderRefund(env.ctx(), {
        ...base,
        refundId: 'r1',
        amount: 333,
        fromAccount: 'merchant_pending',
      }),
    ).toEqual({ ...r1, replayed: true });
    expect(
      await codeOf(
        postOrderRefund(env.ctx(), { ...base, refundId: 'r1', amount: 334, fromAccount: 'merchant_pending' }),
      ),
    ).toBe('LEDGER_IDEMPOTENCY_CONFLICT');
    expect(
      await codeOf(
        postOrderRefund(env.ctx(), {
          ...base,
          orderId: 'never-paid',
          refundId: 'x',
          amount: 1,
          fromAccount: 'merchant_pending',
        }),
      ),
    ).toBe('NOT_FOUND');
  });

  it('refunds after settlement from available, the shortfall to receivable', async () => {
    const m = randomUUID();
    const base = { orderId: `o-${m}`, merchantId: m, channelId: 'wx-1' };
    const paid = await postOrderPaid(env.ctx(), {
      ...base,
      amount: 10000,
      channelFee: fee,
      commissionBps: 300,
    });
    expect(paid.split.merchantNet).toBe(10000 - 300 - 60);
    await settle(m, 9640, `settle:${m}`);
    // The merchant withdraws most of it (a hold) before the refund.
    await createHold(env.ctx(), {
      idempotencyKey: `wd:${m}`,
      debit: { type: 'merchant_available', ownerId: m },
      credit: { type: 'merchant_withdrawing', ownerId: m },
      amount: 9000,
    });
    const r = await postOrderRefund(env.ctx(), {
      ...base,
      refundId: 'full',
      amount: 10000,
      fromAccount: 'merchant_available',
    });
    // Commission 300 comes back from the platform; the merchant owes 9700: 640 available, 9060 receivable.
    expect(r).toMatchObject({ commissionReturned: 300, fromMerchant: 640, toReceivable: 9060 });
    expect(await getBalance(env.db, { type: 'merchant_available', ownerId: m })).toMatchObject({
      posted: 9000,
      pending: 9000,
      available: 0,
    });
    expect(await bal({ type: 'merchant_receivable', ownerId: m })).toBe(9060);
    expect(await bal({ type: 'buyer_refunds_payable' })).toBe(0);
    await expectLedgerBalanced(env);
  });

  it('reverses an entry once with mirror transfers', async () => {
    const r = reseller(randomUUID());
    const e = await postEntry(env.ctx(), {
      idempotencyKey: `adj:${r.ownerId}`,
      kind: 'adjustment',
      transfers: [{ debit: equity, credit: r, amount: 250 }],
    });
    const rev = await reverseEntry(env.ctx(), e.entryId, { idempotencyKey: `adj:${r.ownerId}:rev` });
    expect(rev.replayed).toBe(false);
    expect(await bal(r)).toBe(0);
    expect(await reverseEntry(env.ctx(), e.entryId, { idempotencyKey: `adj:${r.ownerId}:rev` })).toEqual({
      entryId: rev.entryId,
      replayed: true,
    });
    expect(
      await codeOf(reverseEntry(env.ctx(), e.entryId, { idempotencyKey: `adj:${r.ownerId}:rev2` })),
    ).toBe('CONFLICT');
    expect(await codeOf(reverseEntry(env.ctx(), randomUUID(), { idempotencyKey: 'x' }))).toBe('NOT_FOUND');
    const [row] = (
      await env.db.execute<{ reverses_entry_id: string; kind: string }>(
        sql`SELECT reverses_entry_id, kind FROM ledger_entries WHERE id = ${rev.entryId}`,
      )
    ).rows;
    expect(row).toEqual({ reverses_entry_id: e.entryId, kind: 'adjustment.reversal' });
    // Money already spent cannot be reversed out of a no-negative account.
    const e2 = await postEntry(env.ctx(), {
      idempotencyKey: `adj2:${r.ownerId}`,
      kind: 'adjustment',
      transfers: [{ debit: equity, credit: r, amount: 100 }],
    });
    await postEntry(env.ctx(), {
      idempotencyKey: `spend2:${r.ownerId}`,
      kind: 'api.order',
      transfers: [{ debit: r, credit: equity, amount: 60 }],
    });
    expect(
      await codeOf(reverseEntry(env.ctx(), e2.entryId, { idempotencyKey: `adj2:${r.ownerId}:rev` })),
    ).toBe('LEDGER_INSUFFICIENT_FUNDS');
  });
});

describe('invariant check', () => {
  it('names tampered running totals, pending totals and negatives; the admin API shows the result', async () => {
    const { agent } = await signedInAdmin(env);
    const ok = await agent.get('/api/admin/ledger/check');
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ ok: true, problems: [] });
    const m = await registeredMerchant(env);
    expect((await m.agent.get('/api/admin/ledger/check')).statusCode).toBe(403);

    const accounts = await agent.get('/api/admin/ledger/accounts?type=reseller_balance');
    expect(accounts.statusCode).toBe(200);
    const items = accounts.json<{ items: { type: string; available: number }[] }>().items;
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((i) => i.type === 'reseller_balance')).toBe(true);
    expect((await agent.get('/api/admin/ledger/accounts?type=bogus')).statusCode).toBe(400);

    const victim = reseller(randomUUID());
    const id = await ensureAccount(env.ctx(), victim);
    await env.db
      .transaction(async (tx) => {
        await tx.execute(
          sql`UPDATE ledger_accounts SET credits_posted = credits_posted + 5, debits_pending = 9 WHERE id = ${id}`,
        );
        const res = await checkLedger(tx);
        expect(res.ok).toBe(false);
        expect(res.problems.map((p) => p.kind).sort()).toEqual([
          'negative_balance',
          'pending_mismatch',
          'running_total_mismatch',
        ]);
        tx.rollback();
      })
      .catch(() => undefined);
    expect((await checkLedger(env.db)).ok).toBe(true);
  });
});
