// The engine's counters: jobs processed, failed (retried later) and dead-lettered
// per entity and side, conflicts parked, sync latency (from the change being
// queued to its job being done), and the change scans of `run`.
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { Clock } from '../core/clock.ts';
import type { EngineObserver, JobOutcome, ScanOutcome } from '../engine/observer.ts';
import type { ScanLog } from './scan-log.ts';

/** Seconds: a record synced within the second, up to records that waited hours (outages, backoff). */
export const SYNC_LATENCY_BUCKETS = [0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600, 1800, 3600, 7200];

export class EngineMetrics implements EngineObserver {
  private readonly processed: Counter<'entity' | 'side'>;
  private readonly failed: Counter<'entity' | 'side' | 'code'>;
  private readonly dead: Counter<'entity' | 'side' | 'code'>;
  private readonly conflicts: Counter<'entity'>;
  private readonly latency: Histogram<'entity' | 'side'>;
  private readonly scans: Counter<'entity' | 'side' | 'outcome'>;
  private readonly lastScan: Gauge<'entity' | 'side'>;

  constructor(
    registry: Registry,
    private readonly clock: Clock,
    private readonly scanLog: ScanLog,
  ) {
    const registers = [registry];
    this.processed = new Counter({ name: 'b24nav_jobs_processed_total', help: 'Jobs done (the change was synced), by entity and the side it came from', labelNames: ['entity', 'side'], registers });
    this.failed = new Counter({ name: 'b24nav_jobs_failed_total', help: 'Job attempts that failed and will be tried again, by entity, side and error code', labelNames: ['entity', 'side', 'code'], registers });
    this.dead = new Counter({ name: 'b24nav_jobs_dead_total', help: 'Jobs given up and kept as dead letters, by entity, side and error code', labelNames: ['entity', 'side', 'code'], registers });
    this.conflicts = new Counter({ name: 'b24nav_conflicts_total', help: 'Passes that parked a conflict for an operator (a record changed on both sides), by entity', labelNames: ['entity'], registers });
    this.latency = new Histogram({ name: 'b24nav_sync_latency_seconds', help: 'From a change being queued (detected or announced by an event) to its job being done', labelNames: ['entity', 'side'], buckets: SYNC_LATENCY_BUCKETS, registers });
    this.scans = new Counter({ name: 'b24nav_scans_total', help: 'Change scans of one side under b24nav run, by entity, side and outcome (ok, failed)', labelNames: ['entity', 'side', 'outcome'], registers });
    this.lastScan = new Gauge({ name: 'b24nav_last_scan_success_timestamp_seconds', help: 'When the last change scan of the side worked (Unix time)', labelNames: ['entity', 'side'], registers });
  }

  jobsFinished(outcomes: readonly JobOutcome[]): void {
    for (const o of outcomes) {
      const labels = { entity: o.entity, side: o.side };
      if (o.result === 'done') {
        this.processed.inc(labels);
        this.latency.observe(labels, o.waitedMs / 1000);
      } else if (o.result === 'retry') {
        this.failed.inc({ ...labels, code: o.code ?? 'UNKNOWN' });
      } else {
        this.dead.inc({ ...labels, code: o.code ?? 'UNKNOWN' });
      }
    }
  }

  conflictParked(entity: string): void {
    this.conflicts.inc({ entity });
  }

  scanFinished(outcome: ScanOutcome): void {
    const now = this.clock.now();
    this.scanLog.record(outcome, now);
    this.scans.inc({ entity: outcome.entity, side: outcome.side, outcome: outcome.ok ? 'ok' : 'failed' });
    if (outcome.ok) this.lastScan.set({ entity: outcome.entity, side: outcome.side }, now / 1000);
  }
}
