import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { canonicalString, parseAuthorization } from '@kameng/shared';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { KamengApiError } from './kameng-api-error';
import { KamengClient, type ResponseInfo } from './kameng-client';
import { hmacSha256Hex, sha256Hex } from './web-crypto';

const APP_KEY = 'ak_test_retry';
const APP_SECRET = 'sk_test_retry_secret';

interface Seen {
  method: string;
  url: string;
  idempotencyKey: string | undefined;
  nonce: string;
  signatureOk: boolean;
  body: string;
  ifNoneMatch: string | undefined;
}

/** A tiny stand-in for the server on 127.0.0.1: verifies each signature and answers from a script. */
let server: Server;
let baseUrl: string;
let seen: Seen[] = [];
let script: ((req: IncomingMessage, res: ServerResponse, n: number) => void)[] = [];

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, {
    'content-type': 'application/json',
    'x-request-id': `req-${seen.length}`,
    'kameng-version': '1.0',
    ...headers,
  });
  res.end(body === undefined ? undefined : JSON.stringify(body));
}
const fail =
  (status: number, code: string, headers: Record<string, string> = {}) =>
  (_q: IncomingMessage, res: ServerResponse) =>
    json(res, status, { code, message: code, request_id: `req-${seen.length}` }, headers);
const ok = (body: unknown) => (_q: IncomingMessage, res: ServerResponse) => json(res, 200, body);

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const auth = parseAuthorization(String(req.headers.authorization ?? ''));
        const [path, query = ''] = (req.url ?? '').split('?', 2) as [string, string?];
        const expected = auth
          ? await hmacSha256Hex(
              APP_SECRET,
              canonicalString({
                method: req.method!,
                path,
                query,
                timestamp: auth.timestamp,
                nonce: auth.nonce,
                bodySha256: await sha256Hex(body),
              }),
            )
          : '';
        seen.push({
          method: req.method!,
          url: req.url!,
          idempotencyKey: req.headers['idempotency-key'] as string | undefined,
          nonce: auth?.nonce ?? '',
          signatureOk: !!auth && auth.appKey === APP_KEY && auth.signature === expected,
          body,
          ifNoneMatch: req.headers['if-none-match'] as string | undefined,
        });
        const step = script[seen.length - 1] ?? fail(500, 'SCRIPT_EXHAUSTED');
        step(req, res, seen.length);
      })();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});
beforeEach(() => {
  seen = [];
  script = [];
});

function client(extra: Partial<ConstructorParameters<typeof KamengClient>[0]> = {}) {
  return new KamengClient({ baseUrl, appKey: APP_KEY, appSecret: APP_SECRET, retryBaseDelayMs: 5, ...extra });
}

const order = { id: '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b', status: 'delivered' };
const body = { sku_id: '3b0a6c1e-5f2d-4e8a-9c7b-1d2e3f4a5b6c', quantity: 1, out_order_no: 'SHOP-1' };

describe('retries', () => {
  it('retries 502/503/504 with a fresh signature and the same idempotency key, then succeeds', async () => {
    script = [
      fail(502, 'BAD_GATEWAY'),
      fail(503, 'SERVICE_UNAVAILABLE'),
      fail(504, 'GATEWAY_TIMEOUT'),
      ok(order),
    ];
    const got = await client().orders.create(body);
    expect(got).toEqual(order);
    expect(seen).toHaveLength(4);
    expect(seen.every((s) => s.signatureOk)).toBe(true);
    expect(new Set(seen.map((s) => s.nonce)).size).toBe(4);
    const keys = new Set(seen.map((s) => s.idempotencyKey));
    expect(keys.size).toBe(1);
    expect([...keys][0]).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
    expect(JSON.parse(seen[0]!.body)).toEqual(body);
  });

  it('uses the caller’s idempotency key on every try', async () => {
    script = [fail(503, 'SERVICE_UNAVAILABLE'), ok(order)];
    await client().orders.create(body, { idempotencyKey: 'my-key-1' });
    expect(seen.map((s) => s.idempotencyKey)).toEqual(['my-key-1', 'my-key-1']);
  });

  it('gives up after maxRetries and throws the last error with its code, status and request id', async () => {
    script = [
      fail(503, 'SERVICE_UNAVAILABLE'),
      fail(503, 'SERVICE_UNAVAILABLE'),
      fail(503, 'SERVICE_UNAVAILABLE'),
      fail(503, 'SERVICE_UNAVAILABLE'),
      ok(order),
    ];
    const err = await client()
      .ping()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KamengApiError);
    expect(err).toMatchObject({
      code: 'SERVICE_UNAVAILABLE',
      status: 503,
      requestId: 'req-4',
      version: '1.0',
    });
    expect(seen).toHaveLength(4);
  });

  it('never retries other 4xx or 500', async () => {
    for (const [status, code] of [
      [400, 'VALIDATION_FAILED'],
      [401, 'API_SIGNATURE_INVALID'],
      [409, 'OUT_ORDER_NO_REUSED'],
      [422, 'IDEMPOTENCY_KEY_REUSED'],
      [500, 'INTERNAL'],
    ] as const) {
      seen = [];
      script = [fail(status, code), ok(order)];
      const err = await client()
        .orders.create(body)
        .catch((e: unknown) => e);
      expect(err).toMatchObject({ code, status });
      expect(seen).toHaveLength(1);
    }
  });

  it('honours Retry-After on 429, and does not wait longer than maxRetryDelayMs', async () => {
    script = [fail(429, 'API_RATE_LIMITED', { 'retry-after': '1' }), ok({ ok: true })];
    const started = Date.now();
    await client().request('GET', '/api/v1/ping');
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(seen).toHaveLength(2);

    seen = [];
    script = [fail(429, 'API_RATE_LIMITED', { 'retry-after': '120' }), ok({ ok: true })];
    const err = await client({ maxRetryDelayMs: 2_000 })
      .ping()
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'API_RATE_LIMITED', status: 429, retryAfter: 120 });
    expect(seen).toHaveLength(1);
  });

  it('retries a network error for a GET, but not for a POST without an idempotency key', async () => {
    const drop = (req: IncomingMessage) => req.socket.destroy();
    script = [drop, ok({ ok: true })];
    await client().request('GET', '/api/v1/ping');
    expect(seen).toHaveLength(2);

    seen = [];
    script = [drop, ok(order)];
    const err = await client()
      .orders.cancel(order.id)
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'NETWORK_ERROR', status: 0 });
    expect(seen).toHaveLength(1);
  });

  it('times out a hung attempt and retries it', async () => {
    script = [() => undefined /* never answers */, ok({ ok: true })];
    const infos: ResponseInfo[] = [];
    await client({ timeoutMs: 200, onResponse: (i) => infos.push(i) }).request('GET', '/api/v1/ping');
    expect(infos.map((i) => [i.status, i.errorCode, i.attempt])).toEqual([
      [0, 'TIMEOUT', 0],
      [200, undefined, 1],
    ]);
  });

  it('maxRetries: 0 makes one try only', async () => {
    script = [fail(503, 'SERVICE_UNAVAILABLE'), ok({})];
    await expect(client({ maxRetries: 0 }).ping()).rejects.toMatchObject({ status: 503 });
    expect(seen).toHaveLength(1);
  });
});

describe('answers', () => {
  it('turns a non-JSON error page into UNEXPECTED_RESPONSE', async () => {
    script = [
      (_q, res) => {
        res.writeHead(500, { 'content-type': 'text/html' });
        res.end('<h1>oops</h1>');
      },
    ];
    await expect(client().ping()).rejects.toMatchObject({ code: 'UNEXPECTED_RESPONSE', status: 500 });
  });

  it('products.list sends If-None-Match and reports notModified on 304', async () => {
    script = [
      (_q, res) => json(res, 200, { data: [], has_more: false, next_cursor: null }, { etag: 'W/"abc"' }),
      (_q, res) => {
        res.writeHead(304, { etag: 'W/"abc"' });
        res.end();
      },
    ];
    const c = client();
    const first = await c.products.list({ updated_since: '2026-01-01T00:00:00+08:00' });
    expect(first).toMatchObject({ notModified: false, etag: 'W/"abc"', data: [] });
    const second = await c.products.list(
      { updated_since: '2026-01-01T00:00:00+08:00' },
      { ifNoneMatch: first.etag! },
    );
    expect(second).toEqual({ notModified: true, etag: 'W/"abc"' });
    expect(seen[1]!.ifNoneMatch).toBe('W/"abc"');
    expect(seen.every((s) => s.signatureOk)).toBe(true);
    expect(seen[0]!.url).toBe('/api/v1/products?updated_since=2026-01-01T00%3A00%3A00%2B08%3A00');
  });

  it('orders.iterate walks every page with the cursor', async () => {
    const page = (ids: string[], next: string | null) =>
      ok({ data: ids.map((id) => ({ id })), has_more: next !== null, next_cursor: next });
    script = [page(['a', 'b'], 'c1'), page(['c'], 'c2'), page(['d'], null)];
    const ids: string[] = [];
    for await (const o of client().orders.iterate({ status: 'delivered', limit: 2 })) ids.push(o.id);
    expect(ids).toEqual(['a', 'b', 'c', 'd']);
    expect(seen.map((s) => s.url)).toEqual([
      '/api/v1/orders?status=delivered&limit=2',
      '/api/v1/orders?status=delivered&limit=2&cursor=c1',
      '/api/v1/orders?status=delivered&limit=2&cursor=c2',
    ]);
  });

  it('the onResponse hook never sees the secret', async () => {
    script = [ok({ ok: true })];
    const logged: string[] = [];
    const c = client({ onResponse: (i) => logged.push(JSON.stringify(i)) });
    await c.ping();
    expect(logged.join()).not.toContain(APP_SECRET);
    expect(JSON.stringify(c)).not.toContain(APP_SECRET);
  });
});
