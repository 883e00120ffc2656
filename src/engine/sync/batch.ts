// One batch of jobs of one entity kind: read the source records (the scan's
// snapshot or a fresh read), their links and references, map them, drop echoes of
// our own writes, then match-or-create the unlinked and reconcile the linked.
import { SyncError } from '../../core/failure.ts';
import { isFieldValue, otherSide, type SideName, type SideRecord } from '../../core/record.ts';
import { givenUp, type Job, type NewHistoryEntry, type NewJob } from '../../store/index.ts';
import type { EntityKind } from '../ports.ts';
import type { EntityRuntime } from '../runtime.ts';
import type { SyncContext } from './context.ts';
import { matchOrCreate } from './create.ts';
import { recordsGone } from './deletion.ts';
import { historyEntry } from './history.ts';
import { openItems, type Item } from './item.ts';
import { mappingError, syncPairs, type PairInput } from './pair.ts';
import { holdPatch, sourceHash } from './held.ts';
import { refPaths, refsFromB24, refValues } from './refs.ts';
import { DONE, failureResult, storedError, type JobResult } from './results.ts';

/** A job's payload, if it is a side record snapshot taken by a scan: the record and when it was read. */
export function snapshotOf(job: Job): { record: SideRecord; at: number } | undefined {
  const p = job.payload;
  if (p === null || typeof p !== 'object' || Array.isArray(p)) return undefined;
  const { at, record } = p as Record<string, unknown>;
  if (typeof at !== 'number' || record === null || typeof record !== 'object' || Array.isArray(record)) return undefined;
  const { id, version, modifiedAt, fields } = record as Record<string, unknown>;
  if (typeof id !== 'string' || fields === null || typeof fields !== 'object' || Array.isArray(fields)) return undefined;
  if (!Object.values(fields).every(isFieldValue)) return undefined;
  return {
    at,
    record: {
      id,
      version: typeof version === 'string' ? version : null,
      modifiedAt: typeof modifiedAt === 'string' ? modifiedAt : null,
      fields: fields as SideRecord['fields'],
    },
  };
}

export async function syncBatch(ctx: SyncContext, rt: EntityRuntime, jobs: readonly Job[]): Promise<Map<number, JobResult>> {
  const items: Item[] = jobs.map((job) => ({ job, side: job.source === 'nav' ? 'nav' : 'b24', id: job.recordId }));
  for (const side of ['b24', 'nav'] as const) {
    const group = items.filter((i) => i.side === side);
    if (group.length === 0) continue;
    try {
      await syncFromSide(ctx, rt, side, group);
    } catch (error) {
      ctx.log.error({ entity: rt.kind, side, err: ctx.redactor.text(String(error)) }, 'sync batch failed');
      for (const item of openItems(group)) item.result = failureResult(item.job, error, ctx.backoff, ctx.random, ctx.redactor);
    }
  }
  await holdGivenUp(ctx, rt, items);
  await annotate(ctx, rt, items);
  const results = new Map<number, JobResult>();
  for (const item of items) {
    results.set(item.job.id, item.result ?? failureResult(item.job, new SyncError('SYNC_INTERNAL', `${rt.kind} ${item.side} ${item.id} was left undecided`), ctx.backoff, ctx.random, ctx.redactor));
  }
  return results;
}

async function syncFromSide(ctx: SyncContext, rt: EntityRuntime, side: SideName, items: Item[]): Promise<void> {
  const history: NewHistoryEntry[] = [];
  const links = await ctx.effects.links(rt.kind, side, items.map((i) => i.id));
  for (const item of items) item.link = links.get(item.id);
  await loadRecords(ctx, rt, side, items, history);
  await mapRecords(ctx, rt, side, openItems(items), history);

  const linked: PairInput[] = [];
  const unlinked: Array<Parameters<typeof matchOrCreate>[3][number]> = [];
  for (const item of openItems(items)) {
    const ready = item as PairInput['item'];
    const link = item.link;
    if (link?.state === 'unlinked') {
      item.result = DONE;
    } else if (link?.state === 'active') {
      // Our own write coming back, or nothing that flows changed: nothing to do (DESIGN §3.3).
      const hash = rt.fieldMap.hashFor(ready.canonical, side);
      if (hash === (side === 'b24' ? link.b24Hash : link.navHash)) {
        if (item.job.kind === 'event') history.push(historyEntry(ctx, { entity: rt.kind, action: 'skipped_echo', link, from: side, message: 'no mapped field changed since the last sync' }));
        item.result = DONE;
      } else {
        linked.push({ item: ready });
      }
    } else {
      unlinked.push(ready);
    }
  }
  await ctx.effects.history(history);
  const created = await matchOrCreate(ctx, rt, side, unlinked);
  await syncPairs(ctx, rt, side, [...linked, ...created]);
}

async function loadRecords(ctx: SyncContext, rt: EntityRuntime, side: SideName, items: Item[], history: NewHistoryEntry[]): Promise<void> {
  const toFetch: Item[] = [];
  for (const item of items) {
    // A scan's snapshot saves a read, unless the link changed after it was taken: then it may
    // predate our own write and must not be taken for a change of the source.
    const snapshot = item.job.kind === 'upsert' ? snapshotOf(item.job) : undefined;
    if (snapshot && snapshot.record.id === item.id && (!item.link || item.link.updatedAt < snapshot.at)) item.record = snapshot.record;
    else toFetch.push(item);
  }
  if (toFetch.length === 0) return;
  const fetched = await rt.sides[side].fetch(toFetch.map((i) => i.id));
  const gone: Item[] = [];
  for (const item of toFetch) {
    const record = fetched.get(item.id);
    if (record) item.record = record;
    else gone.push(item);
  }
  // Deleted on the source side, as the read just confirmed: the entity's onDelete decides.
  if (gone.length > 0) await recordsGone(ctx, rt, gone.map((item) => ({ item, side })), history);
}

async function mapRecords(ctx: SyncContext, rt: EntityRuntime, side: SideName, items: Item[], history: NewHistoryEntry[]): Promise<void> {
  const refs = refPaths(rt);
  const translated = side === 'b24' && refs.length > 0 ? await refsFromB24(ctx.db, refs, items.map((i) => i.record as SideRecord)) : undefined;
  const unlinkedNav = side === 'nav' ? await unlinkedNavRefs(ctx, rt, items) : new Map<string, Array<{ entity: string; key: string }>>();
  const dependencies: NewJob[] = [];
  for (const item of items) {
    // Unlinked records that are not to be synced (a deal before its order stage) stop here: no
    // look-ups, no waiting for what they refer to.
    if (item.record && (!item.link || item.link.state === 'failed' || item.link.state === 'ambiguous') && rt.createPolicy(side, item.record).kind === 'skip') {
      item.result = DONE;
      continue;
    }
    const t = translated?.get(item.id);
    const navMissing = unlinkedNav.get(item.id);
    if (navMissing && navMissing.length > 0) {
      for (const m of navMissing) dependencies.push({ entity: m.entity, source: 'nav', recordId: m.key, kind: 'event', priority: -1 });
      const error = new SyncError('SYNC_DEPENDENCY', `waits for ${navMissing.map((m) => `${m.entity} ${m.key}`).join(', ')} to be linked`);
      item.result = failureResult(item.job, error, ctx.backoff, ctx.random, ctx.redactor);
      continue;
    }
    if (t && t.missing.length > 0) {
      // Sync what it refers to first; this record waits (DESIGN §3.7) — unless what it refers to
      // can never come from Bitrix24 (a product made in B24 while products flow from NAV only).
      const never = t.missing.filter((m) => !canFlowFrom(ctx, m.entity as EntityKind, 'b24'));
      if (never.length > 0) {
        const error = new SyncError('SYNC_UNLINKABLE', `refers to ${never.map((m) => `${m.entity} ${m.b24Id}`).join(', ')}, which b24nav does not link: ${never[0]?.entity} flow only NAV → Bitrix24, so only records that came from NAV can be used`);
        item.result = failureResult(item.job, error, ctx.backoff, ctx.random, ctx.redactor);
        history.push(historyEntry(ctx, { entity: rt.kind, action: 'failed', link: item.link, b24Id: item.id, message: error.message, error: storedError(error, ctx.redactor) }));
        continue;
      }
      for (const m of t.missing) dependencies.push({ entity: m.entity, source: 'b24', recordId: m.b24Id, kind: 'event', priority: -1 });
      const error = new SyncError('SYNC_DEPENDENCY', `waits for ${t.missing.map((m) => `${m.entity} ${m.b24Id}`).join(', ')} to be linked`);
      item.result = failureResult(item.job, error, ctx.backoff, ctx.random, ctx.redactor);
      continue;
    }
    const record = t?.record ?? item.record;
    if (!record) continue;
    const mapped = rt.fieldMap.fromSide(side, record);
    if (mapped.errors.length > 0) {
      const error = mappingError(mapped.errors);
      item.result = failureResult(item.job, error, ctx.backoff, ctx.random, ctx.redactor);
      history.push(historyEntry(ctx, { entity: rt.kind, action: 'failed', link: item.link, ...(side === 'b24' ? { b24Id: item.id } : { navKey: item.id }), message: error.message, error: storedError(error, ctx.redactor) }));
      continue;
    }
    const missingRequired = rt.refs.find((r) => r.required && (mapped.canonical[r.field] === null || mapped.canonical[r.field] === undefined));
    if (missingRequired?.whenEmpty === 'refuse') {
      const error = new SyncError('SYNC_MAPPING', `${missingRequired.field} is empty: ${rt.kind} need one (${missingRequired.entity}) to be synced`);
      item.result = failureResult(item.job, error, ctx.backoff, ctx.random, ctx.redactor);
      history.push(historyEntry(ctx, { entity: rt.kind, action: 'failed', link: item.link, ...(side === 'b24' ? { b24Id: item.id } : { navKey: item.id }), message: error.message, error: storedError(error, ctx.redactor) }));
      continue;
    }
    if (missingRequired) {
      // A contact of no company is not synced (issue 4: "contacts of a linked company").
      item.result = DONE;
      continue;
    }
    item.canonical = mapped.canonical;
  }
  // A record b24nav gave up on (a dead letter) is not queued again for each record that waits
  // for it: that would make a new dead letter every pass. It comes back when an operator
  // retries it or it changes; until then its dependants wait and say so.
  const dead = await givenUp(ctx.db, dependencies);
  await ctx.effects.enqueue(dependencies.filter((d) => !dead.has(`${d.entity}|${d.source}|${d.recordId}`)));
}

/**
 * The reason a record waits or was refused, shown on the B24 record where the side can
 * (a deal's status field), and cleared once it syncs. Best effort: a failure to show it is
 * logged, never a failure of the record.
 */
async function annotate(ctx: SyncContext, rt: EntityRuntime, items: readonly Item[]): Promise<void> {
  const side = rt.sides.b24;
  if (!side.annotate) return;
  const notes = new Map<string, string | null>();
  for (const item of items) {
    const b24Id = item.side === 'b24' ? item.id : (item.link?.b24Id ?? null);
    const result = item.result;
    if (b24Id === null || !result) continue;
    if (result.kind === 'done') {
      if (item.link?.state === 'active') notes.set(b24Id, null);
      continue;
    }
    const waits = result.kind === 'retry' ? 'b24nav will try again' : 'b24nav gave up until the record changes or an operator retries it';
    notes.set(b24Id, `${result.error.code}: ${result.error.message} (${waits})`.slice(0, 1000));
  }
  if (notes.size === 0) return;
  try {
    await ctx.effects.annotate(side, [...notes].map(([id, note]) => ({ id, note })));
  } catch (error) {
    ctx.log.warn({ entity: rt.kind, err: ctx.redactor.text(String(error)) }, 'could not show the sync status on the records');
  }
}

/** Whether records of `entity` are ever linked when they come from `side` (the entity's direction). */
function canFlowFrom(ctx: SyncContext, entity: EntityKind, side: SideName): boolean {
  const rt = ctx.runtimes.get(entity);
  if (!rt) return false;
  return rt.config.direction === 'both' || rt.config.direction === `${side}_to_${otherSide(side)}`;
}

/** Records refused for good: their link holds the source hash so scans skip them until they change. */
async function holdGivenUp(ctx: SyncContext, rt: EntityRuntime, items: readonly Item[]): Promise<void> {
  for (const item of items) {
    const result = item.result;
    if (result?.kind !== 'dead' || result.error.kind !== 'permanent' || !item.record) continue;
    const hash = sourceHash(rt, item.side, item.record, item.canonical ? rt.fieldMap.hashFor(item.canonical, item.side) : undefined);
    const patch = { ...holdPatch(item.side, hash), reason: `refused: ${result.error.message}`.slice(0, 1000) };
    try {
      const link = item.link ?? (await ctx.effects.links(rt.kind, item.side, [item.id])).get(item.id);
      if (link) await ctx.effects.updateLink(link, patch);
      else await ctx.effects.insertLink({ entity: rt.kind, state: 'failed', ...(item.side === 'b24' ? { b24Id: item.id } : { navKey: item.id }), ...patch });
    } catch (error) {
      ctx.log.warn({ entity: rt.kind, id: item.id, err: ctx.redactor.text(String(error)) }, 'could not hold a refused record');
    }
  }
}

/** NAV records whose reference fields name a record of another kind that is not linked yet. */
async function unlinkedNavRefs(ctx: SyncContext, rt: EntityRuntime, items: readonly Item[]): Promise<Map<string, Array<{ entity: string; key: string }>>> {
  const out = new Map<string, Array<{ entity: string; key: string }>>();
  for (const ref of rt.refs) {
    const path = rt.fieldMap.pathOf(ref.field, 'nav');
    if (!path || ref.unlinked === 'empty') continue;
    const keysOf = (item: Item): string[] => refValues(ref, item.record?.fields[path]);
    const keys = [...new Set(items.flatMap(keysOf))];
    if (keys.length === 0) continue;
    const links = await ctx.effects.links(ref.entity, 'nav', keys);
    for (const item of items) {
      const unlinked = [...new Set(keysOf(item).filter((key) => links.get(key)?.state !== 'active'))];
      if (unlinked.length > 0) out.set(item.id, [...(out.get(item.id) ?? []), ...unlinked.map((key) => ({ entity: ref.entity, key }))]);
    }
  }
  return out;
}
