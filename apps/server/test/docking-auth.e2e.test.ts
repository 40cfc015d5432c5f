import { randomBytes } from 'node:crypto';
import {
  API_VERSION_HEADER,
  EMPTY_BODY_SHA256,
  canonicalString,
  formatAuthorization,
  type ApiCredentialWithSecret,
} from '@kameng/shared';
import type { KamengClient } from '@kameng/sdk';
import { KamengApiError, signRequest } from '@kameng/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agent } from './agent';
import {
  dockingAccount,
  listen,
  setSandboxBalance,
  type TestCredential,
  sdkClient,
} from './docking-fixtures';
import { createTestEnv, type TestEnv } from './env';
import { signedInAdmin } from './fixtures';
import { createHmac } from 'node:crypto';

let env: TestEnv;
let base: string;
let admin: Agent;

beforeAll(async () => {
  env = await createTestEnv();
  base = await listen(env);
  admin = (await signedInAdmin(env)).agent;
});
afterAll(async () => env?.close());

/** An SDK client on the server's clock, without retries (each refusal is seen as sent). */
function client(
  cred: { appKey: string; appSecret: string },
  opts: Partial<ConstructorParameters<typeof KamengClient>[0]> = {},
) {
  return sdkClient(base, cred, { now: () => env.clock.now.getTime(), ...opts });
}

/** The error an SDK call rejects with. */
async function refusal(p: Promise<unknown>): Promise<KamengApiError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err, 'the call should have been refused').toBeInstanceOf(KamengApiError);
  return err as KamengApiError;
}

/** A raw GET with a hand-made Authorization header (for headers the SDK would never produce). */
async function rawGet(path: string, authorization?: string) {
  const res = await fetch(`${base}${path}`, { headers: authorization ? { authorization } : {} });
  return {
    status: res.status,
    body: (await res.json()) as { code: string; request_id: string },
    headers: res.headers,
  };
}

function sign(
  secret: string,
  parts: { method: string; path: string; query?: string; ts: string; nonce: string },
) {
  const canonical = canonicalString({
    method: parts.method,
    path: parts.path,
    query: parts.query ?? '',
    timestamp: parts.ts,
    nonce: parts.nonce,
    bodySha256: EMPTY_BODY_SHA256,
  });
  return createHmac('sha256', secret).update(canonical).digest('hex');
}

const nowSeconds = () => String(Math.floor(env.clock.now.getTime() / 1000));
const nonce = () => randomBytes(12).toString('hex');

/** A credential made through the developer console (the reseller's own session). */
async function consoleCredential(
  agent: Agent,
  body: Record<string, unknown>,
): Promise<ApiCredentialWithSecret> {
  const res = await agent.post('/api/developer/credentials', {
    name: 'k',
    mode: 'live',
    scopes: ['balance:read'],
    ...body,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<ApiCredentialWithSecret>();
}
const asCred = (c: ApiCredentialWithSecret): TestCredential => ({
  id: c.credential.id,
  mode: c.credential.mode,
  appKey: c.credential.appKey,
  appSecret: c.appSecret,
});

describe('signed requests', () => {
  it('ping answers who the key belongs to, with the version served', async () => {
    const acct = await dockingAccount(env, admin, { balance: 12_345, name: 'Acme' });
    const res = await client(acct.live).requestRaw<{
      account: { id: string; name: string };
      mode: string;
      balance: number;
    }>('GET', '/api/v1/ping');
    expect(res.status).toBe(200);
    expect(res.version).toBe('1.0');
    expect(res.data).toMatchObject({
      mode: 'live',
      account: { id: acct.resellerId, name: 'Acme', level: null },
      balance: 12_345,
      currency: 'CNY',
      protocol_version: '1.0',
    });
  });

  it('refuses a missing, malformed or mistimed header with its own code (and the version header)', async () => {
    const acct = await dockingAccount(env, admin);
    const missing = await rawGet('/api/v1/ping');
    expect(missing.status).toBe(401);
    expect(missing.body.code).toBe('API_AUTH_MISSING');
    expect(missing.body.request_id).toBeTruthy();
    expect(missing.headers.get(API_VERSION_HEADER)).toBe('1.0');

    for (const bad of [
      'Bearer abc',
      `KAMENG-HMAC-SHA256 AppKey=${acct.live.appKey},Timestamp=1`,
      formatAuthorization({
        appKey: acct.live.appKey,
        timestamp: nowSeconds(),
        nonce: 'short',
        signature: 'a'.repeat(64),
      }),
      formatAuthorization({
        appKey: acct.live.appKey,
        timestamp: nowSeconds(),
        nonce: nonce(),
        signature: 'xyz',
      }),
    ]) {
      const r = await rawGet('/api/v1/ping', bad);
      expect([r.status, r.body.code], bad).toEqual([401, 'API_AUTH_MALFORMED']);
    }

    const invalidTs = await rawGet(
      '/api/v1/ping',
      formatAuthorization({
        appKey: acct.live.appKey,
        timestamp: '17e8',
        nonce: nonce(),
        signature: 'a'.repeat(64),
      }),
    );
    expect(invalidTs.body.code).toBe('API_TIMESTAMP_INVALID');
  });

  it('refuses a timestamp outside ±300 s of the server clock (clock skew)', async () => {
    // 10 s either side of the edge: a request that waits a second or two on a loaded machine (and the
    // whole-second timestamps) must not move it across.
    const acct = await dockingAccount(env, admin);
    const realClock = client(acct.live, { now: () => Date.now() });
    expect((await realClock.ping()).mode).toBe('live');
    env.clock.advance(310_000);
    try {
      expect((await refusal(realClock.ping())).code).toBe('API_TIMESTAMP_EXPIRED');
      // 290 s behind the server is still inside the window.
      expect((await client(acct.live, { now: () => env.clock.now.getTime() - 290_000 }).ping()).mode).toBe(
        'live',
      );
    } finally {
      env.clock.advance(-310_000);
    }
    expect((await refusal(client(acct.live, { now: () => Date.now() + 310_000 }).ping())).code).toBe(
      'API_TIMESTAMP_EXPIRED',
    );
    // 290 s ahead is inside too.
    expect((await client(acct.live, { now: () => Date.now() + 290_000 }).ping()).mode).toBe('live');
  });

  it('refuses an unknown key and a wrong secret', async () => {
    const acct = await dockingAccount(env, admin);
    const unknown = await refusal(client({ appKey: 'kmk_live_nope', appSecret: 'x' }).ping());
    expect([unknown.status, unknown.code]).toEqual([401, 'API_KEY_UNKNOWN']);
    const wrong = await refusal(client({ appKey: acct.live.appKey, appSecret: 'not-the-secret' }).ping());
    expect([wrong.status, wrong.code]).toEqual([401, 'API_SIGNATURE_INVALID']);
    // Signed for another path: the signature covers the path.
    const ts = nowSeconds();
    const n = nonce();
    const sig = sign(acct.live.appSecret, { method: 'GET', path: '/api/v1/balance', ts, nonce: n });
    const r = await rawGet(
      '/api/v1/ping',
      formatAuthorization({ appKey: acct.live.appKey, timestamp: ts, nonce: n, signature: sig }),
    );
    expect(r.body.code).toBe('API_SIGNATURE_INVALID');
  });

  it('refuses a replayed nonce, but a forged request cannot burn a nonce', async () => {
    const acct = await dockingAccount(env, admin);
    const fixed = nonce();
    const forged = await refusal(
      client({ appKey: acct.live.appKey, appSecret: 'forged' }, { nonce: () => fixed }).ping(),
    );
    expect(forged.code).toBe('API_SIGNATURE_INVALID');
    const c = client(acct.live, { nonce: () => fixed });
    expect((await c.ping()).mode).toBe('live');
    const replay = await refusal(c.ping());
    expect([replay.status, replay.code]).toEqual([401, 'API_NONCE_REPLAYED']);
    // The same nonce is fine for another credential.
    expect((await client(acct.sandbox, { nonce: () => fixed }).ping()).mode).toBe('sandbox');
  });

  it('signs the query canonically: any order of parameters verifies', async () => {
    const acct = await dockingAccount(env, admin);
    const ts = nowSeconds();
    const n = nonce();
    const sig = sign(acct.live.appSecret, {
      method: 'GET',
      path: '/api/v1/balance/statement',
      query: 'limit=5&from=2026-01-01T00%3A00%3A00Z',
      ts,
      nonce: n,
    });
    const res = await fetch(`${base}/api/v1/balance/statement?from=2026-01-01T00:00:00Z&limit=5`, {
      headers: {
        authorization: formatAuthorization({
          appKey: acct.live.appKey,
          timestamp: ts,
          nonce: n,
          signature: sig,
        }),
      },
    });
    expect(res.status, await res.clone().text()).toBe(200);
  });

  it('refuses a key missing the route scope', async () => {
    const acct = await dockingAccount(env, admin, { scopes: ['catalog:read'] });
    expect((await client(acct.live).ping()).mode).toBe('live'); // ping needs no scope
    const err = await refusal(client(acct.live).balance.get());
    expect([err.status, err.code]).toEqual([403, 'API_SCOPE_MISSING']);
  });

  it('revokes at once, expires on time, checks order of refusals', async () => {
    const acct = await dockingAccount(env, admin);
    const made = asCred(
      await consoleCredential(acct.agent, {
        expiresAt: new Date(env.clock.now.getTime() + 120_000).toISOString(),
      }),
    );
    const c = client(made);
    expect((await c.balance.get()).mode).toBe('live');
    env.clock.advance(121_000);
    expect((await refusal(c.balance.get())).code).toBe('API_KEY_EXPIRED');

    const other = asCred(await consoleCredential(acct.agent, {}));
    expect((await client(other).balance.get()).mode).toBe('live');
    const revoked = await acct.agent.post(`/api/developer/credentials/${other.id}/revoke`);
    expect(revoked.json<{ state: string }>().state).toBe('revoked');
    expect((await refusal(client(other).balance.get())).code).toBe('API_KEY_REVOKED');
    // Revoked is reported before the signature is even checked.
    expect((await refusal(client({ ...other, appSecret: 'wrong' }).balance.get())).code).toBe(
      'API_KEY_REVOKED',
    );
  });

  it('keeps the old secret working during the rotation overlap only', async () => {
    const acct = await dockingAccount(env, admin);
    const made = asCred(await consoleCredential(acct.agent, {}));
    const rotated = await acct.agent.post(`/api/developer/credentials/${made.id}/rotate`, {
      overlapHours: 1,
    });
    expect(rotated.statusCode, rotated.body).toBe(200);
    const fresh = rotated.json<ApiCredentialWithSecret>();
    expect(fresh.appSecret).not.toBe(made.appSecret);
    expect(fresh.credential.previousSecretValidUntil).not.toBeNull();
    expect((await client(made).balance.get()).mode).toBe('live');
    expect((await client({ ...made, appSecret: fresh.appSecret }).balance.get()).mode).toBe('live');
    env.clock.advance(3601_000);
    expect((await refusal(client(made).balance.get())).code).toBe('API_SIGNATURE_INVALID');
    expect((await client({ ...made, appSecret: fresh.appSecret }).balance.get()).mode).toBe('live');

    // overlapHours 0: the old secret stops at once.
    const again = await acct.agent.post(`/api/developer/credentials/${made.id}/rotate`, { overlapHours: 0 });
    const third = again.json<ApiCredentialWithSecret>().appSecret;
    expect((await refusal(client({ ...made, appSecret: fresh.appSecret }).balance.get())).code).toBe(
      'API_SIGNATURE_INVALID',
    );
    expect((await client({ ...made, appSecret: third }).balance.get()).mode).toBe('live');
  });

  it('enforces the IP allow-list (IPv4 and IPv6 CIDRs)', async () => {
    const acct = await dockingAccount(env, admin);
    const made = asCred(await consoleCredential(acct.agent, { ipAllowList: ['10.0.0.0/8', '::1/128'] }));
    const err = await refusal(client(made).balance.get());
    expect([err.status, err.code]).toEqual([403, 'API_IP_NOT_ALLOWED']);
    const patched = await acct.agent.patch(`/api/developer/credentials/${made.id}`, {
      ipAllowList: ['127.0.0.0/8'],
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect((await client(made).balance.get()).mode).toBe('live');
    const invalid = await acct.agent.patch(`/api/developer/credentials/${made.id}`, {
      ipAllowList: ['127.0.0.0/40'],
    });
    expect(invalid.json<{ code: string }>().code).toBe('IP_ALLOW_LIST_INVALID');
  });

  it('refuses a suspended account until the admin restores it', async () => {
    const acct = await dockingAccount(env, admin);
    const access = (action: string) =>
      admin.post(`/api/admin/docking/resellers/${acct.resellerId}/access`, { action });
    expect((await access('suspend')).json<{ apiStatus: string }>().apiStatus).toBe('suspended');
    const err = await refusal(client(acct.live).ping());
    expect([err.status, err.code]).toEqual([403, 'API_ACCESS_SUSPENDED']);
    expect((await access('approve')).json<{ code: string }>().code).toBe('API_ACCESS_STATE');
    expect((await access('restore')).json<{ apiStatus: string }>().apiStatus).toBe('approved');
    expect((await client(acct.live).ping()).mode).toBe('live');
  });

  it('rate-limits per key with 429 and Retry-After', async () => {
    const acct = await dockingAccount(env, admin);
    const set = await admin.patch(`/api/admin/docking/credentials/${acct.live.id}`, {
      rateLimitPerMinute: 3,
    });
    expect(set.statusCode, set.body).toBe(200);
    const c = client(acct.live);
    for (let i = 0; i < 3; i++) await c.ping();
    const res = await fetch(`${base}/api/v1/ping`, {
      headers: {
        authorization: (
          await signRequest({
            ...acct.live,
            method: 'GET',
            path: '/api/v1/ping',
            timestamp: nowSeconds(),
            nonce: nonce(),
          })
        ).authorization,
      },
    });
    expect(res.status).toBe(429);
    expect(((await res.json()) as { code: string }).code).toBe('API_RATE_LIMITED');
    const retry = Number(res.headers.get('retry-after'));
    expect(retry).toBeGreaterThanOrEqual(1);
    expect(retry).toBeLessThanOrEqual(60);
    // Another key of the same account has its own budget.
    expect((await client(acct.sandbox).ping()).mode).toBe('sandbox');
    env.clock.advance(61_000);
    expect((await c.ping()).mode).toBe('live');
  });

  it('keeps sandbox and live balances apart', async () => {
    const acct = await dockingAccount(env, admin, { balance: 50_000, sandboxBalance: 7_000 });
    expect(await client(acct.live).balance.get()).toEqual({
      mode: 'live',
      available: 50_000,
      held: 0,
      currency: 'CNY',
    });
    expect(await client(acct.sandbox).balance.get()).toEqual({
      mode: 'sandbox',
      available: 7_000,
      held: 0,
      currency: 'CNY',
    });
    const top = await acct.agent.post('/api/developer/sandbox/top-up', { amount: 3_000 });
    expect(top.json<{ available: number }>().available).toBe(10_000);
    expect((await client(acct.sandbox).balance.get()).available).toBe(10_000);
    expect((await client(acct.live).balance.get()).available).toBe(50_000);
    const tooMuch = await acct.agent.post('/api/developer/sandbox/top-up', { amount: 10_000_001 });
    expect(tooMuch.json<{ code: string }>().code).toBe('VALIDATION_FAILED');

    const live = await client(acct.live).balance.statement({ limit: 10 });
    expect(live.data).toHaveLength(1);
    expect(live.data[0]).toMatchObject({ kind: 'reseller.topup', amount: 50_000, balance_after: 50_000 });
    expect(await client(acct.sandbox).balance.statement()).toEqual({
      data: [],
      has_more: false,
      next_cursor: null,
    });
    await setSandboxBalance(env, acct.resellerId, 0);
    expect((await client(acct.sandbox).ping()).balance).toBe(0);
  });

  it('serves the version of the rollout, the allow-list or the pin, in the header of every answer', async () => {
    const acct = await dockingAccount(env, admin);
    const version = async () => (await client(acct.live).requestRaw('GET', '/api/v1/ping')).version;
    expect(await version()).toBe('1.0');
    const put = await admin.put('/api/admin/docking/rollout', { nextVersion: '1.1', percent: 100 });
    expect(put.statusCode, put.body).toBe(200);
    expect(await version()).toBe('1.1');
    expect((await client(acct.live).ping()).protocol_version).toBe('1.1');
    // Errors of a known caller carry its version too.
    const scoped = await refusal(
      client(acct.live, { nonce: () => 'n'.repeat(16) })
        .ping()
        .then(() => client(acct.live, { nonce: () => 'n'.repeat(16) }).ping()),
    );
    expect([scoped.code, scoped.version]).toEqual(['API_NONCE_REPLAYED', '1.1']);

    const pin = await admin.put(`/api/admin/docking/resellers/${acct.resellerId}/version`, {
      version: '1.0',
    });
    expect(pin.json<{ servedVersion: string }>().servedVersion).toBe('1.0');
    expect(await version()).toBe('1.0');
    await admin.put(`/api/admin/docking/resellers/${acct.resellerId}/version`, { version: null });
    await admin.put('/api/admin/docking/rollout', { percent: 0, allowList: [acct.resellerId] });
    expect(await version()).toBe('1.1');
    await admin.put('/api/admin/docking/rollout', { percent: 0, allowList: [] });
    expect(await version()).toBe('1.0');
  });

  it('documents the account routes in OpenAPI with the signature scheme and an example each', async () => {
    const doc = (await env.app.inject({ method: 'GET', url: '/api/openapi.json' })).json<{
      components: { securitySchemes: Record<string, { in: string; name: string }> };
      paths: Record<
        string,
        {
          get: {
            tags: string[];
            security: unknown[];
            responses: Record<string, { content: Record<string, { example?: unknown }> }>;
          };
        }
      >;
    }>();
    expect(doc.components.securitySchemes.kamengSignature).toMatchObject({
      in: 'header',
      name: 'Authorization',
    });
    for (const path of ['/api/v1/ping', '/api/v1/balance', '/api/v1/balance/statement']) {
      const op = doc.paths[path]!.get;
      expect(op.tags, path).toEqual(['open-api']);
      expect(op.security, path).toEqual([{ kamengSignature: [] }]);
      expect(op.responses['200']!.content['application/json']!.example, path).toBeDefined();
      expect(Object.keys(op.responses), path).toEqual(expect.arrayContaining(['401', '403', '429']));
    }
  });

  it('signs the exact body bytes of a write', async () => {
    const acct = await dockingAccount(env, admin);
    const post = async (signed: string, sent: string, type = 'application/json') => {
      const { authorization } = await signRequest({
        ...acct.live,
        method: 'POST',
        path: '/api/v1/orders',
        body: signed,
        timestamp: nowSeconds(),
        nonce: nonce(),
      });
      const res = await fetch(`${base}/api/v1/orders`, {
        method: 'POST',
        headers: { authorization, 'content-type': type },
        body: sent,
      });
      return { status: res.status, code: ((await res.json()) as { code?: string }).code };
    };
    // Signed as sent: authentication passes and the body is then validated as usual.
    const body = '{"quantity": 0,\n "sku_id": "nope"}';
    expect(await post(body, body)).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
    // One byte differs (re-serialised JSON): refused before anything else.
    expect(await post(body, body.replace(' 0', '0'))).toEqual({ status: 401, code: 'API_SIGNATURE_INVALID' });
    expect(await post('<a/>', '<a/>', 'application/xml')).toEqual({
      status: 415,
      code: 'UNSUPPORTED_MEDIA_TYPE',
    });
    const huge = JSON.stringify({ blob: 'x'.repeat(env.config.bodyLimit) });
    expect(await post(huge, huge)).toEqual({ status: 413, code: 'BODY_TOO_LARGE' });
  });
});
