// The engine: entity runtimes over the two ports and the store, with the three
// ways to drive it — `syncOnce` (b24nav sync: scan, drain, stock, report; or a dry
// run that writes nothing), `start`/`stop` (b24nav run: periodic scans, workers,
// stock passes until stopped), and intake of B24 events (`enqueueEvent`).
import { randomUUID } from 'node:crypto';
import { DEFAULT_BACKOFF } from '../core/backoff.ts';
import { systemClock, type Clock } from '../core/clock.ts';
import { silentLogger, type Logger } from '../core/log.ts';
import type { Random } from '../core/random.ts';
import { Redactor } from '../core/redact.ts';
import type { SideName } from '../core/record.ts';
import type { Config } from '../config/schema.ts';
import { enqueue, finishRun, startRun, type Job, type Store } from '../store/index.ts';
import { dryRunEffects, realEffects, type Effects, type PlannedAction } from './effects.ts';
import { scanDeletions, type DeletionScanResult } from './deletion-scan.ts';
import { isSource, scanSide, snapshot, type ScanResult } from './detect.ts';
import { guardedObserver, noopObserver, observedEffects, type EngineObserver } from './observer.ts';
import type { CrmPort, EntityKind, ErpPort } from './ports.ts';
import { buildRuntimes, dependencyLevels, dependencyOrder, type EntityRuntime } from './runtime.ts';
import { syncStock, type StockReport } from './stock.ts';
import { syncBatch } from './sync/batch.ts';
import type { SyncContext } from './sync/context.ts';
import { runWorkerBatch, type BatchReport } from './worker.ts';

export interface EngineDeps {
  readonly config: Config;
  readonly store: Store;
  readonly crm: CrmPort;
  readonly erp: ErpPort;
  readonly clock?: Clock;
  readonly log?: Logger;
  readonly random?: Random;
  readonly redactor?: Redactor;
  /** Told of finished jobs, parked conflicts and scans (metrics, alerts); a no-op by default. */
  readonly observer?: EngineObserver;
}

export interface SyncOnceOptions {
  readonly entities?: readonly EntityKind[] | undefined;
  readonly dryRun?: boolean;
  /** Re-read everything instead of changes since the cursors. */
  readonly full?: boolean;
  readonly stock?: boolean;
  readonly onProgress?: (event: ProgressEvent) => void;
}

export type ProgressEvent =
  | { readonly type: 'scanned'; readonly entity: string; readonly side: SideName; readonly records: number }
  | { readonly type: 'processed'; readonly report: BatchReport }
  | { readonly type: 'stock'; readonly report: StockReport };

export interface SyncOnceReport {
  readonly scans: ScanResult[];
  readonly entities: Record<string, { done: number; retried: number; dead: number }>;
  readonly stock: StockReport | null;
  readonly planned: PlannedAction[];
  readonly runId: number | null;
}

export class Engine {
  readonly runtimes: ReadonlyMap<EntityKind, EntityRuntime>;
  readonly clock: Clock;
  readonly log: Logger;
  readonly redactor: Redactor;
  private readonly random: Random;
  private readonly observer: EngineObserver;
  private running = false;
  private timers: NodeJS.Timeout[] = [];
  private readonly scanners = new Map<string, () => void>();
  private loops: Array<Promise<void>> = [];
  private readonly sleepers = new Set<() => void>();
  private runId: number | null = null;

  constructor(private readonly deps: EngineDeps) {
    this.clock = deps.clock ?? systemClock;
    this.log = deps.log ?? silentLogger;
    this.random = deps.random ?? Math.random;
    this.redactor = deps.redactor ?? new Redactor();
    this.observer = deps.observer ? guardedObserver(deps.observer, this.log) : noopObserver;
    this.runtimes = buildRuntimes(deps.config, deps.crm, deps.erp);
  }

  get config(): Config {
    return this.deps.config;
  }

  get store(): Store {
    return this.deps.store;
  }

  private context(effects: Effects, runId: number | null): SyncContext {
    return {
      db: this.deps.store.db,
      effects: observedEffects(effects, this.observer),
      observer: this.observer,
      clock: this.clock,
      log: this.log,
      random: this.random,
      redactor: this.redactor,
      runtimes: this.runtimes,
      backoff: { ...DEFAULT_BACKOFF, maxAttempts: this.deps.config.sync.maxAttempts },
      runId,
    };
  }

  private kinds(only?: readonly EntityKind[]): EntityKind[] {
    return dependencyOrder(this.runtimes).filter((k) => !only || only.includes(k));
  }

  /** One pass: scan (full or since the cursors), process the queue until nothing is due, stock. */
  async syncOnce(options: SyncOnceOptions = {}): Promise<SyncOnceReport> {
    if (options.dryRun) return this.dryRun(options);
    const db = this.deps.store.db;
    const now = (): number => this.clock.now();
    const run = await startRun(db, { kind: 'sync', entity: options.entities?.length === 1 ? options.entities[0] : null }, now());
    const ctx = this.context(realEffects(db, now), run.id);
    const scans: ScanResult[] = [];
    const entities: Record<string, { done: number; retried: number; dead: number }> = {};
    let stock: StockReport | null = null;
    try {
      for (const kind of this.kinds(options.entities)) {
        const rt = this.runtimes.get(kind) as EntityRuntime;
        for (const side of ['nav', 'b24'] as const) {
          if (!isSource(rt, side)) continue;
          const result = await scanSide(db, rt, side, now, { full: options.full ?? false, onPage: (n) => options.onProgress?.({ type: 'scanned', entity: kind, side, records: n }) });
          scans.push(result);
        }
      }
      // One worker per entity kind, kinds that others refer to first: customers and
      // products drain side by side, so NAV writes of one overlap B24 writes of the other.
      const only = options.entities;
      const levels = dependencyLevels(this.runtimes).map((level) => level.filter((k) => !only || only.includes(k)));
      for (const level of levels) {
        await Promise.all(
          level.map(async (kind) => {
            for (;;) {
              const report = await runWorkerBatch(ctx, { owner: `sync-${run.id}-${kind}`, batchSize: this.deps.config.sync.batchSize, leaseMs: this.deps.config.sync.leaseSeconds * 1000, entities: [kind] });
              if (report.claimed === 0) break;
              tally(entities, report);
              options.onProgress?.({ type: 'processed', report });
            }
          }),
        );
      }
      // Jobs waiting for a retry time (a dependency, a backoff) that came due meanwhile.
      for (;;) {
        const report = await runWorkerBatch(ctx, { owner: `sync-${run.id}`, batchSize: this.deps.config.sync.batchSize, leaseMs: this.deps.config.sync.leaseSeconds * 1000 });
        if (report.claimed === 0) break;
        tally(entities, report);
        options.onProgress?.({ type: 'processed', report });
      }
      if ((options.stock ?? true) && this.deps.config.entities.stock.enabled && this.runtimes.has('products') && (!options.entities || options.entities.includes('products'))) {
        stock = await this.syncStock(run.id);
        options.onProgress?.({ type: 'stock', report: stock });
      }
      await finishRun(db, run.id, { status: 'ok', counts: flatten(entities, stock) }, now());
    } catch (error) {
      await finishRun(db, run.id, { status: 'failed', error: { code: 'SYNC_INTERNAL', kind: 'transient', message: this.redactor.text(String(error)) } }, now());
      throw error;
    }
    return { scans, entities, stock, planned: [], runId: run.id };
  }

  /** Everything a sync would do, computed against both systems and the store, with nothing written anywhere. */
  private async dryRun(options: SyncOnceOptions): Promise<SyncOnceReport> {
    const effects = dryRunEffects(this.deps.store.db, () => this.clock.now());
    const ctx = this.context(effects, null);
    const scans: ScanResult[] = [];
    let fakeJob = 0;
    for (const kind of this.kinds(options.entities)) {
      const rt = this.runtimes.get(kind) as EntityRuntime;
      for (const side of ['nav', 'b24'] as const) {
        if (!isSource(rt, side)) continue;
        // A dry run reads everything: the links tell what is unchanged.
        const scan = rt.sides[side].scanChanges(null);
        let records = 0;
        for await (const page of scan.pages) {
          records += page.length;
          const jobs: Job[] = page.map((record) => ({
            id: ++fakeJob,
            entity: kind,
            source: side,
            recordId: record.id,
            kind: 'upsert',
            payload: snapshot(record, this.clock.now()),
            state: 'running',
            attempts: 1,
            priority: 0,
            runAt: 0,
            leaseOwner: null,
            leaseUntil: null,
            rerun: false,
            lastError: null,
            createdAt: 0,
            updatedAt: 0,
            finishedAt: null,
          }));
          await syncBatch(ctx, rt, jobs);
        }
        scans.push({ entity: kind, side, records, queued: 0, cursorMoved: false });
      }
    }
    return { scans, entities: {}, stock: null, planned: effects.planned, runId: null };
  }

  async syncStock(runId: number | null): Promise<StockReport> {
    return syncStock({ db: this.deps.store.db, now: () => this.clock.now(), log: this.log, runId }, this.deps.config.entities.stock, this.deps.erp.stock, this.deps.crm.stock);
  }

  /** A change reported by a B24 event: queued for the workers, nothing else (the handler answers at once). */
  async enqueueEvent(entity: EntityKind, b24Id: string): Promise<void> {
    await enqueue(this.deps.store.db, { entity, source: 'b24', recordId: b24Id, kind: 'event' }, this.clock.now());
    this.wakeWorkers();
  }

  private wakeWorkers(): void {
    for (const wake of [...this.sleepers]) wake();
  }

  /** Runs until stop(): periodic scans of each side, workers, stock passes. */
  async start(options: { workers?: number } = {}): Promise<void> {
    if (this.running) return;
    this.running = true;
    const db = this.deps.store.db;
    const run = await startRun(db, { kind: 'run' }, this.clock.now());
    const ctx = this.context(realEffects(db, () => this.clock.now()), run.id);
    const cfg = this.deps.config;
    const scanEvery: Record<SideName, number> = { b24: cfg.bitrix24.pollIntervalSeconds * 1000, nav: cfg.nav.pollIntervalSeconds * 1000 };
    for (const kind of this.kinds()) {
      const rt = this.runtimes.get(kind) as EntityRuntime;
      for (const side of ['b24', 'nav'] as const) {
        if (!isSource(rt, side)) continue;
        const tick = this.every(scanEvery[side], async () => {
          const result = await this.observedScan(kind, side, scanSide(db, rt, side, () => this.clock.now()));
          if (result.queued > 0) this.wakeWorkers();
        }, `scan ${kind} ${side}`);
        this.scanners.set(`${kind}:${side}`, tick);
      }
    }
    if (cfg.entities.stock.enabled && this.runtimes.has('products')) {
      this.every(cfg.entities.stock.intervalSeconds * 1000, () => this.syncStock(run.id).then(() => undefined), 'stock');
    }
    // The backstop: a full read of every source side now and then, for changes no cursor shows.
    for (const kind of this.kinds()) {
      const rt = this.runtimes.get(kind) as EntityRuntime;
      for (const side of ['b24', 'nav'] as const) {
        if (!isSource(rt, side)) continue;
        this.timers.push(setInterval(() => {
          void this.observedScan(kind, side, scanSide(db, rt, side, () => this.clock.now(), { full: true }))
            .then((r) => (r.queued > 0 ? this.wakeWorkers() : undefined))
            .catch((error: unknown) => this.log.warn({ err: this.redactor.text(String(error)), entity: kind, side }, 'full scan failed'));
        }, cfg.sync.fullScanMinutes * 60_000));
      }
    }
    // Deletions: every id of each side compared with the links now and then (issue 6).
    if (cfg.sync.deletionScanMinutes > 0) {
      this.timers.push(setInterval(() => {
        void this.scanDeletions()
          .then((results) => (results.some((r) => r.queued > 0) ? this.wakeWorkers() : undefined))
          .catch((error: unknown) => this.log.warn({ err: this.redactor.text(String(error)) }, 'deletion scan failed; will try again'));
      }, cfg.sync.deletionScanMinutes * 60_000));
    }
    for (let i = 0; i < (options.workers ?? 2); i++) this.loops.push(this.workerLoop(ctx, `${randomUUID().slice(0, 8)}-${i}`));
    this.runId = run.id;
  }

  /**
   * Key-set comparison of both sides of each entity kind with the links: linked records
   * a read confirms gone are queued for the entity's onDelete (engine/deletion-scan.ts).
   */
  async scanDeletions(only?: readonly EntityKind[]): Promise<DeletionScanResult[]> {
    const results: DeletionScanResult[] = [];
    for (const kind of this.kinds(only)) {
      const rt = this.runtimes.get(kind) as EntityRuntime;
      for (const side of ['b24', 'nav'] as const) results.push(await scanDeletions(this.deps.store.db, rt, side, () => this.clock.now()));
    }
    return results;
  }

  private async observedScan(entity: EntityKind, side: SideName, scan: Promise<ScanResult>): Promise<ScanResult> {
    try {
      const result = await scan;
      this.observer.scanFinished({ entity, side, ok: true, queued: result.queued });
      return result;
    } catch (error) {
      this.observer.scanFinished({ entity, side, ok: false, queued: 0 });
      throw error;
    }
  }

  /** Scans a side now instead of at its next interval (an event said something changed). */
  scanSoon(entity: EntityKind, side: SideName): void {
    this.scanners.get(`${entity}:${side}`)?.();
  }

  /** Runs `task` now and every `ms`, never twice at once; returns the trigger. */
  private every(ms: number, task: () => Promise<void>, name: string): () => void {
    let busy = false;
    const tick = (): void => {
      if (busy || !this.running) return;
      busy = true;
      task()
        .catch((error: unknown) => this.log.warn({ task: name, err: this.redactor.text(error instanceof Error ? error.message : String(error)) }, 'periodic task failed; will try again'))
        .finally(() => {
          busy = false;
        });
    };
    tick();
    this.timers.push(setInterval(tick, ms));
    return tick;
  }

  private async workerLoop(ctx: SyncContext, owner: string): Promise<void> {
    const cfg = this.deps.config.sync;
    while (this.running) {
      let report: BatchReport;
      try {
        report = await runWorkerBatch(ctx, { owner, batchSize: cfg.batchSize, leaseMs: cfg.leaseSeconds * 1000 });
      } catch (error) {
        this.log.error({ err: this.redactor.text(String(error)) }, 'worker batch failed');
        await this.pause(2000);
        continue;
      }
      if (report.claimed === 0) await this.pause(1000);
    }
  }

  /** Sleeps `ms`, or less if new work arrives. */
  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.sleepers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.sleepers.add(done);
    });
  }

  /** Stops scans and workers after their current batch; jobs in flight finish or come back by lease. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    this.scanners.clear();
    this.wakeWorkers();
    await Promise.allSettled(this.loops);
    this.loops = [];
    if (this.runId !== null) await finishRun(this.deps.store.db, this.runId, { status: 'ok' }, this.clock.now());
  }
}

function tally(entities: Record<string, { done: number; retried: number; dead: number }>, report: BatchReport): void {
  for (const [entity, counts] of Object.entries(report.byEntity)) {
    const total = (entities[entity] ??= { done: 0, retried: 0, dead: 0 });
    total.done += counts.done;
    total.retried += counts.retried;
    total.dead += counts.dead;
  }
}

function flatten(entities: Record<string, { done: number; retried: number; dead: number }>, stock: StockReport | null): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [entity, c] of Object.entries(entities)) {
    out[`${entity}.done`] = c.done;
    out[`${entity}.retried`] = c.retried;
    out[`${entity}.dead`] = c.dead;
  }
  if (stock) {
    out['stock.changed'] = stock.changed;
    out['stock.failed'] = stock.failed;
  }
  return out;
}
