import { randomBytes } from 'node:crypto';
import {
  type AdminApiReseller,
  type ApiCallPage,
  type ApiCredential,
  type ApiCredentialWithSecret,
  type ApiStats,
  type DeveloperOverview,
  type SignatureDebugResult,
} from '@kameng/shared';
import type { KamengApiError } from '@kameng/sdk';
import { signRequest } from '@kameng/sdk';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../src/modules/accounts/create-user';
import { auditLog } from '../src/modules/audit/schema';
import { maintenanceJob } from '../src/jobs/maintenance';
import { apiCalls, apiCredentials, apiNonces } from '../src/modules/docking/schema';
import { Agent } from './agent';
import { dockingAccount, listen, sdkClient } from './docking-fixtures';
import { createTestEnv, type TestEnv } from './env';
import { PASSWORD, signedInAdmin, uniqueEmail } from './fixtures';

let env: TestEnv;
let base: string;
let admin: Agent;

beforeAll(async () => {
  env = await createTestEnv();
  base = await listen(env);
  admin = (await signedInAdmin(env)).agent;
});
afterAll(async () => env?.close());

function client(cred: { appKey: string; appSecret: string }) {
  return sdkClient(base, cred, { now: () => env.clock.now.getTime() });
}

/** A reseller made by the admin, signed in, with API access not yet requested. */
async function newReseller() {
  const email = uniqueEmail('dev');
  await createUser(env.ctx(), { email, password: PASSWORD, displayName: 'Dev' });
  const agent = new Agent(env.app, 'en');
  expect((await agent.post('/api/auth/login', { email, password: PASSWORD })).statusCode).toBe(200);
  const created = await admin.post('/api/admin/finance/resellers', { email, name: `Dev ${email}` });
  expect(created.statusCode, created.body).toBe(201);
  return { agent, resellerId: created.json<{ id: string }>().id };
}

const create = (agent: Agent, body: Record<string, unknown>) =>
  agent.post('/api/developer/credentials', {
    name: 'key',
    mode: 'sandbox',
    scopes: ['balance:read'],
    ...body,
  });

/** Waits (bounded) until the reseller's call log holds `n` rows: the log is written after each answer. */
async function waitForCalls(resellerId: string, n: number) {
  for (let i = 0; i < 100; i++) {
    const rows = await env.db
      .select({ id: apiCalls.id })
      .from(apiCalls)
      .where(eq(apiCalls.resellerId, resellerId));
    if (rows.length >= n) return rows.length;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`call log did not reach ${n} rows`);
}

describe('developer access', () => {
  it('goes from request to approval: sandbox keys once requested, live keys once approved', async () => {
    const { agent, resellerId } = await newReseller();
    const overview0 = (await agent.get('/api/developer/overview')).json<DeveloperOverview>();
    expect(overview0).toMatchObject({ apiStatus: 'none', servedVersion: '1.0', level: null });
    expect((await create(agent, {})).json<{ code: string }>().code).toBe('API_ACCESS_NOT_APPROVED');

    expect((await agent.post('/api/developer/access-request')).json()).toEqual({ apiStatus: 'pending' });
    expect((await create(agent, { mode: 'live' })).json<{ code: string }>().code).toBe(
      'API_ACCESS_NOT_APPROVED',
    );
    const sandbox = await create(agent, {});
    expect(sandbox.statusCode, sandbox.body).toBe(201);
    const sb = sandbox.json<ApiCredentialWithSecret>();
    expect(sb.credential.appKey).toMatch(/^kmk_test_[0-9a-f]{32}$/);
    expect(Buffer.from(sb.appSecret, 'base64url')).toHaveLength(32);
    // Prepared, but requests pass only once access is approved.
    const early = await client({ appKey: sb.credential.appKey, appSecret: sb.appSecret })
      .ping()
      .catch((e: unknown) => e);
    expect((early as KamengApiError).code).toBe('API_ACCESS_SUSPENDED');

    const pending = (await admin.get('/api/admin/docking/resellers?apiStatus=pending')).json<{
      items: AdminApiReseller[];
    }>();
    expect(pending.items.map((r) => r.id)).toContain(resellerId);
    const approved = await admin.post(`/api/admin/docking/resellers/${resellerId}/access`, {
      action: 'approve',
    });
    expect(approved.json<AdminApiReseller>()).toMatchObject({ apiStatus: 'approved', activeCredentials: 1 });
    expect((await client({ appKey: sb.credential.appKey, appSecret: sb.appSecret }).ping()).mode).toBe(
      'sandbox',
    );
    const live = await create(agent, { mode: 'live' });
    expect(live.statusCode, live.body).toBe(201);
    expect(live.json<ApiCredentialWithSecret>().credential.appKey).toMatch(/^kmk_live_/);

    // The secret is stored encrypted, never in clear, and listed nowhere.
    const [row] = await env.db.select().from(apiCredentials).where(eq(apiCredentials.id, sb.credential.id));
    expect(row!.secretEnc.includes(Buffer.from(sb.appSecret))).toBe(false);
    const list = await agent.get('/api/developer/credentials');
    expect(list.body).not.toContain(sb.appSecret);
    expect(list.json<{ items: ApiCredential[] }>().items).toHaveLength(2);

    const audit = await env.db.select({ action: auditLog.action }).from(auditLog);
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining([
        'reseller.api_access.request',
        'reseller.api_access.approve',
        'api.credential.create',
      ]),
    );
    expect(JSON.stringify(await env.db.select().from(auditLog))).not.toContain(sb.appSecret);
  });

  it('validates scopes, IP lists and expiry, and caps active keys at 20', async () => {
    const acct = await dockingAccount(env, admin);
    const bad = await create(acct.agent, { ipAllowList: ['10.0.0.0/8', 'intranet'] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'IP_ALLOW_LIST_INVALID', details: { invalid: ['intranet'] } });
    expect((await create(acct.agent, { scopes: ['admin:all'] })).json<{ code: string }>().code).toBe(
      'VALIDATION_FAILED',
    );
    expect(
      (await create(acct.agent, { expiresAt: '2000-01-01T00:00:00Z' })).json<{ code: string }>().code,
    ).toBe('VALIDATION_FAILED');
    // dockingAccount made 2; 18 more reach the cap.
    for (let i = 0; i < 18; i++) expect((await create(acct.agent, {})).statusCode).toBe(201);
    const over = await create(acct.agent, {});
    expect([over.statusCode, over.json<{ code: string }>().code]).toEqual([409, 'CREDENTIAL_LIMIT']);
    // Revoking one frees a place.
    const first = (await acct.agent.get('/api/developer/credentials')).json<{ items: ApiCredential[] }>()
      .items[0]!;
    expect((await acct.agent.post(`/api/developer/credentials/${first.id}/revoke`)).statusCode).toBe(200);
    expect((await create(acct.agent, {})).statusCode).toBe(201);
  });

  it("cannot see or change another reseller's credentials", async () => {
    const a = await dockingAccount(env, admin);
    const b = await dockingAccount(env, admin);
    const res = await b.agent.post(`/api/developer/credentials/${a.live.id}/revoke`);
    expect([res.statusCode, res.json<{ code: string }>().code]).toEqual([404, 'CREDENTIAL_NOT_FOUND']);
    expect((await b.agent.patch(`/api/developer/credentials/${a.live.id}`, { name: 'x' })).statusCode).toBe(
      404,
    );
    expect((await client(a.live).ping()).mode).toBe('live');
  });
});

describe('monitoring', () => {
  it('logs every call (refusals included) and sums them in the stats', async () => {
    const acct = await dockingAccount(env, admin);
    const live = client(acct.live);
    await live.ping();
    await live.balance.get();
    await live.balance.get();
    const forged = await client({ appKey: acct.live.appKey, appSecret: 'wrong' })
      .ping()
      .catch((e: unknown) => e);
    expect((forged as KamengApiError).code).toBe('API_SIGNATURE_INVALID');
    await client(acct.sandbox).ping();
    await waitForCalls(acct.resellerId, 5);

    const all = (await acct.agent.get('/api/developer/calls')).json<ApiCallPage>();
    expect(all.items).toHaveLength(5);
    expect(all.items[0]).toMatchObject({
      route: '/api/v1/ping',
      status: 200,
      mode: 'sandbox',
      version: '1.0',
    });
    const failed = all.items.find((c) => c.status === 401)!;
    expect(failed).toMatchObject({
      credentialId: acct.live.id,
      appKey: acct.live.appKey,
      errorCode: 'API_SIGNATURE_INVALID',
      route: '/api/v1/ping',
      method: 'GET',
      ip: '127.0.0.1',
    });
    expect(failed.requestId).toBeTruthy();
    expect(failed.durationMs).toBeGreaterThan(0);

    const errors = (await acct.agent.get('/api/developer/calls?status=4xx')).json<ApiCallPage>();
    expect(errors.items.map((c) => c.errorCode)).toEqual(['API_SIGNATURE_INVALID']);
    const byRoute = (await acct.agent.get('/api/developer/calls?route=/api/v1/balance')).json<ApiCallPage>();
    expect(byRoute.items).toHaveLength(2);
    const byKey = (
      await acct.agent.get(`/api/developer/calls?credentialId=${acct.sandbox.id}`)
    ).json<ApiCallPage>();
    expect(byKey.items).toHaveLength(1);
    const paged = (await acct.agent.get('/api/developer/calls?limit=3')).json<ApiCallPage>();
    expect(paged.items).toHaveLength(3);
    const rest = (
      await acct.agent.get(`/api/developer/calls?limit=3&before=${paged.nextBefore}`)
    ).json<ApiCallPage>();
    expect(rest.items).toHaveLength(2);

    const stats = (await acct.agent.get('/api/developer/stats?range=24h')).json<ApiStats>();
    expect(stats.bucketSeconds).toBe(300);
    expect(stats.buckets).toHaveLength(288);
    expect(stats.totals).toMatchObject({ calls: 5, errors: 1, errorRate: 0.2 });
    expect(stats.totals.p50).toBeGreaterThan(0);
    expect(stats.totals.p99!).toBeGreaterThanOrEqual(stats.totals.p95!);
    expect(stats.buckets.reduce((s, b) => s + b.calls, 0)).toBe(5);
    expect(stats.buckets.at(-1)!.calls).toBe(5); // all in the current bucket
    const perKey = Object.fromEntries(stats.perKey.map((k) => [k.credentialId, k]));
    expect(perKey[acct.live.id]).toMatchObject({ calls: 4, errors: 1, errorRate: 0.25 });
    expect(perKey[acct.sandbox.id]).toMatchObject({ calls: 1, errors: 0 });

    const week = (
      await acct.agent.get(`/api/developer/stats?range=7d&credentialId=${acct.sandbox.id}`)
    ).json<ApiStats>();
    expect([week.bucketSeconds, week.buckets.length, week.totals.calls]).toEqual([3600, 168, 1]);

    // The admin sees every account, or one.
    const other = await dockingAccount(env, admin);
    await client(other.live).ping();
    await waitForCalls(other.resellerId, 1);
    const one = (await admin.get(`/api/admin/docking/stats?resellerId=${acct.resellerId}`)).json<ApiStats>();
    expect(one.totals.calls).toBe(5);
    const everyone = (await admin.get('/api/admin/docking/stats')).json<ApiStats>();
    expect(everyone.totals.calls).toBeGreaterThanOrEqual(6);
    expect(everyone.perKey.some((k) => k.credentialId === other.live.id && k.calls === 1)).toBe(true);
    const adminCalls = (
      await admin.get(`/api/admin/docking/calls?resellerId=${other.resellerId}`)
    ).json<ApiCallPage>();
    expect(adminCalls.items).toHaveLength(1);
    // A reseller cannot read the admin figures.
    expect((await acct.agent.get('/api/admin/docking/stats')).statusCode).toBe(403);
  });

  it('logs unauthenticated calls without an account and keeps them out of every reseller view', async () => {
    const acct = await dockingAccount(env, admin);
    const res = await fetch(`${base}/api/v1/balance`, { headers: { 'x-request-id': 'anon-call-0001' } });
    expect(res.status).toBe(401);
    for (let i = 0; i < 100; i++) {
      const [row] = await env.db.select().from(apiCalls).where(eq(apiCalls.requestId, 'anon-call-0001'));
      if (row) {
        expect(row).toMatchObject({
          credentialId: null,
          resellerId: null,
          errorCode: 'API_AUTH_MISSING',
          status: 401,
        });
        break;
      }
      if (i === 99) throw new Error('no call log row');
      await new Promise((r) => setTimeout(r, 20));
    }
    const own = (await acct.agent.get('/api/developer/calls?errorCode=API_AUTH_MISSING')).json<ApiCallPage>();
    expect(own.items).toHaveLength(0);
  });
});

describe('signature debugger', () => {
  it('explains a mismatch and confirms a match, for own keys only', async () => {
    const acct = await dockingAccount(env, admin);
    const ts = String(Math.floor(env.clock.now.getTime() / 1000));
    const nonce = randomBytes(12).toString('hex');
    const body = '{"sku_id":"x","quantity":1}';
    const good = await signRequest({
      ...acct.live,
      method: 'POST',
      path: '/api/v1/orders',
      body,
      timestamp: ts,
      nonce,
    });
    const debug = (input: Record<string, unknown>) =>
      acct.agent.post('/api/developer/signature-debug', {
        method: 'POST',
        path: '/api/v1/orders',
        authorization: good.authorization,
        body,
        ...input,
      });

    const ok = (await debug({})).json<SignatureDebugResult>();
    expect(ok).toMatchObject({
      matches: true,
      matchedSecret: 'current',
      problems: [],
      canonicalString: good.canonicalString,
      bodySha256: good.bodySha256,
      expectedSignature: good.signature,
      credential: { id: acct.live.id, mode: 'live' },
    });

    // The body sent differs from the one signed (e.g. re-serialised JSON).
    const changed = (await debug({ body: '{"sku_id": "x", "quantity": 1}' })).json<SignatureDebugResult>();
    expect(changed.matches).toBe(false);
    expect(changed.problems).toEqual(['signature_mismatch']);
    expect(changed.bodySha256).not.toBe(good.bodySha256);
    expect(changed.canonicalString).not.toBe(good.canonicalString);

    const stale = await signRequest({
      ...acct.live,
      method: 'GET',
      path: '/api/v1/ping',
      timestamp: Number(ts) - 1000,
      nonce,
    });
    const late = (
      await debug({ method: 'GET', path: '/api/v1/ping', body: '', authorization: stale.authorization })
    ).json<SignatureDebugResult>();
    expect(late).toMatchObject({ matches: true, problems: ['timestamp_out_of_window'] });
    // 1000 s behind the timestamp signed earlier in this test, so behind now by that and what has passed since.
    expect(late.clockSkewSeconds).toBeLessThanOrEqual(-1000);
    expect(late.clockSkewSeconds).toBeGreaterThanOrEqual(-1005);

    const malformed = (await debug({ authorization: 'Basic abc' })).json<SignatureDebugResult>();
    expect(malformed).toMatchObject({
      matches: false,
      problems: ['malformed_header'],
      canonicalString: null,
    });

    const other = await dockingAccount(env, admin);
    const theirs = await signRequest({
      ...other.live,
      method: 'GET',
      path: '/api/v1/ping',
      timestamp: ts,
      nonce,
    });
    const foreign = (
      await debug({ method: 'GET', path: '/api/v1/ping', body: '', authorization: theirs.authorization })
    ).json<SignatureDebugResult>();
    expect(foreign).toMatchObject({
      matches: false,
      expectedSignature: null,
      credential: null,
      problems: ['unknown_key'],
    });

    // The query is canonicalised like the server does (sorted, re-encoded).
    const q = await signRequest({
      ...acct.live,
      method: 'GET',
      path: '/api/v1/orders',
      query: 'status=delivered&limit=2',
      timestamp: ts,
      nonce,
    });
    const sorted = (
      await debug({
        method: 'GET',
        path: '/api/v1/orders?limit=2&status=delivered',
        body: '',
        authorization: q.authorization,
      })
    ).json<SignatureDebugResult>();
    expect(sorted.matches).toBe(true);
    // Nothing was spent: the real request with that nonce still passes.
    const real = sdkClient(base, acct.live, { now: () => env.clock.now.getTime(), nonce: () => nonce });
    expect((await real.ping()).mode).toBe('live');
  });
});

describe('admin docking', () => {
  it('manages levels and price lists, and the level shows in ping', async () => {
    const acct = await dockingAccount(env, admin);
    const lvl = await admin.post('/api/admin/docking/levels', { name: 'Gold', discountBps: 500 });
    expect(lvl.statusCode, lvl.body).toBe(201);
    const levelId = lvl.json<{ id: string }>().id;
    const renamed = await admin.patch(`/api/admin/docking/levels/${levelId}`, {
      name: 'Gold+',
      discountBps: 800,
    });
    expect(renamed.json()).toMatchObject({ name: 'Gold+', discountBps: 800, priceCount: 0 });
    const missing = await admin.put(`/api/admin/docking/levels/${levelId}/prices`, {
      items: [{ skuId: '00000000-0000-4000-8000-000000000001', price: 100 }],
    });
    expect(missing.json<{ code: string }>().code).toBe('NOT_FOUND');

    const assigned = await admin.put(`/api/admin/docking/resellers/${acct.resellerId}/level`, { levelId });
    expect(assigned.json<AdminApiReseller>().level).toMatchObject({ id: levelId, name: 'Gold+' });
    expect((await client(acct.live).ping()).account.level).toBe('Gold+');
    const overview = (await acct.agent.get('/api/developer/overview')).json<DeveloperOverview>();
    expect(overview.level).toMatchObject({ name: 'Gold+', discountBps: 800 });
    // A level in use cannot be deleted.
    expect((await admin.delete(`/api/admin/docking/levels/${levelId}`)).statusCode).toBe(409);
    await admin.put(`/api/admin/docking/resellers/${acct.resellerId}/level`, { levelId: null });
    expect((await admin.delete(`/api/admin/docking/levels/${levelId}`)).statusCode).toBe(204);
    expect((await client(acct.live).ping()).account.level).toBeNull();
  });

  it('refuses the console to non-admins and non-resellers', async () => {
    const acct = await dockingAccount(env, admin);
    expect((await acct.agent.get('/api/admin/docking/resellers')).statusCode).toBe(403);
    const stranger = new Agent(env.app);
    const email = uniqueEmail('stranger');
    await createUser(env.ctx(), { email, password: PASSWORD, displayName: 'S' });
    await stranger.post('/api/auth/login', { email, password: PASSWORD });
    expect((await stranger.get('/api/developer/overview')).statusCode).toBe(403);
  });

  it('prunes call-log rows after 30 days and expired nonces (maintenance job)', async () => {
    const acct = await dockingAccount(env, admin);
    await client(acct.live).ping();
    await waitForCalls(acct.resellerId, 1);
    const now = env.clock.now;
    await env.db.insert(apiCalls).values({
      resellerId: acct.resellerId,
      method: 'GET',
      route: '/api/v1/ping',
      status: 200,
      durationMs: 1,
      createdAt: new Date(now.getTime() - 31 * 86_400_000),
    });
    await env.db.insert(apiNonces).values([
      { credentialId: acct.live.id, nonce: 'expired-nonce-0001', expiresAt: new Date(now.getTime() - 1000) },
      {
        credentialId: acct.live.id,
        nonce: 'current-nonce-0001',
        expiresAt: new Date(now.getTime() + 60_000),
      },
    ]);
    await maintenanceJob.handler(env.ctx(), {});
    const calls = await env.db.select().from(apiCalls).where(eq(apiCalls.resellerId, acct.resellerId));
    expect(calls).toHaveLength(1);
    const nonces = await env.db
      .select({ nonce: apiNonces.nonce })
      .from(apiNonces)
      .where(eq(apiNonces.credentialId, acct.live.id));
    expect(nonces.map((n) => n.nonce)).not.toContain('expired-nonce-0001');
    expect(nonces.map((n) => n.nonce)).toContain('current-nonce-0001');
  });
});
