import { sql, type SQL } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendAudit } from '../src/modules/audit/append-audit';
import { verifyAudit } from '../src/modules/audit/verify-audit';
import { createTestEnv, type TestEnv } from './env';
import { registeredMerchant, signedInAdmin } from './fixtures';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env.close());

/** Applies a tampering statement, verifies the chain, and rolls the tampering back. */
async function tampered(statement: SQL) {
  let result: Awaited<ReturnType<typeof verifyAudit>> | undefined;
  await env.db
    .transaction(async (tx) => {
      await tx.execute(statement);
      result = await verifyAudit(tx);
      tx.rollback();
    })
    .catch((err: unknown) => {
      if (!(err instanceof Error && err.message.includes('Rollback'))) throw err;
    });
  return result;
}

describe('audit log', () => {
  it('records privileged actions with actor, ip and request id, newest first', async () => {
    const { agent, email } = await signedInAdmin(env);
    const { merchantId } = await registeredMerchant(env);
    const res = await agent.post(`/api/admin/merchants/${merchantId}/status`, {
      status: 'active',
      reason: 'documents ok',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().status).toBe('active');
    const put = await agent.put('/api/admin/settings', { siteName: '测试卡盟' });
    expect(put.json().siteName).toBe('测试卡盟');

    const list = await agent.get('/api/admin/audit?limit=10');
    const items = list.json<{
      items: { action: string; actorEmail: string; requestId: string; ip: string; data: unknown }[];
    }>().items;
    expect(items.map((i) => i.action).slice(0, 2)).toEqual(['settings.update', 'merchant.status_changed']);
    expect(items[0]).toMatchObject({ actorEmail: email, ip: '127.0.0.1' });
    expect(items[0]!.requestId).toBe(put.headers['x-request-id']);
    expect(items[1]!.data).toEqual({ from: 'pending_review', to: 'active', reason: 'documents ok' });
    for (const action of ['auth.login', 'account.2fa_enabled', 'admin.create', 'merchant.register']) {
      expect(
        items.some((i) => i.action === action) ||
          (await agent.get(`/api/admin/audit?action=${action}`)).json().items.length > 0,
        action,
      ).toBe(true);
    }
  });

  it('verifies an intact chain through the admin API', async () => {
    const { agent } = await signedInAdmin(env);
    const res = await agent.post('/api/admin/audit/verify');
    expect(res.json()).toMatchObject({ ok: true, firstBrokenId: null });
    expect(res.json().checked).toBeGreaterThan(3);
  });

  it('detects an edited row, a deleted row and a re-hashed row, naming the first broken entry', async () => {
    const ctx = env.ctx();
    for (let i = 0; i < 5; i++) await appendAudit(ctx, { action: 'test.entry', data: { i } });
    const ids = (
      await env.db.execute<{ id: number }>(
        sql`SELECT id FROM audit_log WHERE action = 'test.entry' ORDER BY id`,
      )
    ).rows.map((r) => r.id);
    expect((await verifyAudit(env.db)).ok).toBe(true);

    const edited = await tampered(sql`UPDATE audit_log SET data = '{"i": 99}' WHERE id = ${ids[1]}`);
    expect(edited).toMatchObject({ ok: false, firstBrokenId: String(ids[1]), reason: 'hash_mismatch' });

    const deleted = await tampered(sql`DELETE FROM audit_log WHERE id = ${ids[2]}`);
    expect(deleted).toMatchObject({ ok: false, firstBrokenId: String(ids[3]), reason: 'link_mismatch' });

    // Giving the edited row a new hash does not help: the next row's link breaks.
    const rehashed = await tampered(
      sql`UPDATE audit_log SET data = '{"i": 99}', hash = sha256(hash) WHERE id = ${ids[1]}`,
    );
    expect(rehashed).toMatchObject({ ok: false, firstBrokenId: String(ids[1]) });

    expect((await verifyAudit(env.db)).ok).toBe(true);
  });

  it('keeps the chain intact under concurrent appends', async () => {
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        env.db.transaction((tx) =>
          appendAudit({ ...env.ctx(), db: tx }, { action: 'test.concurrent', data: { i } }),
        ),
      ),
    );
    expect((await verifyAudit(env.db)).ok).toBe(true);
  });

  it('an action that rolls back leaves no audit entry', async () => {
    const before = (await env.db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM audit_log`))
      .rows[0]!.n;
    await env.db
      .transaction(async (tx) => {
        await appendAudit({ ...env.ctx(), db: tx }, { action: 'test.rolled_back' });
        throw new Error('boom');
      })
      .catch(() => undefined);
    const after = (await env.db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM audit_log`))
      .rows[0]!.n;
    expect(after).toBe(before);
  });
});

describe('merchant status by the admin', () => {
  it('follows the declared transitions; a ban is final', async () => {
    const { agent } = await signedInAdmin(env);
    const { merchantId, agent: owner } = await registeredMerchant(env);
    const move = (status: string) =>
      agent.post(`/api/admin/merchants/${merchantId}/status`, { status, reason: 'test reason' });
    expect((await move('suspended')).json().code).toBe('MERCHANT_STATUS_TRANSITION');
    expect((await move('active')).statusCode).toBe(200);
    expect((await move('suspended')).statusCode).toBe(200);
    expect((await owner.get('/api/auth/me')).json().merchant.status).toBe('suspended');
    expect((await move('banned')).statusCode).toBe(200);
    expect((await move('active')).json().code).toBe('MERCHANT_STATUS_TRANSITION');
    const listed = await agent.get('/api/admin/merchants?status=banned');
    expect(listed.json().items.map((m: { id: string }) => m.id)).toContain(merchantId);
  });
});
