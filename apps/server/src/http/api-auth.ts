import { API_STABLE_VERSION, API_VERSION_HEADER, EMPTY_BODY_SHA256, type ApiScope } from '@kameng/shared';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { z } from 'zod';
import { AppError } from '../lib/app-error';
import type { ApiWriteRequest } from '../modules/docking/idempotency';
import { recordApiCall } from '../modules/docking/record-api-call';
import { verifyApiRequest, type ApiCallIdentity } from '../modules/docking/verify-request';

/** What the open-API hooks keep per /api/v1 request: who called (once known) and the body as signed. */
export interface ApiCallState extends ApiCallIdentity {
  /** SHA-256 (hex) of the exact body bytes (EMPTY_BODY_SHA256 without a body). */
  bodySha256: string;
  /** The exact body bytes of a signed request (the signature covers them); undefined without a body. */
  rawBody?: Buffer;
  /** The error code of a refused call, read from the error envelope as it is sent. */
  errorCode?: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set on every /api/v1 request (null elsewhere). */
    apiCall: ApiCallState | null;
  }
}

/** The documented request headers of a write that takes an Idempotency-Key. */
export const idempotencyKeyHeaders = z.looseObject({
  'idempotency-key': z
    .string()
    .optional()
    .meta({ description: 'Retry-safe key: the same key and body replay the first answer' }),
});

/** What identifies a signed /api/v1 write under its Idempotency-Key (see idempotentWrite). */
export function apiWriteRequest(req: FastifyRequest): ApiWriteRequest {
  return {
    method: req.method,
    path: req.url.split('?')[0]!,
    // Set for every /api/v1 request by the signature check below, which hashed the raw bytes.
    bodySha256: req.apiCall!.bodySha256,
    idempotencyKey: req.headers['idempotency-key'],
  };
}

const isApiV1 = (url: string) =>
  url === '/api/v1' || url.startsWith('/api/v1/') || url.startsWith('/api/v1?');

function routeScope(req: FastifyRequest): ApiScope | null | undefined {
  const access = req.routeOptions.config?.access;
  return typeof access === 'object' && access !== null && 'api' in access ? access.api : undefined;
}

function hasBody(req: FastifyRequest): boolean {
  const len = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (len !== undefined && len !== '0');
}

/** Reads a request stream whole, refusing it past `limit` bytes (BODY_TOO_LARGE) before buffering more. */
async function readLimited(stream: NodeJS.ReadableStream, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += buf.length;
    if (size > limit) throw new AppError('BODY_TOO_LARGE');
    chunks.push(buf);
  }
  return Buffer.concat(chunks, size);
}

/**
 * The open API's request hooks, on every route declaring `config.access = { api: scope | null }`:
 * - preParsing: reads the body's exact bytes (what the signature covers; JSON parsing then runs on a
 *   copy of them as usual), verifies the signature and the credential (verifyApiRequest: one coded
 *   refusal per failure) and sets `req.ctx.actor` to the API actor — before any parsing or validation,
 *   so an unsigned caller learns nothing about the request shape;
 * - every /api/v1 answer, errors included, carries `Kameng-Version` (the version served; the stable
 *   one while the caller is unknown);
 * - onResponse: appends an api_calls row (fire-and-forget, see recordApiCall) with the route pattern,
 *   status, error code, duration and, where known, the credential, reseller, mode and version.
 */
export function registerApiAuth(app: FastifyInstance): void {
  app.decorateRequest('apiCall', null);
  const bodyLimit = app.deps.config.bodyLimit;

  app.addHook('onRequest', async (req, reply) => {
    if (!isApiV1(req.url)) return;
    req.apiCall = { bodySha256: EMPTY_BODY_SHA256 };
    void reply.header(API_VERSION_HEADER, API_STABLE_VERSION);
  });

  app.addHook('preParsing', async (req, reply, payload) => {
    const scope = routeScope(req);
    if (scope === undefined) return undefined;
    const state = (req.apiCall ??= { bodySha256: EMPTY_BODY_SHA256 });
    let next: Readable | undefined;
    if (hasBody(req)) {
      const limit = req.routeOptions.bodyLimit ?? bodyLimit;
      if (Number(req.headers['content-length']) > limit) {
        void reply.header('connection', 'close'); // the unread body must not be taken for the next request
        throw new AppError('BODY_TOO_LARGE');
      }
      const raw = await readLimited(payload, limit).catch((err: unknown) => {
        void reply.header('connection', 'close');
        throw err;
      });
      state.rawBody = raw;
      state.bodySha256 = createHash('sha256').update(raw).digest('hex');
      next = Readable.from([raw]);
    }
    const q = req.url.indexOf('?');
    const actor = await verifyApiRequest(
      req.ctx,
      {
        method: req.method,
        path: q < 0 ? req.url : req.url.slice(0, q),
        query: q < 0 ? '' : req.url.slice(q + 1),
        authorization: req.headers.authorization,
        bodySha256: state.bodySha256,
        ip: req.ip,
        scope,
      },
      state,
    ).finally(() => {
      if (state.version) void reply.header(API_VERSION_HEADER, state.version);
    });
    req.ctx.actor = actor;
    return next;
  });

  app.addHook('onSend', async (req, reply, payload) => {
    const state = req.apiCall;
    if (state && reply.statusCode >= 400 && typeof payload === 'string') {
      // The envelope's code, without parsing the whole body (error bodies are small and ours).
      state.errorCode = /"code":"([A-Z0-9_]{1,64})"/.exec(payload)?.[1];
    }
    return payload;
  });

  app.addHook('onResponse', async (req, reply) => {
    const state = req.apiCall;
    if (!state) return;
    recordApiCall(req.server.deps.db, req.log as Logger, {
      credentialId: state.credentialId ?? null,
      resellerId: state.resellerId ?? null,
      mode: state.mode ?? null,
      method: req.method,
      route: req.routeOptions.url ?? '(unmatched)',
      status: reply.statusCode,
      errorCode: state.errorCode ?? null,
      durationMs: reply.elapsedTime,
      ip: req.ip ?? null,
      requestId: req.id,
      version: state.version ?? API_STABLE_VERSION,
      createdAt: req.ctx?.now() ?? new Date(),
    });
  });
}
