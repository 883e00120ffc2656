// Sign-in attempts per client address: at most `max` in a sliding window, so a
// password cannot be guessed at network speed. Time comes from the injected clock.
import type { Clock } from '../../core/clock.ts';

export interface AttemptLimitOptions {
  readonly clock: Clock;
  readonly max: number;
  readonly windowMs: number;
  /** Addresses tracked at most; the stalest are forgotten first. */
  readonly maxKeys?: number;
}

export type AttemptDecision = { readonly ok: true } | { readonly ok: false; readonly retryAfterSeconds: number };

export class AttemptLimiter {
  private readonly attempts = new Map<string, number[]>();

  constructor(private readonly options: AttemptLimitOptions) {}

  /** Counts an attempt by `key`, or refuses it when the window is full (a refused attempt is not counted). */
  take(key: string): AttemptDecision {
    const now = this.options.clock.now();
    const recent = this.recent(key, now);
    if (recent.length >= this.options.max) {
      const oldest = recent[0] as number;
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((oldest + this.options.windowMs - now) / 1000)) };
    }
    recent.push(now);
    this.attempts.delete(key);
    this.attempts.set(key, recent);
    this.trim();
    return { ok: true };
  }

  /** Forgets `key`'s attempts (after a successful sign-in). */
  reset(key: string): void {
    this.attempts.delete(key);
  }

  private recent(key: string, now: number): number[] {
    return (this.attempts.get(key) ?? []).filter((at) => now - at < this.options.windowMs);
  }

  private trim(): void {
    const maxKeys = this.options.maxKeys ?? 10_000;
    // Insertion order: re-set keys move to the end, so the first ones are the stalest.
    for (const key of this.attempts.keys()) {
      if (this.attempts.size <= maxKeys) break;
      this.attempts.delete(key);
    }
  }
}
