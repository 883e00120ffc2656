// Client-side model of the portal's two limits, so that b24nav keeps the pipe
// full without being refused (reference §3; the official SDK's RestrictionManager
// does the same, §10): a leaky bucket per portal, and per-method operating time
// read from every answer's `time.operating` / `operating_reset_at`.
import type { Clock } from '../../core/clock.ts';

export interface LimiterConfig {
  /** X: requests the bucket holds (50 standard, 250 enterprise). */
  readonly bucketSize: number;
  /** Y: requests drained per second (2 standard, 5 enterprise). */
  readonly drainPerSecond: number;
  /** Seconds of operating time per method per 10 minutes (480). */
  readonly operatingLimitSeconds: number;
  /** Stop calling a method this many seconds before its limit (the next call may be heavy). */
  readonly operatingSafetySeconds: number;
}

export const PLAN_LIMITS: Record<'standard' | 'enterprise', Pick<LimiterConfig, 'bucketSize' | 'drainPerSecond'>> = {
  standard: { bucketSize: 50, drainPerSecond: 2 },
  enterprise: { bucketSize: 250, drainPerSecond: 5 },
};

interface MethodBudget {
  operating: number;
  /** Epoch ms when the oldest minute bucket expires. */
  resetAt: number | undefined;
  /** Calls to the method wait until then. */
  blockedUntil: number;
}

export interface LimiterSnapshot {
  readonly bucketLevel: number;
  readonly bucketSize: number;
  readonly drainPerSecond: number;
  readonly operatingLimitSeconds: number;
  readonly methods: Record<string, { operating: number; resetAt: number | undefined; blockedUntil: number }>;
}

export class B24Limiter {
  private level = 0;
  private levelAt: number;
  private readonly methods = new Map<string, MethodBudget>();

  constructor(
    private readonly config: LimiterConfig,
    private readonly clock: Clock,
  ) {
    this.levelAt = clock.now();
  }

  private drained(): number {
    const now = this.clock.now();
    this.level = Math.max(0, this.level - ((now - this.levelAt) / 1000) * this.config.drainPerSecond);
    this.levelAt = now;
    return this.level;
  }

  /**
   * Milliseconds to wait before one more request fits in the bucket. One slot is
   * kept free so that clock differences with the portal never cost a refusal.
   */
  waitForRequest(): number {
    const level = this.drained();
    const usable = this.config.bucketSize - 1;
    if (level + 1 <= usable) return 0;
    return Math.ceil(((level + 1 - usable) / this.config.drainPerSecond) * 1000);
  }

  /** Counts a request that is being sent now. */
  tookRequest(): void {
    this.drained();
    this.level += 1;
  }

  /** The portal said QUERY_LIMIT_EXCEEDED: our model is behind; treat the bucket as full. */
  queryLimitHit(): number {
    this.drained();
    this.level = this.config.bucketSize;
    return Math.ceil(1000 / this.config.drainPerSecond);
  }

  private budget(method: string): MethodBudget {
    const key = method.toLowerCase();
    let b = this.methods.get(key);
    if (!b) {
      b = { operating: 0, resetAt: undefined, blockedUntil: 0 };
      this.methods.set(key, b);
    }
    return b;
  }

  /** Milliseconds before `method` may be called again (0 = now). */
  waitForMethod(method: string): number {
    const b = this.methods.get(method.toLowerCase());
    if (!b) return 0;
    return Math.max(0, b.blockedUntil - this.clock.now());
  }

  /**
   * Learns from an answer's `time`. When the method's accumulated time nears the
   * limit, it waits for the oldest bucket to expire (`operating_reset_at`).
   */
  observe(method: string, time: { operating?: unknown; operating_reset_at?: unknown } | undefined): void {
    if (!time || typeof time.operating !== 'number') return;
    const b = this.budget(method);
    b.operating = time.operating;
    b.resetAt = typeof time.operating_reset_at === 'number' ? time.operating_reset_at * 1000 : b.resetAt;
    if (b.operating >= this.config.operatingLimitSeconds - this.config.operatingSafetySeconds) {
      b.blockedUntil = Math.max(b.blockedUntil, (b.resetAt ?? this.clock.now() + 60_000) + 1000);
    }
  }

  /** The portal said OPERATION_TIME_LIMIT for `method`: wait for its next bucket reset. */
  operatingLimitHit(method: string): number {
    const b = this.budget(method);
    const now = this.clock.now();
    // No time info comes with the 429; the last known reset, or at least 10 s (as the SDK does).
    const until = Math.max(now + 10_000, (b.resetAt ?? 0) + 1000);
    b.blockedUntil = Math.max(b.blockedUntil, until);
    return b.blockedUntil - now;
  }

  snapshot(): LimiterSnapshot {
    const methods: LimiterSnapshot['methods'] = {};
    for (const [name, b] of this.methods) methods[name] = { ...b };
    return { bucketLevel: this.drained(), bucketSize: this.config.bucketSize, drainPerSecond: this.config.drainPerSecond, operatingLimitSeconds: this.config.operatingLimitSeconds, methods };
  }
}
