// Dead letters: jobs the engine gave up on (a permanent refusal, or too many passing
// failures), kept with the system's own message until an operator retries them after
// a fix, or drops them. Retry puts the job back to pending with its attempts reset
// (store: retryDead) and makes the record read fresh and decided from scratch
// (requeue.ts), so a fix in either system or in the config takes effect.
import type { SideName } from '../core/record.ts';
import {
  appendHistoryMany,
  dropDead,
  getJob,
  getLinksByB24,
  getLinksByNav,
  listHistory,
  listJobs,
  retryDead,
  type HistoryEntry,
  type Job,
  type NewHistoryEntry,
} from '../store/index.ts';
import type { OpsContext } from './context.ts';
import { OpsError } from './errors.ts';
import { requeueRecords } from './requeue.ts';

export interface DeadLetter {
  readonly id: number;
  readonly entity: string;
  readonly side: SideName;
  readonly recordId: string;
  readonly attempts: number;
  readonly code: string;
  readonly kind: string;
  /** The system's own text, redacted. */
  readonly message: string;
  /** ISO 8601. */
  readonly failedAt: string;
  readonly link: { readonly b24Id: string | null; readonly navKey: string | null } | null;
}

export interface DeadLetterFilter {
  readonly entity?: string | undefined;
  readonly side?: SideName | undefined;
  /** An error code (NAV_VALIDATION), or a prefix ending in `_` or `*` (NAV_, NAV_*). */
  readonly code?: string | undefined;
  /** Failed at or after (epoch ms). */
  readonly since?: number | undefined;
  readonly ids?: readonly number[] | undefined;
}

const PAGE = 500;

function sideOf(job: Job): SideName {
  return job.source === 'nav' ? 'nav' : 'b24';
}

function codeMatches(pattern: string, code: string): boolean {
  const p = pattern.toUpperCase();
  if (p.endsWith('*')) return code.startsWith(p.slice(0, -1));
  if (p.endsWith('_')) return code.startsWith(p);
  return code === p;
}

function matches(job: Job, filter: DeadLetterFilter): boolean {
  if (filter.side !== undefined && sideOf(job) !== filter.side) return false;
  if (filter.code !== undefined && !codeMatches(filter.code, job.lastError?.code ?? '')) return false;
  if (filter.since !== undefined && (job.finishedAt ?? job.updatedAt) < filter.since) return false;
  if (filter.ids !== undefined && !filter.ids.includes(job.id)) return false;
  return true;
}

/** Dead jobs matching the filter, oldest first, page by page (keyset on the job id). */
async function* deadJobs(ctx: OpsContext, filter: DeadLetterFilter, after = 0): AsyncGenerator<Job[]> {
  for (let cursor = after; ; ) {
    const page = await listJobs(ctx.db, { state: 'dead', entity: filter.entity, limit: PAGE, after: cursor });
    if (page.length === 0) return;
    cursor = page.at(-1)?.id ?? cursor;
    const hits = page.filter((j) => matches(j, filter));
    if (hits.length > 0) yield hits;
  }
}

async function toDeadLetters(ctx: OpsContext, jobs: readonly Job[]): Promise<DeadLetter[]> {
  const links = new Map<string, { b24Id: string | null; navKey: string | null }>();
  for (const entity of new Set(jobs.map((j) => j.entity))) {
    const of = jobs.filter((j) => j.entity === entity);
    const b24 = await getLinksByB24(ctx.db, entity, of.filter((j) => sideOf(j) === 'b24').map((j) => j.recordId));
    const nav = await getLinksByNav(ctx.db, entity, of.filter((j) => sideOf(j) === 'nav').map((j) => j.recordId));
    for (const [id, l] of b24) links.set(`${entity}|b24|${id}`, { b24Id: l.b24Id, navKey: l.navKey });
    for (const [id, l] of nav) links.set(`${entity}|nav|${id}`, { b24Id: l.b24Id, navKey: l.navKey });
  }
  return jobs.map((job) => ({
    id: job.id,
    entity: job.entity,
    side: sideOf(job),
    recordId: job.recordId,
    attempts: job.attempts,
    code: job.lastError?.code ?? 'UNKNOWN',
    kind: job.lastError?.kind ?? 'permanent',
    message: ctx.redactor.text(job.lastError?.message ?? ''),
    failedAt: new Date(job.finishedAt ?? job.updatedAt).toISOString(),
    link: links.get(`${job.entity}|${sideOf(job)}|${job.recordId}`) ?? null,
  }));
}

/** Dead letters matching the filter, oldest first; `after` (a job id) pages on. */
export async function listDeadLetters(ctx: OpsContext, filter: DeadLetterFilter, options: { limit: number; after?: number | undefined }): Promise<DeadLetter[]> {
  const out: Job[] = [];
  for await (const page of deadJobs(ctx, filter, options.after ?? 0)) {
    out.push(...page.slice(0, options.limit - out.length));
    if (out.length >= options.limit) break;
  }
  return toDeadLetters(ctx, out);
}

/** How many dead letters match (for a confirmation prompt). */
export async function countDeadLetters(ctx: OpsContext, filter: DeadLetterFilter): Promise<number> {
  let n = 0;
  for await (const page of deadJobs(ctx, filter)) n += page.length;
  return n;
}

/** One dead letter and its record's history (newest first). */
export async function getDeadLetter(ctx: OpsContext, id: number, historyLimit = 50): Promise<{ item: DeadLetter; history: HistoryEntry[] }> {
  const job = await getJob(ctx.db, id);
  if (job?.state !== 'dead') throw new OpsError('NOT_FOUND', `no dead letter ${id} (\`b24nav dlq list\` shows them)`);
  const [item] = await toDeadLetters(ctx, [job]);
  const history = await listHistory(ctx.db, {
    entity: job.entity,
    ...(sideOf(job) === 'b24' ? { b24Id: job.recordId } : { navKey: job.recordId }),
    ...(item?.link?.b24Id ? { b24Id: item.link.b24Id } : {}),
    ...(item?.link?.navKey ? { navKey: item.link.navKey } : {}),
    limit: historyLimit,
  });
  return { item: item as DeadLetter, history: ctx.redactor.value(history) };
}

export interface DeadLetterAction {
  /** The dead letters acted on. */
  readonly ids: number[];
}

/**
 * Retries the dead letters matching the filter: back to pending with attempts reset,
 * the record read fresh and decided from scratch. One history row per record.
 */
export async function retryDeadLetters(ctx: OpsContext, filter: DeadLetterFilter, by = 'operator'): Promise<DeadLetterAction & { retried: number; superseded: number }> {
  const ids: number[] = [];
  let retried = 0;
  let superseded = 0;
  // Keyset paging by job id: retrying a page does not move the pages after it.
  for await (const page of deadJobs(ctx, filter)) {
    const result = await retryDead(ctx.db, { ids: page.map((j) => j.id) }, ctx.clock.now());
    retried += result.retried;
    superseded += result.superseded;
    for (const entity of new Set(page.map((j) => j.entity))) {
      await requeueRecords(ctx, entity, page.filter((j) => j.entity === entity).map((j) => ({ side: sideOf(j), id: j.recordId })), 'retry');
    }
    await appendHistoryMany(ctx.db, page.map((j) => row(ctx, j, 'retried', `retried by ${by}: dead letter ${j.id} (${j.lastError?.code ?? 'no error code'}) is pending again and the record will be read fresh`)));
    ids.push(...page.map((j) => j.id));
  }
  return { ids, retried, superseded };
}

/** Drops the dead letters matching the filter; the record's history keeps why it failed. */
export async function dropDeadLetters(ctx: OpsContext, filter: DeadLetterFilter, by = 'operator'): Promise<DeadLetterAction & { dropped: number }> {
  const ids: number[] = [];
  let dropped = 0;
  for await (const page of deadJobs(ctx, filter)) {
    dropped += await dropDead(ctx.db, { ids: page.map((j) => j.id) });
    await appendHistoryMany(ctx.db, page.map((j) => row(ctx, j, 'dropped', `dropped by ${by}: dead letter ${j.id} (${j.lastError?.code ?? 'no error code'}: ${ctx.redactor.text(j.lastError?.message ?? '')})`.slice(0, 2000))));
    ids.push(...page.map((j) => j.id));
  }
  return { ids, dropped };
}

function row(ctx: OpsContext, job: Job, action: string, message: string): NewHistoryEntry {
  return { at: ctx.clock.now(), entity: job.entity, action, ...(sideOf(job) === 'b24' ? { b24Id: job.recordId } : { navKey: job.recordId }), message };
}
