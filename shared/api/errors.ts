import type { ErrorCode } from './error-codes.ts';

// Errors cross the process boundary as plain values: a stable code (also the i18n key `errors.<code>`), an English
// fallback message, and details that never carry member data or secrets. The core throws only registered codes
// (error-codes.ts); on the wire the code stays a string, so a renderer older than its core still shows the message.
export type { ErrorCode } from './error-codes.ts';
export type ApiError = { code: string; message: string; details?: Record<string, unknown> };

export type Result<T> = { ok: true; value: T } | { ok: false; error: ApiError };

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;
  constructor(code: ErrorCode, message?: string, details?: Record<string, unknown>) {
    super(message ?? code);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }
  toApiError(): ApiError {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

export const fail = (code: ErrorCode, message?: string, details?: Record<string, unknown>): never => {
  throw new AppError(code, message, details);
};
