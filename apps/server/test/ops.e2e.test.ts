import { Writable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/http/app';
import { Agent } from './agent';
import { createTestEnv, type TestEnv } from './env';
import { PASSWORD, registeredMerchant } from './fixtures';

const lines: Record<string, unknown>[] = [];
const sink = new Writable({
  write(chunk: Buffer, _enc, done) {
    for (const line of chunk.toString().split('\n').filter(Boolean))
      lines.push(JSON.parse(line) as Record<string, unknown>);
    done();
  },
});

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv({ LOG_LEVEL: 'info' }, sink);
});
afterAll(() => env.close());

describe('operations endpoints', () => {
  it('/healthz answers while the process is up; /readyz checks the database and migrations', async () => {
    expect((await env.app.inject({ url: '/healthz' })).json()).toEqual({ status: 'ok' });
    expect((await env.app.inject({ url: '/readyz' })).json()).toEqual({
      status: 'ready',
      pendingMigrations: 0,
    });

    const [latest] = (
      await env.db.execute<{ id: number }>(sql`SELECT max(id) AS id FROM drizzle.__drizzle_migrations`)
    ).rows;
    const saved = await env.db.execute(
      sql`SELECT * FROM drizzle.__drizzle_migrations WHERE id = ${latest!.id}`,
    );
    await env.db.execute(sql`DELETE FROM drizzle.__drizzle_migrations WHERE id = ${latest!.id}`);
    const pending = await env.app.inject({ url: '/readyz' });
    expect(pending.statusCode).toBe(503);
    expect(pending.json()).toEqual({ status: 'migrations_pending', pendingMigrations: 1 });
    const row = saved.rows[0] as { id: number; hash: string; created_at: string };
    await env.db.execute(
      sql`INSERT INTO drizzle.__drizzle_migrations (id, hash, created_at) VALUES (${row.id}, ${row.hash}, ${row.created_at})`,
    );
    expect((await env.app.inject({ url: '/readyz' })).statusCode).toBe(200);
  });

  it('serves the OpenAPI 3.1 document and a readable docs page', async () => {
    const doc = (await env.app.inject({ url: '/api/openapi.json' })).json<{
      openapi: string;
      paths: Record<string, Record<string, { requestBody?: unknown }>>;
    }>();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/auth/login', '/api/merchant/staff/{id}', '/api/admin/audit/verify']),
    );
    expect(doc.paths['/api/auth/login']!.post!.requestBody).toBeDefined();
    const page = await env.app.inject({ url: '/api/docs/' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
  });

  it('puts the request id on every log line of a request and on its error response', async () => {
    lines.length = 0;
    const res = await env.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/json', 'x-request-id': 'trace-1234567890' },
      payload: '{"email":',
    });
    expect(res.json()).toMatchObject({ code: 'MALFORMED_JSON', request_id: 'trace-1234567890' });
    const mine = lines.filter((l) => l.reqId === 'trace-1234567890');
    expect(mine.length).toBeGreaterThanOrEqual(2);
    expect(lines.filter((l) => l.req || l.res).every((l) => typeof l.reqId === 'string')).toBe(true);
  });

  it('never logs passwords, cookies or CSRF tokens', async () => {
    lines.length = 0;
    const { agent, email } = await registeredMerchant(env);
    await agent.post('/api/auth/login', { email, password: PASSWORD });
    await agent.patch('/api/account/profile', { displayName: 'Renamed' });
    const text = JSON.stringify(lines);
    expect(text).not.toContain(PASSWORD);
    expect(text).not.toContain(agent.cookies.get('kameng_sid')!);
    expect(text).not.toContain(agent.csrf!);
  });
});

describe('graceful shutdown', () => {
  it('finishes in-flight requests, then refuses new connections', async () => {
    const app = await buildApp({ config: env.config, db: env.db, box: env.box, log: env.log });
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    app.get('/slow', async () => {
      await gate;
      return { done: true };
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as { port: number };
    const inflight = fetch(`http://127.0.0.1:${port}/slow`).then(async (r) => ({
      status: r.status,
      body: await r.json(),
    }));
    await new Promise((r) => setTimeout(r, 50));
    const closing = app.close();
    setTimeout(release, 100);
    expect(await inflight).toEqual({ status: 200, body: { done: true } });
    await closing;
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
  });
});

describe('web app', () => {
  it('serves the SPA for console paths and keeps API 404s as JSON', async () => {
    const page = await new Agent(env.app).request('GET', '/admin/merchants', undefined, {
      accept: 'text/html',
    });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<div id="root">');
    const api = await env.app.inject({ url: '/api/missing', headers: { accept: 'text/html' } });
    expect(api.json().code).toBe('NOT_FOUND');
  });
});
