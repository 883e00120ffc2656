// Every error that crosses a connector edge is a SyncError: a stable code, a
// failure kind that tells the engine what to do, and the system that raised it.
// Codes and their cause/fix live in error-codes.ts; tests assert codes, not text.
import { ERROR_CODES, type ErrorCode } from './error-codes.ts';

/**
 * - transient: retry with capped, jittered backoff.
 * - rate_limited: wait as the API says (retryAfterMs), then retry.
 * - permanent: retrying the same input cannot succeed; dead-letter with the system's message.
 * - conflict: the record changed under us (stale Key/ETag, duplicate); re-read and re-decide.
 * - unknown_outcome: a write whose answer was lost; it may or may not have been applied.
 *   Never retried blindly: the caller looks the record up first.
 */
export type FailureKind = 'transient' | 'rate_limited' | 'permanent' | 'conflict' | 'unknown_outcome';

export type SystemName = 'bitrix24' | 'nav' | 'b24nav';

export interface SyncErrorOptions {
  /** The vendor's own error code (`QUERY_LIMIT_EXCEEDED`, `""`, `200040300010`, a NAV fault code). */
  vendorCode?: string | undefined;
  httpStatus?: number | undefined;
  /** For rate_limited: how long the API asked us to wait. */
  retryAfterMs?: number | undefined;
  /** What was being called: a B24 method or a NAV page/operation. */
  operation?: string | undefined;
  cause?: unknown;
}

export class SyncError extends Error {
  readonly code: ErrorCode;
  readonly kind: FailureKind;
  readonly system: SystemName;
  readonly vendorCode: string | undefined;
  readonly httpStatus: number | undefined;
  readonly retryAfterMs: number | undefined;
  readonly operation: string | undefined;

  constructor(code: ErrorCode, message: string, options: SyncErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'SyncError';
    this.code = code;
    this.kind = ERROR_CODES[code].kind;
    this.system = ERROR_CODES[code].system;
    this.vendorCode = options.vendorCode;
    this.httpStatus = options.httpStatus;
    this.retryAfterMs = options.retryAfterMs;
    this.operation = options.operation;
  }

  /** A plain object for logs, history rows and API output (no stack, no cause chain). */
  toJSON(): Record<string, unknown> {
    return {
      code: this.code,
      kind: this.kind,
      system: this.system,
      message: this.message,
      ...(this.vendorCode === undefined ? {} : { vendorCode: this.vendorCode }),
      ...(this.httpStatus === undefined ? {} : { httpStatus: this.httpStatus }),
      ...(this.retryAfterMs === undefined ? {} : { retryAfterMs: this.retryAfterMs }),
      ...(this.operation === undefined ? {} : { operation: this.operation }),
    };
  }
}

export function isSyncError(error: unknown): error is SyncError {
  return error instanceof SyncError;
}
