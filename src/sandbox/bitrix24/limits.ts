// The two limits of a cloud portal (reference §3, limits-and-throughput.md §1):
// a leaky bucket per (portal, client IP) and the operating time per
// (webhook or app, method) in ten one-minute buckets.
import type { Clock } from '../../core/clock.ts';

export interface BucketConfig {
  /** X: requests the bucket holds before refusing (50 standard, 250 enterprise). */
  readonly size: number;
  /** Y: requests drained per second (2 standard, 5 enterprise). */
  readonly drainPerSecond: number;
}

export const PLAN_BUCKETS: Record<'standard' | 'enterprise', BucketConfig> = {
  standard: { size: 50, drainPerSecond: 2 },
  enterprise: { size: 250, drainPerSecond: 5 },
};

/**
 * "Each request increments a counter; when the counter exceeds X the next request
 * is rejected … the counter drains by Y per second." A refused request does not
 * add to the counter.
 */
export class LeakyBucket {
  private readonly levels = new Map<string, { level: number; at: number }>();

  constructor(
    private readonly config: BucketConfig,
    private readonly clock: Clock,
  ) {}

  /** Counts one request for `key`; false if it must be refused. */
  take(key: string): boolean {
    const level = this.level(key);
    if (level >= this.config.size) return false;
    this.levels.set(key, { level: level + 1, at: this.clock.now() });
    return true;
  }

  level(key: string): number {
    const entry = this.levels.get(key);
    if (!entry) return 0;
    const drained = ((this.clock.now() - entry.at) / 1000) * this.config.drainPerSecond;
    return Math.max(0, entry.level - drained);
  }

  reset(): void {
    this.levels.clear();
  }
}

/**
 * How a blocked method recovers. The RU docs describe a rolling recovery as
 * minute buckets expire (`rolling`, the default, as the reference §3.2 reads
 * them); the helpdesk says a blocked method stays blocked for 10 minutes
 * (`penalty`). UNCONFIRMED which one the cloud does (limits-and-throughput.md §1.2).
 */
export type OperatingRecovery = 'rolling' | 'penalty';

/**
 * Whose time is summed: each application or webhook separately (`app`, the RU
 * docs and the reference §3.2), or all of the portal's callers together
 * (`portal`, the EN docs and helpdesk). UNCONFIRMED (limits-and-throughput.md §1.2).
 */
export type OperatingScope = 'app' | 'portal';

export interface OperatingConfig {
  /** Seconds of server time per method per window (480 in the cloud). */
  readonly limitSeconds: number;
  /** Window length (10 minutes), split into `buckets` one-minute buckets. */
  readonly windowMs: number;
  readonly buckets: number;
  readonly recovery: OperatingRecovery;
}

export const CLOUD_OPERATING: OperatingConfig = { limitSeconds: 480, windowMs: 600_000, buckets: 10, recovery: 'rolling' };

interface MinuteBucket {
  /** When the bucket started: the first call in that minute. */
  readonly startedAt: number;
  seconds: number;
}

/**
 * "Each bucket starts at the first call in that minute and expires 10 min later
 * (operating_reset_at)." The check happens before the call; the call that crosses
 * the limit completes, the next one is refused.
 */
export class OperatingLedger {
  private readonly ledgers = new Map<string, MinuteBucket[]>();
  /** `penalty` recovery: when each blocked key is let go again. */
  private readonly penalties = new Map<string, number>();

  constructor(
    private readonly config: OperatingConfig,
    private readonly clock: Clock,
  ) {}

  private live(key: string): MinuteBucket[] {
    const now = this.clock.now();
    const buckets = (this.ledgers.get(key) ?? []).filter((b) => b.startedAt + this.config.windowMs > now);
    this.ledgers.set(key, buckets);
    return buckets;
  }

  /** Seconds used in the current window. */
  operating(key: string): number {
    return this.live(key).reduce((sum, b) => sum + b.seconds, 0);
  }

  /** Unix seconds when the oldest live bucket drops out, if any. */
  resetAt(key: string): number | undefined {
    const oldest = this.live(key)[0];
    return oldest ? Math.ceil((oldest.startedAt + this.config.windowMs) / 1000) : undefined;
  }

  blocked(key: string): boolean {
    if ((this.penalties.get(key) ?? 0) > this.clock.now()) return true;
    return this.operating(key) >= this.config.limitSeconds;
  }

  charge(key: string, seconds: number): void {
    const buckets = this.live(key);
    const now = this.clock.now();
    const minute = this.config.windowMs / this.config.buckets;
    const last = buckets[buckets.length - 1];
    if (last && now - last.startedAt < minute) last.seconds += seconds;
    else buckets.push({ startedAt: now, seconds });
    if ((this.penalties.get(key) ?? Infinity) <= now) this.penalties.delete(key);
    // The call that crossed the limit starts the ten minutes of a `penalty` block.
    if (this.config.recovery === 'penalty' && !this.penalties.has(key) && this.operating(key) >= this.config.limitSeconds) {
      this.penalties.set(key, now + this.config.windowMs);
    }
  }

  reset(): void {
    this.ledgers.clear();
    this.penalties.clear();
  }
}
