// Errors cross the process boundary as plain values: a stable code (also the i18n key `errors.<code>`), an English
// fallback message, and details that never carry member data or secrets.
export type ApiError = { code: string; message: string; details?: Record<string, unknown> };

export type Result<T> = { ok: true; value: T } | { ok: false; error: ApiError };

export class AppError extends Error {
  readonly code: string;
  readonly details: Record<string, unknown> | undefined;
  constructor(code: string, message?: string, details?: Record<string, unknown>) {
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

export const fail = (code: string, message?: string, details?: Record<string, unknown>): never => {
  throw new AppError(code, message, details);
};
