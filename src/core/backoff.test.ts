import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { backoffDelay, decideRetry, DEFAULT_BACKOFF, type BackoffPolicy } from './backoff.ts';
import { SyncError } from './failure.ts';
import { seededRandom } from './random.ts';

const policy: BackoffPolicy = { baseMs: 500, capMs: 60_000, maxAttempts: 8 };
const fixed = (value: number) => () => value;

describe('backoffDelay', () => {
  it('doubles from the base, with jitter in the upper half of the window', () => {
    assert.equal(backoffDelay(1, policy, fixed(0)), 250);
    assert.equal(backoffDelay(1, policy, fixed(0.999999)), 500);
    assert.equal(backoffDelay(2, policy, fixed(0)), 500);
    assert.equal(backoffDelay(3, policy, fixed(0)), 1000);
  });

  it('never exceeds the cap and never drops below half the window', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (attempt, r) => {
        const window = Math.min(policy.capMs, policy.baseMs * 2 ** (attempt - 1));
        const delay = backoffDelay(attempt, policy, fixed(r));
        assert.ok(delay <= policy.capMs);
        assert.ok(delay >= Math.floor(window / 2) && delay <= window, `${attempt}: ${delay}`);
      }),
    );
    assert.equal(backoffDelay(100, policy, fixed(0.999999)), 60_000);
  });

  it('is reproducible from a seed', () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const delays = (r: () => number) => [1, 2, 3, 4].map((n) => backoffDelay(n, DEFAULT_BACKOFF, r));
    assert.deepEqual(delays(a), delays(b));
  });
});

describe('decideRetry', () => {
  const random = fixed(0.5);

  it('retries transient failures with backoff', () => {
    const d = decideRetry(new SyncError('B24_SERVER_ERROR', 'boom'), 1, policy, random);
    assert.deepEqual(d, { retry: true, reason: 'B24_SERVER_ERROR', waitMs: backoffDelay(1, policy, random) });
  });

  it('waits at least as long as a rate limit asks', () => {
    const asked = decideRetry(new SyncError('B24_QUERY_LIMIT', 'slow down', { retryAfterMs: 30_000 }), 1, policy, random);
    assert.deepEqual(asked, { retry: true, reason: 'B24_QUERY_LIMIT', waitMs: 30_000 });
    const unasked = decideRetry(new SyncError('NAV_RATE_LIMITED', 'busy'), 3, policy, random);
    assert.equal(unasked.waitMs, backoffDelay(3, policy, random));
  });

  it('never retries permanent failures, conflicts or unknown outcomes', () => {
    for (const code of ['B24_VALIDATION', 'NAV_STALE_KEY', 'NAV_UNKNOWN_OUTCOME', 'B24_UNKNOWN_OUTCOME', 'NAV_AUTH_FAILED'] as const) {
      const d = decideRetry(new SyncError(code, 'no'), 1, policy, random);
      assert.deepEqual(d, { retry: false, reason: code, waitMs: 0 }, code);
    }
  });

  it('gives up after maxAttempts', () => {
    const d = decideRetry(new SyncError('NAV_TIMEOUT', 'slow'), 8, policy, random);
    assert.deepEqual(d, { retry: false, reason: 'gave up after 8 attempts: NAV_TIMEOUT', waitMs: 0 });
    assert.equal(decideRetry(new SyncError('NAV_TIMEOUT', 'slow'), 7, policy, random).retry, true);
  });
});
