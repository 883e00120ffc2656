// The two systems as b24nav sees them: Bitrix24 requests (durations, errors) and
// its limiter (bucket level, operating time per method, counts the client keeps),
// NAV calls (durations and errors per page and operation), and whether each
// system answers. Observers are fed as calls end; the B24 client's own counters
// and limiter are read at scrape time.
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { Clock } from '../core/clock.ts';
import type { B24Request, ClientStats, LimiterSnapshot, RefreshOutcome } from '../connectors/bitrix24/index.ts';
import type { NavCall } from '../connectors/nav/index.ts';
import type { LatencyWindow } from './latency-window.ts';
import { SYSTEMS, type Reachability, type TokenRefreshLog } from './reachability.ts';

/** What the metrics read from the Bitrix24 client (B24Client has both). */
export interface B24Source {
  readonly stats: ClientStats;
  limits(): LimiterSnapshot;
}

/** Seconds: NAV answers in tens of milliseconds to minutes (a large ReadMultiple). */
export const CALL_DURATION_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

/** A Read that finds nothing is an answer: SOAP gives an empty result, OData a 404 (NAV_NOT_FOUND). */
export function isNavCallError(call: NavCall): boolean {
  return call.error !== undefined && !(call.error.code === 'NAV_NOT_FOUND' && call.operation.endsWith('.Read'));
}

type ClientCount = 'requests' | 'batches' | 'queryLimitHits' | 'operatingLimitHits' | 'retries' | 'tokenRefreshes';

export class ClientMetrics {
  /** Since the service started. */
  navCalls = 0;
  navErrors = 0;
  private readonly navDuration: Histogram<'operation'>;
  private readonly navFailures: Counter<'operation' | 'code'>;
  private readonly b24Duration: Histogram<'method'>;
  private readonly b24Failures: Counter<'method' | 'code'>;
  private readonly refreshFailures: Counter;
  private readonly up: Gauge<'system'>;
  private readonly bucketLevel: Gauge;
  private readonly bucketSize: Gauge;
  private readonly drain: Gauge;
  private readonly operating: Gauge<'method'>;
  private readonly operatingLimit: Gauge;
  private readonly blocked: Gauge<'method'>;
  private readonly counts: Record<ClientCount, Counter>;
  private readonly commands: Counter<'method'>;

  constructor(
    registry: Registry,
    private readonly clock: Clock,
    private readonly reachability: Reachability,
    private readonly tokens: TokenRefreshLog,
    private readonly navLatency: LatencyWindow,
  ) {
    const registers = [registry];
    this.navDuration = new Histogram({ name: 'b24nav_nav_call_duration_seconds', help: 'NAV calls by page and operation (Customer.ReadMultiple, SalesOrder.Create, …)', labelNames: ['operation'], buckets: CALL_DURATION_BUCKETS, registers });
    this.navFailures = new Counter({ name: 'b24nav_nav_call_errors_total', help: 'NAV calls that failed, by page and operation and error code', labelNames: ['operation', 'code'], registers });
    this.b24Duration = new Histogram({ name: 'b24nav_b24_request_duration_seconds', help: 'HTTP requests to Bitrix24 by method (batch for a batch)', labelNames: ['method'], buckets: CALL_DURATION_BUCKETS, registers });
    this.b24Failures = new Counter({ name: 'b24nav_b24_request_errors_total', help: 'HTTP requests to Bitrix24 that failed as a whole, by method and error code', labelNames: ['method', 'code'], registers });
    this.refreshFailures = new Counter({ name: 'b24nav_b24_token_refresh_failures_total', help: 'OAuth token refreshes that failed', registers });
    this.up = new Gauge({ name: 'b24nav_system_up', help: '1 while the system answers, 0 while calls to it fail for want of an answer (network, timeouts, 5xx, TLS, credentials refused)', labelNames: ['system'], registers });
    this.bucketLevel = new Gauge({ name: 'b24nav_b24_bucket_level', help: 'Requests in the Bitrix24 request bucket as b24nav models it', registers });
    this.bucketSize = new Gauge({ name: 'b24nav_b24_bucket_size', help: 'Requests the Bitrix24 bucket holds (50 standard, 250 enterprise)', registers });
    this.drain = new Gauge({ name: 'b24nav_b24_bucket_drain_per_second', help: 'Requests the Bitrix24 bucket drains per second (2 standard, 5 enterprise)', registers });
    this.operating = new Gauge({ name: 'b24nav_b24_operating_seconds', help: 'Operating time a Bitrix24 method used in the last 10 minutes, as the portal last reported it', labelNames: ['method'], registers });
    this.operatingLimit = new Gauge({ name: 'b24nav_b24_operating_limit_seconds', help: 'Operating time allowed per method per 10 minutes', registers });
    this.blocked = new Gauge({ name: 'b24nav_b24_method_blocked', help: '1 while calls to the method wait for its operating time to recover', labelNames: ['method'], registers });
    const total = (name: string, help: string): Counter => new Counter({ name, help, registers });
    this.counts = {
      requests: total('b24nav_b24_requests_total', 'HTTP requests sent to Bitrix24 (each takes one slot of the bucket)'),
      batches: total('b24nav_b24_batches_total', 'Bitrix24 batch requests'),
      queryLimitHits: total('b24nav_b24_query_limit_hits_total', 'QUERY_LIMIT_EXCEEDED answers (the bucket was full)'),
      operatingLimitHits: total('b24nav_b24_operating_limit_hits_total', 'OPERATION_TIME_LIMIT answers (a method used up its operating time)'),
      retries: total('b24nav_b24_retries_total', 'Bitrix24 calls sent again (limits, transient errors)'),
      tokenRefreshes: total('b24nav_b24_token_refreshes_total', 'OAuth token refreshes that worked'),
    };
    this.commands = new Counter({ name: 'b24nav_b24_commands_total', help: 'Bitrix24 method calls carried, alone or inside batches, by method', labelNames: ['method'], registers });
  }

  readonly navCall = (call: NavCall): void => {
    this.navCalls++;
    this.navLatency.add(call.ms);
    this.navDuration.observe({ operation: call.operation }, call.ms / 1000);
    if (isNavCallError(call) && call.error) {
      this.navErrors++;
      this.navFailures.inc({ operation: call.operation, code: call.error.code });
    }
    this.reachability.record('nav', call.error);
  };

  readonly b24Request = (request: B24Request): void => {
    this.b24Duration.observe({ method: request.method }, request.ms / 1000);
    if (request.error) this.b24Failures.inc({ method: request.method, code: request.error.code });
    this.reachability.record('bitrix24', request.error);
  };

  readonly tokenRefresh = (outcome: RefreshOutcome): void => {
    if (outcome.ok) {
      this.tokens.ok();
    } else {
      this.tokens.failed(outcome.error);
      this.refreshFailures.inc();
    }
  };

  /** Scrape time: the systems' state, and the B24 client's counters and limiter. */
  collect(b24: B24Source | undefined): void {
    for (const system of SYSTEMS) this.up.set({ system }, this.reachability.state(system).failingSince === null ? 1 : 0);
    if (!b24) return;
    const snap = b24.limits();
    this.bucketLevel.set(snap.bucketLevel);
    this.bucketSize.set(snap.bucketSize);
    this.drain.set(snap.drainPerSecond);
    this.operatingLimit.set(snap.operatingLimitSeconds);
    this.operating.reset();
    this.blocked.reset();
    const now = this.clock.now();
    for (const [method, m] of Object.entries(snap.methods)) {
      this.operating.set({ method }, m.operating);
      this.blocked.set({ method }, m.blockedUntil > now ? 1 : 0);
    }
    for (const [key, counter] of Object.entries(this.counts) as Array<[ClientCount, Counter]>) {
      counter.reset();
      counter.inc(b24.stats[key]);
    }
    this.commands.reset();
    for (const [method, n] of Object.entries(b24.stats.commandsByMethod)) this.commands.inc({ method }, n);
  }
}
