/** An error answered by the server (or a network failure, with status 0 and code NETWORK). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly request_id: string | null;
  readonly details: unknown;

  constructor(init: {
    status: number;
    code: string;
    message: string;
    request_id: string | null;
    details?: unknown;
  }) {
    super(init.message);
    this.name = 'ApiError';
    this.status = init.status;
    this.code = init.code;
    this.request_id = init.request_id;
    this.details = init.details;
  }
}

/** True when the error is an ApiError with the given code. */
export function isApiError(err: unknown, code?: string): err is ApiError {
  return err instanceof ApiError && (code === undefined || err.code === code);
}
