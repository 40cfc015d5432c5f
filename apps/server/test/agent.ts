import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { TOTP } from 'otpauth';

/** A browser-like client over app.inject: keeps the session cookie and sends the CSRF token on writes. */
export class Agent {
  cookies = new Map<string, string>();
  csrf: string | undefined;

  constructor(
    private readonly app: FastifyInstance,
    readonly lang: 'zh-CN' | 'en' = 'zh-CN',
  ) {}

  async request(
    method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
    url: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<LightMyRequestResponse> {
    const res = await this.app.inject({
      method,
      url,
      headers: {
        'accept-language': this.lang,
        ...(this.cookies.size ? { cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } : {}),
        ...(this.csrf && method !== 'GET' ? { 'x-csrf-token': this.csrf } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      ...(body !== undefined ? { payload: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
    for (const c of res.cookies) {
      if (c.maxAge === 0 || (c.expires && c.expires.getTime() < Date.now())) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    const json = safeJson(res.body) as { csrfToken?: string; user?: { csrfToken?: string } } | undefined;
    const token = json?.user?.csrfToken ?? json?.csrfToken;
    if (token) this.csrf = token;
    return res;
  }

  get(url: string) {
    return this.request('GET', url);
  }
  post(url: string, body?: unknown) {
    return this.request('POST', url, body);
  }
  patch(url: string, body: unknown) {
    return this.request('PATCH', url, body);
  }
  put(url: string, body: unknown) {
    return this.request('PUT', url, body);
  }
  delete(url: string) {
    return this.request('DELETE', url);
  }

  /** Refreshes the CSRF token from /api/auth/me. */
  async me() {
    return this.get('/api/auth/me');
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The current TOTP code for a base32 secret (optionally `stepOffset` periods away). */
export function totpNow(secret: string, stepOffset = 0, at = Date.now()): string {
  return new TOTP({ secret, digits: 6, period: 30, algorithm: 'SHA1' }).generate({
    timestamp: at + stepOffset * 30_000,
  });
}
