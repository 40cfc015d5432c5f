import type { Me } from '@kameng/shared';
import { ApiError } from './api-error';

export { ApiError, isApiError } from './api-error';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

let csrfToken: string | null = null;
let languageGetter: () => string = () => 'zh-CN';

/** Remembers the CSRF token of the current session (it comes with every `Me`). */
export function rememberSession(user: Me | null): void {
  csrfToken = user?.csrfToken ?? null;
}

/** Remembers the CSRF token handed out before the session is complete (the 2FA step). */
export function rememberCsrfToken(token: string): void {
  csrfToken = token;
}

/** Tells the client which language to send as Accept-Language. */
export function setLanguageGetter(getter: () => string): void {
  languageGetter = getter;
}

async function send(method: Method, path: string, body: unknown): Promise<Response> {
  const headers: Record<string, string> = {
    Accept: 'application/json',
    'Accept-Language': languageGetter(),
  };
  let payload: string | undefined;
  if (method !== 'GET') {
    // Non-GET requests always carry a JSON body (an empty object when none) and the CSRF token.
    headers['Content-Type'] = 'application/json';
    payload = JSON.stringify(body ?? {});
    if (csrfToken) headers['X-CSRF-Token'] = csrfToken;
  }
  try {
    return await fetch(path, { method, headers, body: payload, credentials: 'same-origin' });
  } catch (cause) {
    throw new ApiError({
      status: 0,
      code: 'NETWORK',
      message: cause instanceof Error ? cause.message : String(cause),
      request_id: null,
    });
  }
}

async function toApiError(res: Response): Promise<ApiError> {
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    // Not JSON (a proxy error page, for instance): fall through to a generic error.
  }
  if (body && typeof body === 'object' && 'code' in body && 'message' in body) {
    const b = body as { code: unknown; message: unknown; request_id?: unknown; details?: unknown };
    return new ApiError({
      status: res.status,
      code: String(b.code),
      message: String(b.message),
      request_id: typeof b.request_id === 'string' ? b.request_id : res.headers.get('x-request-id'),
      details: b.details,
    });
  }
  return new ApiError({
    status: res.status,
    code: res.status >= 500 ? 'INTERNAL' : 'HTTP_' + String(res.status),
    message: res.statusText || 'HTTP ' + String(res.status),
    request_id: res.headers.get('x-request-id'),
  });
}

async function refreshCsrfToken(): Promise<boolean> {
  const res = await send('GET', '/api/auth/me', undefined);
  if (!res.ok) return false;
  const user = (await res.json()) as Me;
  rememberSession(user);
  return true;
}

/** Calls the API and returns the parsed JSON body, or throws an ApiError. */
export async function request<T>(method: Method, path: string, body?: unknown): Promise<T> {
  let res = await send(method, path, body);
  if (res.status === 403 && method !== 'GET') {
    const err = await toApiError(res);
    // A stale token (session rotated in another tab): fetch the current one and retry once.
    if (err.code !== 'AUTH_CSRF_INVALID' || !(await refreshCsrfToken())) throw err;
    res = await send(method, path, body);
  }
  if (!res.ok) throw await toApiError(res);
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

/** Builds a query string from the defined values only. */
export function query(params: Record<string, string | number | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const s = search.toString();
  return s ? '?' + s : '';
}
