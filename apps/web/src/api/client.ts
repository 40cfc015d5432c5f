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

/** The CSRF token of the current session, for requests made outside `request` (XHR uploads). */
export function currentCsrfToken(): string | null {
  return csrfToken;
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

/** Parses an error body (already read as text) into an ApiError. */
function apiErrorFromText(
  status: number,
  statusText: string,
  text: string,
  requestId: string | null,
): ApiError {
  let body: unknown = null;
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON: a generic error below.
  }
  if (body && typeof body === 'object' && 'code' in body && 'message' in body) {
    const b = body as { code: unknown; message: unknown; request_id?: unknown; details?: unknown };
    return new ApiError({
      status,
      code: String(b.code),
      message: String(b.message),
      request_id: typeof b.request_id === 'string' ? b.request_id : requestId,
      details: b.details,
    });
  }
  return new ApiError({
    status,
    code: status === 0 ? 'NETWORK' : status >= 500 ? 'INTERNAL' : 'HTTP_' + String(status),
    message: statusText || 'HTTP ' + String(status),
    request_id: requestId,
  });
}

/** Upload progress: bytes sent so far and the total (0 when unknown). */
export interface UploadProgress {
  loaded: number;
  total: number;
}

/**
 * POSTs multipart form data with XMLHttpRequest so upload progress can be shown (fetch cannot report it).
 * Carries the CSRF token and Accept-Language like `request`; resolves with the JSON answer.
 */
export function uploadForm<T>(
  path: string,
  form: FormData,
  onProgress?: (p: UploadProgress) => void,
  signal?: AbortSignal,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.withCredentials = true;
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('Accept-Language', languageGetter());
    const token = currentCsrfToken();
    if (token) xhr.setRequestHeader('X-CSRF-Token', token);
    if (onProgress) {
      xhr.upload.onprogress = (e) =>
        onProgress({ loaded: e.loaded, total: e.lengthComputable ? e.total : 0 });
    }
    xhr.onload = () => {
      const requestId = xhr.getResponseHeader('x-request-id');
      if (xhr.status >= 200 && xhr.status < 300) {
        try {
          resolve((xhr.responseText ? JSON.parse(xhr.responseText) : undefined) as T);
        } catch (cause) {
          reject(apiErrorFromText(xhr.status, String(cause), '', requestId));
        }
      } else {
        reject(apiErrorFromText(xhr.status, xhr.statusText, xhr.responseText, requestId));
      }
    };
    xhr.onerror = () => reject(apiErrorFromText(0, 'network error', '', null));
    xhr.onabort = () => reject(apiErrorFromText(0, 'aborted', '', null));
    signal?.addEventListener('abort', () => xhr.abort());
    xhr.send(form);
  });
}

/** A file answered by the server. */
export interface DownloadedFile {
  blob: Blob;
  filename: string | null;
}

function filenameFrom(disposition: string | null): string | null {
  if (!disposition) return null;
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  if (star?.[1]) {
    try {
      return decodeURIComponent(star[1]);
    } catch {
      return star[1];
    }
  }
  const plain = /filename="?([^";]+)"?/i.exec(disposition);
  return plain?.[1] ?? null;
}

/** Calls the API and returns the answer as a file (for downloads); errors are ApiErrors as with `request`. */
export async function requestFile(method: Method, path: string, body?: unknown): Promise<DownloadedFile> {
  const headers: Record<string, string> = { 'Accept-Language': languageGetter() };
  let payload: string | undefined;
  if (method !== 'GET') {
    headers['Content-Type'] = 'application/json';
    payload = JSON.stringify(body ?? {});
    if (csrfToken) headers['X-CSRF-Token'] = csrfToken;
  }
  let res: Response;
  try {
    res = await fetch(path, { method, headers, body: payload, credentials: 'same-origin' });
  } catch (cause) {
    throw apiErrorFromText(0, cause instanceof Error ? cause.message : String(cause), '', null);
  }
  if (!res.ok)
    throw apiErrorFromText(res.status, res.statusText, await res.text(), res.headers.get('x-request-id'));
  return { blob: await res.blob(), filename: filenameFrom(res.headers.get('content-disposition')) };
}

/** Saves a blob as a file through a temporary link. */
export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
