// One service's telemetry: its own prom-client Registry (never the global one,
// so tests can run several services in one process), the observers the clients
// and the engine report to, what the alerts read (reachability, token refreshes,
// scans), and the API budget view. Store-backed and client-backed values are read
// when metrics() is called, so a scrape always sees the present.
import { collectDefaultMetrics, Registry } from 'prom-client';
import { systemClock, type Clock } from '../core/clock.ts';
import { Redactor } from '../core/redact.ts';
import type { Db } from '../store/index.ts';
import { ClientMetrics, type B24Source } from './client-metrics.ts';
import { EngineMetrics } from './engine-metrics.ts';
import { LatencyWindow, type LatencySummary } from './latency-window.ts';
import { QueueMetrics } from './queue-metrics.ts';
import { Reachability, TokenRefreshLog } from './reachability.ts';
import { ScanLog } from './scan-log.ts';

export interface TelemetryOptions {
  readonly clock?: Clock;
  readonly redactor?: Redactor;
  /** The window of the NAV latency in the budget view (default 5 minutes). */
  readonly latencyWindowMs?: number;
  /** Node process metrics (b24nav_process_*, b24nav_nodejs_*); default true. */
  readonly processMetrics?: boolean;
}

/** What the scrape-time metrics read; set once the store and the clients exist. */
export interface TelemetrySources {
  readonly db: Db;
  /** The entity kinds synced (shown with zeros when idle). */
  readonly kinds: readonly string[];
  readonly b24?: B24Source | undefined;
  readonly plan?: 'standard' | 'enterprise' | undefined;
}

export interface Budget {
  readonly b24: {
    readonly plan: string | null;
    readonly bucket: { readonly level: number; readonly size: number; readonly drainPerSecond: number };
    readonly operating: ReadonlyArray<{ readonly method: string; readonly seconds: number; readonly limitSeconds: number }>;
    readonly requests: number;
    readonly batches: number;
    readonly queryLimitHits: number;
    readonly operatingLimitHits: number;
  } | null;
  readonly nav: {
    /** Since the service started. */
    readonly calls: number;
    readonly errors: number;
    /** Over the last `windowSeconds`; null without calls in the window. */
    readonly latencyMs: { readonly p50: number | null; readonly p95: number | null; readonly max: number | null };
    readonly windowSeconds: number;
  };
}

export class Telemetry {
  readonly registry = new Registry();
  readonly clock: Clock;
  readonly reachability: Reachability;
  readonly tokens: TokenRefreshLog;
  readonly scans = new ScanLog();
  /** When this telemetry began (the service started): the baseline of "no good scan since". */
  readonly startedAt: number;
  /** Give it to the Engine (EngineDeps.observer). */
  readonly engine: EngineMetrics;
  /** Give its navCall, b24Request and tokenRefresh to the clients. */
  readonly clients: ClientMetrics;
  private readonly navLatency: LatencyWindow;
  private readonly queue: QueueMetrics;
  private sources: TelemetrySources | undefined;

  constructor(options: TelemetryOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.startedAt = this.clock.now();
    const redactor = options.redactor ?? new Redactor();
    this.reachability = new Reachability(this.clock, redactor);
    this.tokens = new TokenRefreshLog(this.clock, redactor);
    this.navLatency = new LatencyWindow(this.clock, options.latencyWindowMs ?? 5 * 60_000);
    this.engine = new EngineMetrics(this.registry, this.clock, this.scans);
    this.clients = new ClientMetrics(this.registry, this.clock, this.reachability, this.tokens, this.navLatency);
    this.queue = new QueueMetrics(this.registry);
    if (options.processMetrics ?? true) collectDefaultMetrics({ register: this.registry, prefix: 'b24nav_' });
  }

  watch(sources: TelemetrySources): void {
    this.sources = sources;
  }

  get watched(): TelemetrySources | undefined {
    return this.sources;
  }

  /** The Prometheus text exposition, with the store and client values read now. */
  async metrics(): Promise<string> {
    const s = this.sources;
    if (s) await this.queue.collect(s.db, this.clock.now(), s.kinds);
    this.clients.collect(s?.b24);
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  navLatencySummary(): LatencySummary {
    return this.navLatency.summary();
  }

  budget(): Budget {
    const b24 = this.sources?.b24;
    const lat = this.navLatency.summary();
    const round = (v: number | null): number | null => (v === null ? null : Math.round(v * 10) / 10);
    let b24Budget: Budget['b24'] = null;
    if (b24) {
      const snap = b24.limits();
      b24Budget = {
        plan: this.sources?.plan ?? null,
        bucket: { level: Math.round(snap.bucketLevel * 100) / 100, size: snap.bucketSize, drainPerSecond: snap.drainPerSecond },
        operating: Object.entries(snap.methods)
          .map(([method, m]) => ({ method, seconds: m.operating, limitSeconds: snap.operatingLimitSeconds }))
          .sort((a, b) => b.seconds - a.seconds || a.method.localeCompare(b.method)),
        requests: b24.stats.requests,
        batches: b24.stats.batches,
        queryLimitHits: b24.stats.queryLimitHits,
        operatingLimitHits: b24.stats.operatingLimitHits,
      };
    }
    return {
      b24: b24Budget,
      nav: {
        calls: this.clients.navCalls,
        errors: this.clients.navErrors,
        latencyMs: { p50: round(lat.p50), p95: round(lat.p95), max: round(lat.max) },
        windowSeconds: Math.round(this.navLatency.windowMs / 1000),
      },
    };
  }
}
