import http from 'node:http';
import https from 'node:https';
import { assertLiteralAllowed, guardedLookup } from '../../lib/outbound-url';

/** What one HTTP attempt came to. */
export interface PostResult {
  /** The response status (null when no response came: refused, timed out, connection failed). */
  status: number | null;
  /** The start of the response body (at most `EXCERPT_BYTES`). */
  body: string | null;
  error: string | null;
  durationMs: number;
}

/** The most of a request or response body the delivery log keeps. */
export const EXCERPT_BYTES = 2048;
/** Reading a response stops here: a receiver cannot make us download a large body. */
const MAX_READ_BYTES = 64 * 1024;

/**
 * POSTs `body` to `url` once. The connection goes only to an address the SSRF guard allows, checked
 * when it is made (a name is resolved once, by the guard, and the socket connects to that answer), so
 * a DNS answer changed since the URL was saved cannot reach an internal address. No redirects are
 * followed (a 3xx is a failure); no connection is reused. Never throws.
 */
export async function postWebhook(
  url: string,
  headers: Record<string, string>,
  body: string,
  opts: { timeoutMs: number; allowPrivate: boolean },
): Promise<PostResult> {
  const started = performance.now();
  const done = (r: Omit<PostResult, 'durationMs'>): PostResult => ({
    ...r,
    durationMs: Math.round(performance.now() - started),
  });
  let target: URL;
  try {
    target = new URL(url);
    if (target.protocol !== 'http:' && target.protocol !== 'https:') throw new Error('unsupported scheme');
    assertLiteralAllowed(target, opts.allowPrivate);
  } catch (err) {
    return done({ status: null, body: null, error: describe(err) });
  }
  return new Promise<PostResult>((resolve) => {
    let settled = false;
    const finish = (r: Omit<PostResult, 'durationMs'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(done(r));
    };
    const request = (target.protocol === 'https:' ? https : http).request(target, {
      method: 'POST',
      headers: { ...headers, 'Content-Length': String(Buffer.byteLength(body)) },
      lookup: guardedLookup(opts.allowPrivate),
      agent: false,
    });
    // One deadline for the whole exchange (connect, send, response), not per socket idle period.
    const timer = setTimeout(() => {
      request.destroy(new Error(`timed out after ${opts.timeoutMs} ms`));
    }, opts.timeoutMs);
    request.on('error', (err) => finish({ status: null, body: null, error: describe(err) }));
    request.on('response', (res) => {
      const chunks: Buffer[] = [];
      let read = 0;
      const answer = () =>
        finish({
          status: res.statusCode ?? null,
          body: excerpt(Buffer.concat(chunks).toString('utf8')),
          error: null,
        });
      res.on('data', (chunk: Buffer) => {
        if (read < EXCERPT_BYTES) chunks.push(chunk.subarray(0, EXCERPT_BYTES - read));
        read += chunk.length;
        if (read > MAX_READ_BYTES) {
          answer();
          res.destroy();
        }
      });
      res.on('end', answer);
      res.on('error', answer);
    });
    request.end(body);
  });
}

/** At most EXCERPT_BYTES of text (cut on a character boundary). */
export function excerpt(text: string): string {
  const buf = Buffer.from(text, 'utf8');
  if (buf.length <= EXCERPT_BYTES) return text;
  return buf
    .subarray(0, EXCERPT_BYTES)
    .toString('utf8')
    .replace(/\uFFFD$/, '');
}

function describe(err: unknown): string {
  const e = err as { code?: string; message?: string };
  const text = [e.code, e.message].filter(Boolean).join(': ') || String(err);
  return text.slice(0, 500);
}
