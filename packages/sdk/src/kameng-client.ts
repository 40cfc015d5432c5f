import {
  API_VERSION_HEADER,
  encodeRfc3986,
  type ApiBalance,
  type ApiCategory,
  type ApiCreateOrderBody,
  type ApiError,
  type ApiOrder,
  type ApiOrderListQuery,
  type ApiOrderPage,
  type ApiPing,
  type ApiProduct,
  type ApiProductPage,
  type ApiProductQuery,
  type ApiStatementPage,
  type ApiStatementQuery,
  type ApiCreateWebhookEndpointBody,
  type ApiUpdateWebhookEndpointBody,
  type ApiWebhookEndpoint,
  type ApiWebhookEndpointWithSecret,
  type ApiWebhookTestDelivery,
} from '@kameng/shared';
import { KamengApiError } from './kameng-api-error';
import { paginate } from './paginate';
import { signRequest } from './sign-request';
import { importHmacKey, randomIdempotencyKey, randomNonce, type HmacKey } from './web-crypto';

/** The SDK's version, sent in the User-Agent. */
export const SDK_VERSION = '0.1.0';

/** What the onResponse hook sees for each attempt (never the secret, the signature or the body). */
export interface ResponseInfo {
  method: string;
  path: string;
  /** HTTP status; 0 when no response arrived (network error or timeout). */
  status: number;
  requestId: string | null;
  version: string | null;
  durationMs: number;
  /** 0 for the first try, 1… for retries. */
  attempt: number;
  /** The error code of a failed answer (or NETWORK_ERROR / TIMEOUT). */
  errorCode?: string;
}

/** Client settings. Only baseUrl, appKey and appSecret are required. */
export interface KamengClientOptions {
  /** The shop's origin, e.g. `https://shop.example.com` (a path prefix is kept). */
  baseUrl: string;
  appKey: string;
  appSecret: string;
  /** A fetch implementation (default globalThis.fetch). */
  fetch?: typeof globalThis.fetch;
  /** Clock in milliseconds (default Date.now); the signature's timestamp comes from it. */
  now?: () => number;
  /** Nonce generator (default 32 random hex characters). */
  nonce?: () => string;
  /** Per-attempt timeout in milliseconds (default 30 000). */
  timeoutMs?: number;
  /** Retries after the first try for network errors, 429, 502, 503 and 504 (default 3). */
  maxRetries?: number;
  /** First backoff delay in milliseconds, doubled per retry, with jitter (default 300). */
  retryBaseDelayMs?: number;
  /** The longest wait before a retry, in milliseconds (default 30 000). A longer Retry-After is not waited for. */
  maxRetryDelayMs?: number;
  /** Appended to the User-Agent (e.g. `my-shop/2.3`). */
  userAgent?: string;
  /** Language of error messages: `zh-CN` (default on the server) or `en`. */
  locale?: 'zh-CN' | 'en';
  /** Called after every attempt, for logging and metrics. Must not throw. */
  onResponse?: (info: ResponseInfo) => void;
}

/** Options of one request. */
export interface RequestOptions {
  /** Query parameters; undefined values are left out, arrays repeat the key, Dates become ISO strings. */
  query?: QueryParams;
  /** Sent as JSON. */
  body?: unknown;
  /** Sent as the Idempotency-Key header, the same on every retry. */
  idempotencyKey?: string;
  headers?: Record<string, string>;
  /** Cancels the call (and its retries). */
  signal?: AbortSignal;
}

/** Query parameter values the client can encode. */
export type QueryParams = Record<string, QueryValue | QueryValue[] | undefined | null>;
type QueryValue = string | number | boolean | Date;

/** A whole answer: status, data and the headers an integrator may care about. */
export interface KamengResponse<T> {
  status: number;
  /** The parsed JSON body; undefined for 204 and 304. */
  data: T;
  requestId: string | null;
  version: string | null;
  etag: string | null;
  headers: Headers;
}

/** products.list's answer: the page and its ETag. */
export type ProductPageResult = ApiProductPage & { notModified: false; etag: string | null };
/** The answer to a conditional products.list whose ETag still matches: nothing changed. */
export interface NotModified {
  notModified: true;
  etag: string;
}

/** Query of products.list (snake_case, as on the wire). */
export type ProductListQuery = Partial<ApiProductQuery>;
/** Query of orders.list. */
export type OrderListQuery = Partial<ApiOrderListQuery>;
/** Query of balance.statement. */
export type StatementQuery = Partial<ApiStatementQuery>;
/** One statement line. */
export type ApiStatementEntry = ApiStatementPage['data'][number];

const RETRYABLE_STATUSES = new Set([429, 502, 503, 504]);
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The Kameng open API client: signs every request (KAMENG-HMAC-SHA256), retries transient failures with
 * backoff and a stable idempotency key, pages through lists, and turns errors into KamengApiError.
 */
export class KamengClient {
  readonly #opts: Required<
    Pick<KamengClientOptions, 'timeoutMs' | 'maxRetries' | 'retryBaseDelayMs' | 'maxRetryDelayMs'>
  > &
    KamengClientOptions;
  readonly #base: URL;
  readonly #fetch: typeof globalThis.fetch;
  readonly #now: () => number;
  readonly #nonce: () => string;
  readonly #userAgent: string;
  // The secret lives only inside the imported (non-extractable) key after the first request.
  #key: Promise<HmacKey> | null = null;
  readonly #secret: string;

  constructor(options: KamengClientOptions) {
    if (!options.baseUrl) throw new TypeError('KamengClient: baseUrl is required');
    if (!options.appKey) throw new TypeError('KamengClient: appKey is required');
    if (!options.appSecret) throw new TypeError('KamengClient: appSecret is required');
    this.#opts = {
      timeoutMs: 30_000,
      maxRetries: 3,
      retryBaseDelayMs: 300,
      maxRetryDelayMs: 30_000,
      ...stripUndefined(options),
    };
    this.#secret = options.appSecret;
    this.#base = new URL(options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`);
    const f = options.fetch ?? globalThis.fetch;
    if (!f) throw new TypeError('KamengClient: no fetch available; pass options.fetch');
    this.#fetch = f;
    this.#now = options.now ?? Date.now;
    this.#nonce = options.nonce ?? randomNonce;
    this.#userAgent = `kameng-sdk-js/${SDK_VERSION}${options.userAgent ? ` ${options.userAgent}` : ''}`;
  }

  /** The AppKey this client signs with. */
  get appKey(): string {
    return this.#opts.appKey;
  }

  // Hides the secret from console.log / util.inspect of the client.
  toJSON(): Record<string, unknown> {
    return { baseUrl: this.#base.href, appKey: this.#opts.appKey };
  }
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `KamengClient { baseUrl: '${this.#base.href}', appKey: '${this.#opts.appKey}' }`;
  }

  /** Sends a signed request and resolves to the parsed JSON body (undefined for 204/304). */
  async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    return (await this.requestRaw<T>(method, path, options)).data;
  }

  /**
   * Sends a signed request and resolves to the whole answer (status, data, request id, version, ETag).
   * Any status other than 2xx and 304 rejects with KamengApiError.
   */
  async requestRaw<T>(
    method: string,
    path: string,
    options: RequestOptions = {},
  ): Promise<KamengResponse<T>> {
    const m = method.toUpperCase();
    const url = this.#url(path, options.query);
    const body = options.body === undefined ? undefined : JSON.stringify(options.body);
    // Safe methods and idempotent writes may be repeated after any transient failure; other writes
    // only after a 429, which the server sends before doing anything.
    const replayable = SAFE_METHODS.has(m) || options.idempotencyKey !== undefined;
    const { maxRetries } = this.#opts;
    for (let attempt = 0; ; attempt++) {
      let failure: KamengApiError;
      try {
        return await this.#attempt<T>(m, url, body, options, attempt);
      } catch (err) {
        if (!(err instanceof KamengApiError) || options.signal?.aborted) throw err;
        failure = err;
      }
      const transient =
        failure.status === 0
          ? failure.code === 'NETWORK_ERROR' || failure.code === 'TIMEOUT'
          : RETRYABLE_STATUSES.has(failure.status);
      if (attempt >= maxRetries || !transient || (!replayable && failure.status !== 429)) throw failure;
      const delay = this.#retryDelay(attempt, failure.retryAfter);
      if (delay === null) throw failure;
      await sleep(delay, options.signal);
    }
  }

  /** GET /api/v1/ping: the account, its balance and the protocol version; a cheap credentials check. */
  ping(): Promise<ApiPing> {
    return this.request('GET', '/api/v1/ping');
  }

  /** Catalog categories. */
  readonly categories = {
    /** GET /api/v1/categories */
    list: async (): Promise<ApiCategory[]> =>
      (await this.request<{ data: ApiCategory[] }>('GET', '/api/v1/categories')).data,
  };

  /** Products with SKUs, this account's prices and stock. */
  readonly products = {
    /**
     * GET /api/v1/products: one page. Pass `{ ifNoneMatch: etag }` from an earlier answer to get
     * `{ notModified: true }` cheaply when nothing changed.
     */
    list: ((query: ProductListQuery = {}, opts: { ifNoneMatch?: string; signal?: AbortSignal } = {}) =>
      this.#conditional(query, opts)) as {
      (query?: ProductListQuery): Promise<ProductPageResult>;
      (
        query: ProductListQuery | undefined,
        opts: { ifNoneMatch?: string; signal?: AbortSignal },
      ): Promise<ProductPageResult | NotModified>;
    },
    /** GET /api/v1/products/:id */
    get: (id: string): Promise<ApiProduct> => this.request('GET', `/api/v1/products/${encodeRfc3986(id)}`),
    /** Every product matching the query, page after page. */
    iterate: (query: ProductListQuery = {}): AsyncGenerator<ApiProduct> =>
      paginate((cursor) => this.products.list({ ...query, cursor })),
  };

  /** Orders paid from the prepaid balance. */
  readonly orders = {
    /**
     * POST /api/v1/orders. Sends an Idempotency-Key (yours, or a fresh one) and reuses it on every retry,
     * so a retried call can never create a second order. `out_order_no` is idempotent on its own too.
     */
    create: (
      body: ApiCreateOrderBody,
      opts: { idempotencyKey?: string; signal?: AbortSignal } = {},
    ): Promise<ApiOrder> =>
      this.request('POST', '/api/v1/orders', {
        body,
        idempotencyKey: opts.idempotencyKey ?? randomIdempotencyKey(),
        ...(opts.signal ? { signal: opts.signal } : {}),
      }),
    /** GET /api/v1/orders/:id (our order id). */
    get: (id: string): Promise<ApiOrder> => this.request('GET', `/api/v1/orders/${encodeRfc3986(id)}`),
    /** GET /api/v1/orders/by-out-no/:out_order_no (your order number). */
    getByOutOrderNo: (outOrderNo: string): Promise<ApiOrder> =>
      this.request('GET', `/api/v1/orders/by-out-no/${encodeRfc3986(outOrderNo)}`),
    /** GET /api/v1/orders: one page, newest first. */
    list: (query: OrderListQuery = {}): Promise<ApiOrderPage> =>
      this.request('GET', '/api/v1/orders', { query }),
    /** Every order matching the query, page after page. */
    iterate: (query: OrderListQuery = {}): AsyncGenerator<ApiOrder> =>
      paginate((cursor) => this.orders.list({ ...query, cursor })),
    /** POST /api/v1/orders/:id/cancel, where the order's state allows it (API_ORDER_NOT_CANCELLABLE otherwise). */
    cancel: (id: string): Promise<ApiOrder> =>
      this.request('POST', `/api/v1/orders/${encodeRfc3986(id)}/cancel`),
  };

  /** The prepaid balance and its statement. */
  readonly balance = {
    /** GET /api/v1/balance */
    get: (): Promise<ApiBalance> => this.request('GET', '/api/v1/balance'),
    /** GET /api/v1/balance/statement: one page, newest first. */
    statement: (query: StatementQuery = {}): Promise<ApiStatementPage> =>
      this.request('GET', '/api/v1/balance/statement', { query }),
    /** Every statement line matching the query, page after page. */
    iterate: (query: StatementQuery = {}): AsyncGenerator<ApiStatementEntry> =>
      paginate((cursor) => this.balance.statement({ ...query, cursor })),
  };

  /**
   * The account's webhook endpoints in this credential's mode (scopes webhooks:read, webhooks:write).
   * The signing secret comes only in the answers of create and rollSecret: store it then.
   */
  readonly webhookEndpoints = {
    /** GET /api/v1/webhook-endpoints: all of them (at most 10), newest first. */
    list: async (): Promise<ApiWebhookEndpoint[]> =>
      (await this.request<{ data: ApiWebhookEndpoint[] }>('GET', '/api/v1/webhook-endpoints')).data,
    /** GET /api/v1/webhook-endpoints/:id */
    get: (id: string): Promise<ApiWebhookEndpoint> =>
      this.request('GET', `/api/v1/webhook-endpoints/${encodeRfc3986(id)}`),
    /**
     * POST /api/v1/webhook-endpoints: the endpoint and its `secret`, shown this once. Sends an
     * Idempotency-Key (yours, or a fresh one) and reuses it on every retry, so a retried call never adds a
     * second endpoint (a replay answers the same endpoint and secret).
     */
    create: (
      body: ApiCreateWebhookEndpointBody,
      opts: { idempotencyKey?: string } = {},
    ): Promise<ApiWebhookEndpointWithSecret> =>
      this.request('POST', '/api/v1/webhook-endpoints', {
        body,
        idempotencyKey: opts.idempotencyKey ?? randomIdempotencyKey(),
      }),
    /** PATCH /api/v1/webhook-endpoints/:id: url, event_types, description, enabled (what is given changes). */
    update: (id: string, body: ApiUpdateWebhookEndpointBody): Promise<ApiWebhookEndpoint> =>
      this.request('PATCH', `/api/v1/webhook-endpoints/${encodeRfc3986(id)}`, { body }),
    /** POST /api/v1/webhook-endpoints/:id/roll-secret: a new `secret` (the old one stops verifying at once). */
    rollSecret: (id: string): Promise<ApiWebhookEndpointWithSecret> =>
      this.request('POST', `/api/v1/webhook-endpoints/${encodeRfc3986(id)}/roll-secret`),
    /** DELETE /api/v1/webhook-endpoints/:id */
    delete: async (id: string): Promise<void> => {
      await this.request('DELETE', `/api/v1/webhook-endpoints/${encodeRfc3986(id)}`);
    },
    /** POST /api/v1/webhook-endpoints/:id/test: sends a signed `test.ping` now; resolves to how it went. */
    test: (id: string): Promise<ApiWebhookTestDelivery> =>
      this.request('POST', `/api/v1/webhook-endpoints/${encodeRfc3986(id)}/test`),
  };

  async #conditional(
    query: ProductListQuery,
    opts: { ifNoneMatch?: string; signal?: AbortSignal },
  ): Promise<ProductPageResult | NotModified> {
    const res = await this.requestRaw<ApiProductPage>('GET', '/api/v1/products', {
      query,
      ...(opts.ifNoneMatch ? { headers: { 'if-none-match': opts.ifNoneMatch } } : {}),
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
    if (res.status === 304) return { notModified: true, etag: res.etag ?? opts.ifNoneMatch ?? '' };
    return { ...res.data, notModified: false, etag: res.etag };
  }

  #url(path: string, query: QueryParams | undefined): URL {
    const url = new URL(path.replace(/^\/+/, ''), this.#base);
    const parts: string[] = [];
    for (const [k, v] of Object.entries(query ?? {})) {
      if (v === undefined || v === null) continue;
      for (const one of Array.isArray(v) ? v : [v]) {
        const s = one instanceof Date ? one.toISOString() : String(one);
        parts.push(`${encodeRfc3986(k)}=${encodeRfc3986(s)}`);
      }
    }
    url.search = parts.join('&');
    return url;
  }

  async #attempt<T>(
    method: string,
    url: URL,
    body: string | undefined,
    options: RequestOptions,
    attempt: number,
  ): Promise<KamengResponse<T>> {
    // Signed afresh on every attempt: a retry with the old nonce would be refused as a replay.
    this.#key ??= importHmacKey(this.#secret);
    const signed = await signRequest({
      appKey: this.#opts.appKey,
      appSecret: await this.#key,
      method,
      path: url.pathname,
      query: url.search,
      ...(body === undefined ? {} : { body }),
      timestamp: Math.floor(this.#now() / 1000),
      nonce: this.#nonce(),
    });
    const headers: Record<string, string> = {
      accept: 'application/json',
      'user-agent': this.#userAgent,
      ...(this.#opts.locale ? { 'accept-language': this.#opts.locale } : {}),
      ...options.headers,
      authorization: signed.authorization,
    };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (options.idempotencyKey !== undefined) headers['idempotency-key'] = options.idempotencyKey;

    const timeout = AbortSignal.timeout(this.#opts.timeoutMs);
    const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
    const started = Date.now();
    const report = (info: Omit<ResponseInfo, 'method' | 'path' | 'durationMs' | 'attempt'>) => {
      try {
        this.#opts.onResponse?.({
          method,
          path: url.pathname,
          durationMs: Date.now() - started,
          attempt,
          ...info,
        });
      } catch {
        // A logging hook must not turn a good answer into a failure.
      }
    };

    let res: Response;
    let text: string;
    try {
      res = await this.#fetch(url, { method, headers, ...(body === undefined ? {} : { body }), signal });
      text = await res.text();
    } catch (err) {
      if (options.signal?.aborted) throw err;
      const code = timeout.aborted ? 'TIMEOUT' : 'NETWORK_ERROR';
      report({ status: 0, requestId: null, version: null, errorCode: code });
      throw new KamengApiError({
        code,
        status: 0,
        message: timeout.aborted
          ? `No answer within ${this.#opts.timeoutMs} ms`
          : `Network error: ${(err as Error)?.message ?? String(err)}`,
        requestId: null,
        cause: err,
      });
    }

    const requestId = res.headers.get('x-request-id');
    const version = res.headers.get(API_VERSION_HEADER);
    const ok = (res.status >= 200 && res.status < 300) || res.status === 304;
    let json: unknown = undefined;
    let parsed = text.length === 0;
    if (text.length > 0) {
      try {
        json = JSON.parse(text);
        parsed = true;
      } catch {
        parsed = false;
      }
    }
    if (ok && parsed) {
      report({ status: res.status, requestId, version });
      return {
        status: res.status,
        data: json as T,
        requestId,
        version,
        etag: res.headers.get('etag'),
        headers: res.headers,
      };
    }
    const envelope = ok ? null : asEnvelope(json);
    const error = new KamengApiError({
      code: envelope?.code ?? 'UNEXPECTED_RESPONSE',
      status: res.status,
      message: envelope?.message ?? `Unexpected HTTP ${res.status} answer${ok ? ' (not JSON)' : ''}`,
      requestId: envelope?.request_id ?? requestId,
      details: envelope?.details,
      retryAfter: parseRetryAfter(res.headers.get('retry-after'), this.#now()),
      version,
    });
    report({ status: res.status, requestId: error.requestId, version, errorCode: error.code });
    throw error;
  }

  /** Milliseconds to wait before retry `attempt + 1`, or null when the server asks for longer than we wait. */
  #retryDelay(attempt: number, retryAfterSeconds: number | null): number | null {
    const { retryBaseDelayMs, maxRetryDelayMs } = this.#opts;
    if (retryAfterSeconds !== null) {
      const ms = retryAfterSeconds * 1000;
      return ms > maxRetryDelayMs ? null : ms;
    }
    // Exponential backoff with "equal jitter": half fixed, half random, so clients spread out.
    const exp = Math.min(maxRetryDelayMs, retryBaseDelayMs * 2 ** attempt);
    return exp / 2 + Math.random() * (exp / 2);
  }
}

function asEnvelope(json: unknown): ApiError | null {
  const e = json as Partial<ApiError> | null;
  return e && typeof e === 'object' && typeof e.code === 'string' && typeof e.message === 'string'
    ? {
        code: e.code,
        message: e.message,
        request_id: typeof e.request_id === 'string' ? e.request_id : '',
        details: e.details,
      }
    : null;
}

/** Retry-After as seconds: either delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | null, nowMs: number = Date.now()): number | null {
  if (!value) return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - nowMs) / 1000));
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function stripUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
