import { httpRequest, type HttpAnswer } from '../../../lib/http-out';

/**
 * One request to a 易支付 gateway, answered with a JSON object. Errors never carry the URL (V1's
 * api.php has the raw merchant key in its query string) nor the request's cause chain; `secret`, when
 * given, is scrubbed from any gateway message we repeat. Redirects are refused: following one would
 * resend the key to another place or turn a POST into a GET.
 */
export async function epayRequest(
  url: string,
  opts: {
    what: string;
    method: 'GET' | 'POST';
    form?: Record<string, string>;
    timeoutMs: number;
    secret?: string;
  },
): Promise<Record<string, unknown>> {
  let res: HttpAnswer;
  try {
    res = await httpRequest(url, {
      method: opts.method,
      headers: {
        accept: 'application/json',
        ...(opts.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      ...(opts.form ? { body: new URLSearchParams(opts.form).toString() } : {}),
      timeoutMs: opts.timeoutMs,
    });
  } catch (err) {
    throw new Error(`epay ${opts.what}: ${(err as Error).message}`);
  }
  if (res.status >= 300 && res.status < 400) {
    throw new Error(`epay ${opts.what}: the gateway redirected (HTTP ${res.status}); set the final apiurl`);
  }
  if (res.status < 200 || res.status > 299) throw new Error(`epay ${opts.what}: HTTP ${res.status}`);
  let json: unknown;
  try {
    // PHP files saved with a BOM (common on these servers) prefix it to every answer.
    json = JSON.parse(res.text.replace(/^\uFEFF/, '').trim());
  } catch {
    throw new Error(`epay ${opts.what}: the gateway answered non-JSON (HTTP ${res.status})`);
  }
  if (!json || typeof json !== 'object' || Array.isArray(json)) {
    throw new Error(`epay ${opts.what}: the gateway answered an unexpected JSON value`);
  }
  return json as Record<string, unknown>;
}

/** The gateway's `msg`, bounded and with `secret` scrubbed, for an error message. */
export function gatewayMessage(json: Record<string, unknown>, secret?: string): string {
  const raw = typeof json.msg === 'string' ? json.msg : `code ${String(json.code)}`;
  const msg = secret ? raw.split(secret).join('***') : raw;
  return msg.slice(0, 160);
}

/** A JSON answer's value as a string ('' when absent or not a scalar). */
export function str(v: unknown): string {
  return typeof v === 'string' ? v : typeof v === 'number' && Number.isFinite(v) ? String(v) : '';
}
