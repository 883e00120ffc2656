// Workers: claim a batch of due jobs with a lease, process them per entity kind
// (kinds that others refer to first), and record each job's result. A crashed
// worker's jobs come back when their lease expires; a long batch keeps its lease.
import { appendHistoryMany, claim, completeMany, extendLease, fail, type Job, type NewHistoryEntry } from '../store/index.ts';
import type { EntityKind } from './ports.ts';
import { dependencyOrder } from './runtime.ts';
import { syncBatch } from './sync/batch.ts';
import type { JobOutcome } from './observer.ts';
import type { SyncContext } from './sync/context.ts';
import type { JobResult } from './sync/results.ts';

export interface WorkerOptions {
  readonly owner: string;
  readonly batchSize: number;
  readonly leaseMs: number;
  /** Claim only jobs of these kinds (default: every kind synced). */
  readonly entities?: readonly EntityKind[];
}

export interface BatchReport {
  readonly claimed: number;
  readonly done: number;
  readonly retried: number;
  readonly dead: number;
  readonly byEntity: Record<string, { done: number; retried: number; dead: number }>;
}

export async function runWorkerBatch(ctx: SyncContext, options: WorkerOptions): Promise<BatchReport> {
  const kinds = options.entities ?? dependencyOrder(ctx.runtimes);
  const jobs = await claim(ctx.db, { owner: options.owner, now: ctx.clock.now(), leaseMs: options.leaseMs, limit: options.batchSize, entities: kinds });
  const report: BatchReport = { claimed: jobs.length, done: 0, retried: 0, dead: 0, byEntity: {} };
  if (jobs.length === 0) return report;
  const keeper = keepLeases(ctx, jobs, options);
  try {
    const byKind = new Map<EntityKind, Job[]>();
    for (const job of jobs) {
      const kind = job.entity as EntityKind;
      byKind.set(kind, [...(byKind.get(kind) ?? []), job]);
    }
    // Kinds referred to by others first; the rest of a level together, so their calls share batches.
    const results = new Map<number, JobResult>();
    const waves: EntityKind[][] = [kinds.filter((k) => (ctx.runtimes.get(k)?.refs.length ?? 0) === 0), kinds.filter((k) => (ctx.runtimes.get(k)?.refs.length ?? 0) > 0)];
    for (const wave of waves) {
      await Promise.all(
        wave.map(async (kind) => {
          const group = byKind.get(kind);
          const rt = ctx.runtimes.get(kind);
          if (!group || !rt) return;
          for (const [id, result] of await syncBatch(ctx, rt, group)) results.set(id, result);
        }),
      );
    }
    await record(ctx, options.owner, jobs, results, report);
  } finally {
    clearInterval(keeper);
  }
  return report;
}

function keepLeases(ctx: SyncContext, jobs: readonly Job[], options: WorkerOptions): NodeJS.Timeout {
  const timer = setInterval(() => {
    void Promise.all(jobs.map((j) => extendLease(ctx.db, j.id, options.owner, { now: ctx.clock.now(), leaseMs: options.leaseMs }))).catch((error: unknown) =>
      ctx.log.warn({ err: String(error) }, 'could not extend job leases'),
    );
  }, Math.max(1000, options.leaseMs / 3));
  timer.unref();
  return timer;
}

async function record(ctx: SyncContext, owner: string, jobs: readonly Job[], results: ReadonlyMap<number, JobResult>, report: BatchReport): Promise<void> {
  const done: number[] = [];
  const dead: NewHistoryEntry[] = [];
  const outcomes: JobOutcome[] = [];
  const now = ctx.clock.now();
  const counted = report as { done: number; retried: number; dead: number };
  for (const job of jobs) {
    const result = results.get(job.id);
    const bucket = (report.byEntity[job.entity] ??= { done: 0, retried: 0, dead: 0 });
    outcomes.push({ entity: job.entity, side: job.source, result: result?.kind ?? 'done', waitedMs: Math.max(0, now - job.createdAt), code: result && result.kind !== 'done' ? result.error.code : undefined });
    if (!result || result.kind === 'done') {
      done.push(job.id);
      bucket.done++;
      counted.done++;
    } else if (result.kind === 'retry') {
      await fail(ctx.db, job.id, owner, { error: result.error, retryAt: now + result.delayMs }, now);
      bucket.retried++;
      counted.retried++;
    } else {
      await fail(ctx.db, job.id, owner, { error: result.error, dead: true }, now);
      dead.push({
        at: now,
        entity: job.entity,
        action: 'dead',
        ...(job.source === 'nav' ? { navKey: job.recordId } : { b24Id: job.recordId }),
        message: `gave up after ${job.attempts} attempt(s): ${result.error.message}; fix the cause and retry it from the dead letters`,
        error: result.error,
        runId: ctx.runId,
      });
      bucket.dead++;
      counted.dead++;
    }
  }
  if (done.length > 0) await completeMany(ctx.db, done, owner, now);
  if (dead.length > 0) await appendHistoryMany(ctx.db, dead);
  ctx.observer?.jobsFinished(outcomes);
}
