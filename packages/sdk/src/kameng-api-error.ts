import type { ErrorCode } from '@kameng/shared';

/** Codes the SDK itself uses when the server's answer is not the error envelope. */
export type ClientErrorCode = 'NETWORK_ERROR' | 'TIMEOUT' | 'UNEXPECTED_RESPONSE';

/** What the server said went wrong, from the error envelope `{ code, message, request_id, details? }`. */
export interface KamengApiErrorInit {
  code: ErrorCode | ClientErrorCode | (string & {});
  status: number;
  message: string;
  requestId: string | null;
  details?: unknown;
  retryAfter?: number | null;
  version?: string | null;
  cause?: unknown;
}

/**
 * An API call that failed. Switch on `code` (stable, see docs/docking.md); `status` is the HTTP status
 * (0 when no response arrived); quote `requestId` to support.
 */
export class KamengApiError extends Error {
  override readonly name = 'KamengApiError';
  /** A server error code (ErrorCode), or NETWORK_ERROR / TIMEOUT / UNEXPECTED_RESPONSE from the SDK. */
  readonly code: ErrorCode | ClientErrorCode | (string & {});
  readonly status: number;
  readonly requestId: string | null;
  readonly details: unknown;
  /** Seconds to wait before retrying (the Retry-After header), when the server sent one. */
  readonly retryAfter: number | null;
  /** The protocol version that served the request (the Kameng-Version header). */
  readonly version: string | null;

  constructor(init: KamengApiErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.code = init.code;
    this.status = init.status;
    this.requestId = init.requestId;
    this.details = init.details;
    this.retryAfter = init.retryAfter ?? null;
    this.version = init.version ?? null;
  }
}

/** True when `err` is a KamengApiError, optionally with one of the given codes. */
export function isKamengApiError(
  err: unknown,
  ...codes: (ErrorCode | ClientErrorCode)[]
): err is KamengApiError {
  return err instanceof KamengApiError && (codes.length === 0 || codes.includes(err.code as ErrorCode));
}

/** Why a webhook was refused by verifyWebhook. */
export type WebhookErrorCode =
  | 'WEBHOOK_SIGNATURE_MISSING'
  | 'WEBHOOK_SIGNATURE_MALFORMED'
  | 'WEBHOOK_TIMESTAMP_EXPIRED'
  | 'WEBHOOK_SIGNATURE_INVALID'
  | 'WEBHOOK_PAYLOAD_INVALID';

/** A webhook that must not be trusted: answer it with 400 and do not act on it. */
export class KamengWebhookError extends Error {
  override readonly name = 'KamengWebhookError';
  readonly code: WebhookErrorCode;

  constructor(code: WebhookErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}
