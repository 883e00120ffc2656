// `b24nav reconcile [--entity E] [--fix]` (issue 6, item 3): compares both systems
// against the links and reports per entity kind — records missing on one side,
// orphans, diverged fields, duplicates by match keys, broken links. Each side is read
// once, page by page, into the store's scratch rows (reconcile-read.ts); the checks
// then read links and scratch rows in pages (reconcile-checks.ts), so memory stays
// flat however many records there are. --fix queues what the policies allow for the
// engine's next pass and says why the rest was left. The run is recorded (kind
// `reconcile`) with its counts.
import type { Engine } from '../engine/engine.ts';
import type { EntityKind } from '../engine/ports.ts';
import type { EntityRuntime } from '../engine/runtime.ts';
import { dependencyOrder } from '../engine/runtime.ts';
import { dropScratch, finishRun, purgeScratch, startRun } from '../store/index.ts';
import type { OpsContext } from './context.ts';
import { OpsError } from './errors.ts';
import { checkDuplicates, checkOrphans, checkPairs } from './reconcile-checks.ts';
import { Findings } from './reconcile-findings.ts';
import { readSide } from './reconcile-read.ts';
import { FINDING_KINDS, type EntityReconcile, type ReconcileReport } from './reconcile-types.ts';

export interface ReconcileOptions {
  readonly entities?: readonly EntityKind[] | undefined;
  readonly fix?: boolean | undefined;
  /** Findings listed per entity and kind (the counts are always complete); default 1000. */
  readonly maxItems?: number | undefined;
  readonly onProgress?: ((event: { readonly entity: string; readonly step: string; readonly records?: number }) => void) | undefined;
}

/** Scratch rows older than this were left by a run that was killed midway. */
const SCRATCH_TTL_MS = 24 * 3600_000;

export async function reconcile(ctx: OpsContext, engine: Pick<Engine, 'runtimes'>, options: ReconcileOptions = {}): Promise<ReconcileReport> {
  const kinds = dependencyOrder(engine.runtimes).filter((k) => !options.entities || options.entities.includes(k));
  for (const kind of options.entities ?? []) {
    if (!engine.runtimes.has(kind)) throw new OpsError('BAD_INPUT', `${kind} are not synced (entities.${kind}.enabled is false in the config)`);
  }
  const started = ctx.clock.now();
  const run = await startRun(ctx.db, { kind: 'reconcile', entity: kinds.length === 1 ? kinds[0] : null }, started);
  const entities: EntityReconcile[] = [];
  try {
    await purgeScratch(ctx.db, started - SCRATCH_TTL_MS);
    for (const kind of kinds) entities.push(await reconcileEntity(ctx, engine.runtimes.get(kind) as EntityRuntime, run.id, options));
  } catch (error) {
    await finishRun(ctx.db, run.id, { status: 'failed', error: { code: 'SYNC_INTERNAL', kind: 'transient', message: ctx.redactor.text(error instanceof Error ? error.message : String(error)) } }, ctx.clock.now());
    throw error;
  }
  const counts: Record<string, number> = {};
  for (const e of entities) {
    for (const kind of FINDING_KINDS) counts[`${e.entity}.${kind}`] = e.counts[kind];
    if (options.fix) {
      counts[`${e.entity}.queued`] = e.queued;
      counts[`${e.entity}.left`] = e.left;
    }
  }
  const finished = ctx.clock.now();
  await finishRun(ctx.db, run.id, { status: 'ok', counts }, finished);
  return { runId: run.id, fix: options.fix ?? false, startedAt: new Date(started).toISOString(), finishedAt: new Date(finished).toISOString(), entities };
}

async function reconcileEntity(ctx: OpsContext, rt: EntityRuntime, runId: number, options: ReconcileOptions): Promise<EntityReconcile> {
  const scan = `reconcile:${runId}:${rt.kind}`;
  const out = new Findings(ctx, rt.kind, options.fix ?? false, options.maxItems ?? 1000);
  const now = (): number => ctx.clock.now();
  try {
    const progress = (step: string) => (records: number) => options.onProgress?.({ entity: rt.kind, step, records });
    const b24 = await readSide(ctx.db, rt, 'b24', scan, now, progress('read b24'));
    const nav = await readSide(ctx.db, rt, 'nav', scan, now, progress('read nav'));
    options.onProgress?.({ entity: rt.kind, step: 'compare' });
    const links = await checkPairs(ctx.db, rt, scan, out);
    await checkOrphans(ctx.db, rt, scan, 'b24', out);
    await checkOrphans(ctx.db, rt, scan, 'nav', out);
    await checkDuplicates(ctx.db, rt, scan, out);
    await out.flush();
    return {
      entity: rt.kind,
      records: { b24: b24.records, nav: nav.records },
      links,
      counts: out.counts,
      queued: out.queued,
      left: out.left,
      findings: out.list,
      omitted: out.omitted,
    };
  } finally {
    await dropScratch(ctx.db, scan);
  }
}
