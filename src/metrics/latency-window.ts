// Call durations over a recent window, for the API budget view (p50, p95, max of
// NAV calls in the last minutes). A bounded ring of samples: memory stays flat
// however many calls are made, and the oldest samples fall out first.
import type { Clock } from '../core/clock.ts';

export interface LatencySummary {
  /** Samples in the window. */
  readonly count: number;
  /** Null when there is no sample in the window. */
  readonly p50: number | null;
  readonly p95: number | null;
  readonly max: number | null;
}

export class LatencyWindow {
  private readonly at: Float64Array;
  private readonly ms: Float64Array;
  private next = 0;
  private size = 0;

  constructor(
    private readonly clock: Clock,
    readonly windowMs: number,
    readonly capacity = 10_000,
  ) {
    this.at = new Float64Array(capacity);
    this.ms = new Float64Array(capacity);
  }

  add(ms: number): void {
    this.at[this.next] = this.clock.now();
    this.ms[this.next] = ms;
    this.next = (this.next + 1) % this.capacity;
    this.size = Math.min(this.size + 1, this.capacity);
  }

  /** Nearest-rank percentiles of the samples taken within the window. */
  summary(): LatencySummary {
    const since = this.clock.now() - this.windowMs;
    const values: number[] = [];
    for (let i = 0; i < this.size; i++) if ((this.at[i] ?? 0) >= since) values.push(this.ms[i] ?? 0);
    if (values.length === 0) return { count: 0, p50: null, p95: null, max: null };
    values.sort((a, b) => a - b);
    const rank = (p: number): number => values[Math.max(0, Math.ceil(p * values.length) - 1)] ?? 0;
    return { count: values.length, p50: rank(0.5), p95: rank(0.95), max: values[values.length - 1] ?? 0 };
  }
}
