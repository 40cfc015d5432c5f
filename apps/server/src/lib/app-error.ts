import type { ErrorCode } from '@kameng/shared';

/** The one error class of the domain: a stable code (see `errorCatalog`) and optional details. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly details?: unknown,
  ) {
    super(code);
    this.name = 'AppError';
  }
}

/** True when `err` is an AppError with the given code. */
export function isAppError(err: unknown, code?: ErrorCode): err is AppError {
  return err instanceof AppError && (code === undefined || err.code === code);
}
