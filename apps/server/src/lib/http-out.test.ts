import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpOutError, httpRequest } from './http-out';

let server: http.Server;
let base: string;
const hung = new Set<http.ServerResponse>();

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      if (req.url === '/echo') {
        res.writeHead(201, { 'content-type': 'text/plain', 'X-Sign': 'abc' });
        res.end(`${req.method} ${req.headers['content-type'] ?? '-'} ${body}`);
      } else if (req.url === '/moved') {
        res.writeHead(302, { location: '/echo' });
        res.end('moved');
      } else if (req.url === '/slow-body') {
        res.writeHead(200);
        res.write('part');
        hung.add(res); // the rest never comes
      } else {
        hung.add(res); // no answer at all
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const res of hung) res.destroy();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('httpRequest', () => {
  it('answers the status, headers by any-case name and the body', async () => {
    const res = await httpRequest(`${base}/echo`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'a=1&b=2',
      timeoutMs: 2000,
    });
    expect(res.status).toBe(201);
    expect(res.header('x-sign')).toBe('abc');
    expect(res.header('X-SIGN')).toBe('abc');
    expect(res.header('wechatpay-serial')).toBeUndefined();
    expect(res.text).toBe('POST application/x-www-form-urlencoded a=1&b=2');
  });

  it('does not follow a redirect: the 3xx is the answer', async () => {
    const res = await httpRequest(`${base}/moved`, { method: 'POST', body: 'key=secret', timeoutMs: 2000 });
    expect(res.status).toBe(302);
    expect(res.text).toBe('moved');
  });

  it('gives up at the deadline, for a missing answer and for a body that stops half-way', async () => {
    for (const path of ['/never', '/slow-body']) {
      const t0 = performance.now();
      const err = await httpRequest(`${base}${path}`, { method: 'GET', timeoutMs: 300 }).catch((e) => e);
      expect(err).toBeInstanceOf(HttpOutError);
      expect(err).toMatchObject({ reason: 'timeout', message: 'no answer within 300 ms' });
      expect(performance.now() - t0).toBeLessThan(3000);
    }
  });

  it('reports a refused connection without the URL (which may carry a key)', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const err = await httpRequest(`http://127.0.0.1:${port}/api.php?act=order&key=SECRETKEY`, {
      method: 'GET',
      timeoutMs: 2000,
    }).catch((e) => e);
    expect(err).toBeInstanceOf(HttpOutError);
    expect(err).toMatchObject({ reason: 'network', message: 'unreachable (ECONNREFUSED)' });
    expect(String(err.stack)).not.toContain('SECRETKEY');
  });
});
