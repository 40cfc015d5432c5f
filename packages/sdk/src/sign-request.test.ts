import { canonicalQuery } from '@kameng/shared';
import { describe, expect, it } from 'vitest';
import { KamengClient } from './kameng-client';
import { signRequest } from './sign-request';

// The worked example of docs/docking.md. The expected values were computed independently with
// Python's hashlib/hmac (see the doc), so a change to the canonical string or hashing shows up here.
const APP_KEY = 'kmk_test_3f2a9c7e1b4d6f8a0c2e4b6d8f1a3c5e';
const APP_SECRET = 'Zq8vN3xR7tK1mW5yB9cL2pD6hF4jS0gA8uE3nV7kQ2w';
const TIMESTAMP = 1767225600;
const BODY =
  '{"sku_id":"3b0a6c1e-5f2d-4e8a-9c7b-1d2e3f4a5b6c","quantity":2,"out_order_no":"SHOP-20260101-0001","input":{"account":"player@example.com"}}';

describe('signRequest — the worked example of docs/docking.md', () => {
  it('POST /api/v1/orders with a JSON body', async () => {
    const s = await signRequest({
      appKey: APP_KEY,
      appSecret: APP_SECRET,
      method: 'post',
      path: '/api/v1/orders',
      body: BODY,
      timestamp: TIMESTAMP,
      nonce: 'n0nce-3f8a9c2e7b1d4a6f',
    });
    expect(s.bodySha256).toBe('6250763c1e890c754e6b1150d80425a4e67320ae2fd8dc99c82c9ea57a538343');
    expect(s.canonicalString).toBe(
      [
        'KAMENG-HMAC-SHA256',
        'POST',
        '/api/v1/orders',
        '',
        '1767225600',
        'n0nce-3f8a9c2e7b1d4a6f',
        '6250763c1e890c754e6b1150d80425a4e67320ae2fd8dc99c82c9ea57a538343',
      ].join('\n'),
    );
    expect(s.signature).toBe('f38a9b1d66c859f783771420b9386fbf2be92ab5ce1515e878b9c2b8554c29a1');
    expect(s.authorization).toBe(
      'KAMENG-HMAC-SHA256 AppKey=kmk_test_3f2a9c7e1b4d6f8a0c2e4b6d8f1a3c5e,Timestamp=1767225600,Nonce=n0nce-3f8a9c2e7b1d4a6f,' +
        'Signature=f38a9b1d66c859f783771420b9386fbf2be92ab5ce1515e878b9c2b8554c29a1',
    );
  });

  it('GET /api/v1/products with a query: sorted, re-encoded, empty-body hash', async () => {
    const s = await signRequest({
      appKey: APP_KEY,
      appSecret: APP_SECRET,
      method: 'GET',
      path: '/api/v1/products',
      query:
        '?updated_since=2026-01-01T00%3A00%3A00%2B08%3A00&limit=50&category_id=9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
      timestamp: String(TIMESTAMP),
      nonce: 'n0nce-9d4e1b7a2c6f8e30',
    });
    expect(s.canonicalString.split('\n')).toEqual([
      'KAMENG-HMAC-SHA256',
      'GET',
      '/api/v1/products',
      'category_id=9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d&limit=50&updated_since=2026-01-01T00%3A00%3A00%2B08%3A00',
      '1767225600',
      'n0nce-9d4e1b7a2c6f8e30',
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    ]);
    expect(s.signature).toBe('0e18bde6b4726c520c64b53bbe3c3f21c696a5030bb2e063a7f4172ef7435420');
  });

  it('a Uint8Array body hashes the same as its string', async () => {
    const common = {
      appKey: APP_KEY,
      appSecret: APP_SECRET,
      method: 'POST',
      path: '/x',
      timestamp: 1,
      nonce: 'n'.repeat(16),
    };
    const a = await signRequest({ ...common, body: BODY });
    const b = await signRequest({ ...common, body: new TextEncoder().encode(BODY) });
    expect(b.signature).toBe(a.signature);
  });
});

describe('canonical query', () => {
  it('sorts by key then value and keeps repeated keys', () => {
    expect(canonicalQuery('b=2&a=2&a=1&c')).toBe('a=1&a=2&b=2&c=');
  });
  it('encodes spaces as %20 whether sent as + or %20', () => {
    expect(canonicalQuery('q=a+b')).toBe('q=a%20b');
    expect(canonicalQuery('q=a%20b')).toBe('q=a%20b');
  });
  it('encodes unicode as UTF-8 percent-escapes, upper-case hex', () => {
    expect(canonicalQuery('q=点卡')).toBe('q=%E7%82%B9%E5%8D%A1');
    expect(canonicalQuery('q=%e7%82%b9%e5%8d%a1')).toBe('q=%E7%82%B9%E5%8D%A1');
  });
  it('encodes reserved characters and keeps the unreserved -._~', () => {
    expect(canonicalQuery("k=!'()*")).toBe('k=%21%27%28%29%2A');
    expect(canonicalQuery('k=a-b_c.d~e')).toBe('k=a-b_c.d~e');
    expect(canonicalQuery('t=2026-01-01T00:00:00%2B08:00')).toBe('t=2026-01-01T00%3A00%3A00%2B08%3A00');
  });
  it('is empty for no query', () => {
    expect(canonicalQuery('')).toBe('');
    expect(canonicalQuery('?')).toBe('');
  });
});

describe('the client signs what it sends', () => {
  it('query values with spaces, unicode and reserved characters verify against the URL on the wire', async () => {
    const seen: { url: string; auth: string }[] = [];
    const client = new KamengClient({
      baseUrl: 'https://shop.example.com/prefix',
      appKey: APP_KEY,
      appSecret: APP_SECRET,
      now: () => TIMESTAMP * 1000,
      nonce: () => 'n0nce-0000000000000001',
      fetch: async (input, init) => {
        seen.push({ url: String(input), auth: new Headers(init?.headers).get('authorization')! });
        return new Response(JSON.stringify({ data: [], has_more: false, next_cursor: null }), {
          status: 200,
        });
      },
    });
    await client.orders.list({ cursor: "a b/点卡?&=!'()*", limit: 5, status: undefined });
    const url = new URL(seen[0]!.url);
    expect(url.pathname).toBe('/prefix/api/v1/orders');
    // What a server recomputes from the request line must equal what the client signed.
    const expected = await signRequest({
      appKey: APP_KEY,
      appSecret: APP_SECRET,
      method: 'GET',
      path: url.pathname,
      query: url.search,
      timestamp: TIMESTAMP,
      nonce: 'n0nce-0000000000000001',
    });
    expect(seen[0]!.auth).toBe(expected.authorization);
    expect(url.searchParams.get('cursor')).toBe("a b/点卡?&=!'()*");
    expect(expected.canonicalString.split('\n')[3]).toBe(
      'cursor=a%20b%2F%E7%82%B9%E5%8D%A1%3F%26%3D%21%27%28%29%2A&limit=5',
    );
  });
});
