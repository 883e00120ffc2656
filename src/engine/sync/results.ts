// What happened to a job: done, try again later, or dead-lettered — decided from
// the failure's class (DESIGN §3.8): transient and rate_limited wait and retry,
// conflict retries at once with fresh data, unknown_outcome retries after a short
// pause (the retry looks the record up first), permanent goes to the dead letters.
import { decideRetry, type BackoffPolicy } from '../../core/backoff.ts';
import { SyncError, isSyncError } from '../../core/failure.ts';
import type { Random } from '../../core/random.ts';
import type { Redactor } from '../../core/redact.ts';
import type { Job, StoredError } from '../../store/index.ts';

export type JobResult =
  | { readonly kind: 'done' }
  | { readonly kind: 'retry'; readonly delayMs: number; readonly error: StoredError }
  | { readonly kind: 'dead'; readonly error: StoredError };

export const DONE: JobResult = { kind: 'done' };

export function storedError(error: SyncError, redactor: Redactor): StoredError {
  return redactor.value(error.toJSON()) as StoredError;
}

/** The result of a job that failed with `error` on its `job.attempts`-th try. */
export function failureResult(job: Job, error: unknown, policy: BackoffPolicy, random: Random, redactor: Redactor): JobResult {
  const e = isSyncError(error)
    ? error
    : new SyncError('SYNC_INTERNAL', error instanceof Error ? error.message : String(error), { cause: error });
  const stored = storedError(e, redactor);
  const attempt = Math.max(1, job.attempts);
  if (attempt >= policy.maxAttempts) return { kind: 'dead', error: stored };
  switch (e.kind) {
    case 'permanent':
      return { kind: 'dead', error: stored };
    case 'conflict':
      return { kind: 'retry', delayMs: Math.round(random() * 200), error: stored };
    case 'unknown_outcome':
      return { kind: 'retry', delayMs: 1000 + Math.round(random() * 1000), error: stored };
    case 'transient':
    case 'rate_limited': {
      const decision = decideRetry(e, attempt, policy, random);
      return decision.retry ? { kind: 'retry', delayMs: decision.waitMs, error: stored } : { kind: 'dead', error: stored };
    }
  }
}
