import { errorCatalog, errorMessage, type ErrorBody, type ErrorCode } from '@kameng/shared';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError } from '../lib/app-error';
import { negotiateLocale } from './locale';

const fastifyCodes: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'MALFORMED_JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'MALFORMED_JSON',
  FST_ERR_CTP_BODY_TOO_LARGE: 'BODY_TOO_LARGE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'VALIDATION_FAILED',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_NOT_FOUND: 'NOT_FOUND',
  FST_ERR_BAD_URL: 'VALIDATION_FAILED',
};

/** Sends the one error envelope `{ code, message, request_id, details? }` in the client's language. */
export function sendError(req: FastifyRequest, reply: FastifyReply, code: ErrorCode, details?: unknown) {
  const body: ErrorBody = {
    code,
    message: errorMessage(code, req.ctx?.locale ?? negotiateLocale(req.headers['accept-language'])),
    request_id: req.id,
  };
  if (details !== undefined) body.details = details;
  const retry = (details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds;
  if (retry) void reply.header('retry-after', String(retry));
  return reply.status(errorCatalog[code].status).send(body);
}

/**
 * Maps every error to a coded response: AppErrors by their code, request-shape failures to 4xx codes,
 * anything else to INTERNAL (logged with the request id, message masked).
 */
export function errorHandler(err: FastifyError, req: FastifyRequest, reply: FastifyReply) {
  if (err instanceof AppError) return sendError(req, reply, err.code, err.details);
  if (hasZodFastifySchemaValidationErrors(err)) {
    const issues = err.validation.map((v) => ({
      path: `${err.validationContext ?? ''}${v.instancePath}`,
      message: v.message,
    }));
    return sendError(req, reply, 'VALIDATION_FAILED', { issues });
  }
  const mapped = err.code ? fastifyCodes[err.code] : undefined;
  if (mapped) return sendError(req, reply, mapped);
  if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
    req.log.info({ err }, 'client error');
    return sendError(
      req,
      reply,
      err.statusCode === 404 ? 'NOT_FOUND' : err.statusCode === 429 ? 'RATE_LIMITED' : 'VALIDATION_FAILED',
    );
  }
  req.log.error({ err }, 'unhandled error');
  return sendError(req, reply, 'INTERNAL');
}
