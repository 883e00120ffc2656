// Capped, jittered exponential backoff, and the retry decision as a value.
import type { SyncError } from './failure.ts';
import type { Random } from './random.ts';

export interface BackoffPolicy {
  /** Delay before the first retry. */
  readonly baseMs: number;
  /** No delay is longer than this. */
  readonly capMs: number;
  /** Attempts in all (the first call included) before giving up. */
  readonly maxAttempts: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 500, capMs: 60_000, maxAttempts: 8 };

/**
 * "Full jitter" (AWS architecture blog, 2015): a uniform delay in
 * [0, min(cap, base * 2^(attempt-1))]. Attempt 1 is the first retry.
 * Half of the window is kept as a floor so that retries never pile up at zero.
 */
export function backoffDelay(attempt: number, policy: BackoffPolicy, random: Random): number {
  const exp = Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exp / 2 + random() * (exp / 2));
}

export interface RetryDecision {
  readonly retry: boolean;
  readonly reason: string;
  readonly waitMs: number;
}

/**
 * What to do after `error` on attempt number `attempt` (1 = the first call).
 * unknown_outcome is never retried here: the caller must look the record up first.
 */
export function decideRetry(error: SyncError, attempt: number, policy: BackoffPolicy, random: Random): RetryDecision {
  if (attempt >= policy.maxAttempts) {
    return { retry: false, reason: `gave up after ${attempt} attempts: ${error.code}`, waitMs: 0 };
  }
  switch (error.kind) {
    case 'transient':
      return { retry: true, reason: error.code, waitMs: backoffDelay(attempt, policy, random) };
    case 'rate_limited': {
      const asked = error.retryAfterMs ?? 0;
      return { retry: true, reason: error.code, waitMs: Math.max(asked, backoffDelay(attempt, policy, random)) };
    }
    case 'permanent':
    case 'conflict':
    case 'unknown_outcome':
      return { retry: false, reason: error.code, waitMs: 0 };
  }
}
