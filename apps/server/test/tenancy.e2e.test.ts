import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agent } from './agent';
import { createTestEnv, type TestEnv } from './env';
import { registeredMerchant, signedInStaff, uniqueEmail, PASSWORD } from './fixtures';

let env: TestEnv;
type Actor = { name: string; agent: Agent };
let a: { owner: Actor; manager: Actor; clerk: Actor; staffId: string };
let b: { owner: Agent; staffId: string; merchantId: string };

beforeAll(async () => {
  env = await createTestEnv();
  const ma = await registeredMerchant(env, 'Merchant A');
  const manager = await signedInStaff(env, ma.agent, ['staff.manage']);
  const clerk = await signedInStaff(env, ma.agent, ['orders.read']);
  const mb = await registeredMerchant(env, 'Merchant B');
  const bStaff = await signedInStaff(env, mb.agent, ['orders.read']);
  a = {
    owner: { name: 'A owner', agent: ma.agent },
    manager: { name: 'A staff with staff.manage', agent: manager.agent },
    clerk: { name: 'A staff without staff.manage', agent: clerk.agent },
    staffId: clerk.staffId,
  };
  b = { owner: mb.agent, staffId: bStaff.staffId, merchantId: mb.merchantId };
});
afterAll(() => env.close());

/**
 * Every merchant-scoped route with a resource id, called with merchant B's ids. Keep this list in step
 * with the routes: the coverage test below fails when a merchant route is missing from it.
 */
const foreignResourceCalls = () =>
  [
    ['GET', `/api/merchant/staff/${b.staffId}`, undefined],
    ['PATCH', `/api/merchant/staff/${b.staffId}`, { permissions: ['orders.read', 'staff.manage'] }],
    ['DELETE', `/api/merchant/staff/${b.staffId}`, undefined],
  ] as const;

/** Merchant routes without an id: they must only ever show the caller's own merchant. */
const ownScopeCalls = ['GET /api/merchant/profile', 'GET /api/merchant/staff', 'POST /api/merchant/staff'];

describe('tenant isolation', () => {
  it('covers every merchant-scoped route of the API', async () => {
    const doc = (await env.app.inject({ url: '/api/openapi.json' })).json<{
      paths: Record<string, object>;
    }>();
    const routes = Object.entries(doc.paths)
      .filter(([p]) => p.startsWith('/api/merchant/'))
      .flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`));
    const covered = new Set([
      ...foreignResourceCalls().map(([m, url]) => `${m} ${url.replace(b.staffId, '{id}')}`),
      ...ownScopeCalls,
    ]);
    expect(routes.filter((r) => !covered.has(r))).toEqual([]);
  });

  it("gives merchant A's owner and entitled staff 404 on every one of B's resources, changing nothing", async () => {
    for (const actor of [a.owner, a.manager]) {
      for (const [method, url, body] of foreignResourceCalls()) {
        const res = await actor.agent.request(method, url, body);
        expect(res.statusCode, `${actor.name} ${method} ${url}`).toBe(404);
        expect(res.json().code).toBe('NOT_FOUND');
      }
    }
    const still = await b.owner.get(`/api/merchant/staff/${b.staffId}`);
    expect(still.statusCode).toBe(200);
    expect(still.json().permissions).toEqual(['orders.read']);
  });

  it('refuses staff what their permissions do not grant (403), on their own and on foreign ids', async () => {
    for (const [method, url, body] of [
      ...foreignResourceCalls(),
      ['GET', `/api/merchant/staff/${a.staffId}`, undefined],
      ['GET', '/api/merchant/staff', undefined],
      [
        'POST',
        '/api/merchant/staff',
        { email: uniqueEmail('x'), displayName: 'X', password: PASSWORD, permissions: [] },
      ],
    ] as const) {
      const res = await a.clerk.agent.request(method, url, body);
      expect(res.statusCode, `${method} ${url}`).toBe(403);
      expect(res.json().code).toBe('AUTH_FORBIDDEN');
    }
  });

  it('lists only the caller’s own merchant and members', async () => {
    const profile = await a.owner.agent.get('/api/merchant/profile');
    expect(profile.json().name).toBe('Merchant A');
    const staff = await a.manager.agent.get('/api/merchant/staff');
    const ids = staff.json<{ items: { id: string }[] }>().items.map((s) => s.id);
    expect(ids).toContain(a.staffId);
    expect(ids).not.toContain(b.staffId);
  });

  it('lets staff grant only permissions they hold themselves, and never edit themselves or the owner', async () => {
    const escalate = await a.manager.agent.patch(`/api/merchant/staff/${a.staffId}`, {
      permissions: ['keys.export'],
    });
    expect(escalate.statusCode).toBe(403);
    const members = (await a.owner.agent.get('/api/merchant/staff')).json<{
      items: { id: string; role: string; email: string }[];
    }>().items;
    const owner = members.find((m) => m.role === 'owner')!;
    expect((await a.manager.agent.delete(`/api/merchant/staff/${owner.id}`)).statusCode).toBe(403);
    const me = (await a.manager.agent.get('/api/auth/me')).json<{ email: string }>();
    const self = members.find((m) => m.email === me.email)!;
    expect(
      (await a.manager.agent.patch(`/api/merchant/staff/${self.id}`, { disabled: true })).json().code,
    ).toBe('STAFF_SELF_CHANGE');
  });

  it('an unknown or malformed id is 404 or 400, never 500', async () => {
    expect((await a.owner.agent.get(`/api/merchant/staff/${randomUUID()}`)).statusCode).toBe(404);
    expect((await a.owner.agent.get('/api/merchant/staff/not-a-uuid')).statusCode).toBe(400);
  });

  it('keeps merchants out of the admin API', async () => {
    const doc = (await env.app.inject({ url: '/api/openapi.json' })).json<{
      paths: Record<string, object>;
    }>();
    for (const [p, ops] of Object.entries(doc.paths).filter(([p]) => p.startsWith('/api/admin/'))) {
      for (const method of Object.keys(ops)) {
        const url = p.replace('{id}', b.merchantId);
        const res = await a.owner.agent.request(
          method.toUpperCase() as 'GET',
          url,
          method === 'get' ? undefined : {},
        );
        expect(res.statusCode, `${method} ${url}`).toBe(403);
      }
    }
  });

  it('disabling a staff member ends their sessions at once', async () => {
    const target = await signedInStaff(env, a.owner.agent, ['orders.read']);
    expect((await target.agent.get('/api/auth/me')).statusCode).toBe(200);
    expect(
      (await a.owner.agent.patch(`/api/merchant/staff/${target.staffId}`, { disabled: true })).statusCode,
    ).toBe(200);
    expect((await target.agent.get('/api/auth/me')).statusCode).toBe(401);
  });
});
