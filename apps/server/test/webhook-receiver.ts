import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** What a receiver does with one request. */
export type Behaviour = 'ok' | 'fail' | 'hang';

/** One request a receiver got. */
export interface Received {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** The status it answered, or null (held open until the caller gave up). */
  answered: number | null;
  /** When it arrived, by the clock given to startReceiver (ms). */
  receivedAt: number;
}

/** A webhook receiver on 127.0.0.1 whose answers a test scripts per request. */
export interface Receiver {
  port: number;
  url(path: string): string;
  requests: Received[];
  /** Decides each request's fate (default: every request answered 200). */
  behave(fn: (req: { path: string; index: number; body: string }) => Behaviour): void;
  close(): Promise<void>;
}

/** Starts a receiver on a loopback port; `clock` stamps arrivals (a test clock, for signature checks). */
export async function startReceiver(clock: () => number = Date.now): Promise<Receiver> {
  let decide: (req: { path: string; index: number; body: string }) => Behaviour = () => 'ok';
  const requests: Received[] = [];
  const sockets = new Set<Socket>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const path = req.url ?? '/';
      const entry: Received = { path, headers: req.headers, body, answered: null, receivedAt: clock() };
      const index = requests.length;
      requests.push(entry);
      const fate = decide({ path, index, body });
      if (fate === 'hang') return; // held open: the sender's timeout (or its death) ends it
      entry.answered = fate === 'ok' ? 200 : 500;
      res.writeHead(entry.answered, { 'content-type': 'text/plain' });
      res.end(fate === 'ok' ? 'ok' : 'receiver is down '.repeat(300));
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: (path) => `http://127.0.0.1:${port}${path}`,
    requests,
    behave(fn) {
      decide = fn;
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
