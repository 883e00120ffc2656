// Records without a link: look for the record on the other side by the match
// keys before creating anything (DESIGN §3.4) — link on one match, park as
// ambiguous on several — and create only when nothing matches. The intent is
// recorded on the link before the create, so a retry after a lost answer looks the
// record up (by external id, then match keys) instead of creating it twice (§3.5).
import { SyncError } from '../../core/failure.ts';
import { decideMatch, matchKeys, type MatchDecision, type MatchLookup } from '../../core/match.ts';
import { otherSide, type CanonicalRecord, type SideName, type SideRecord } from '../../core/record.ts';
import type { JsonObject, Link, NewHistoryEntry } from '../../store/index.ts';
import type { CreateRequest, FindQuery, WriteOutcome } from '../ports.ts';
import type { EntityRuntime } from '../runtime.ts';
import type { SyncContext } from './context.ts';
import { historyEntry } from './history.ts';
import type { Item } from './item.ts';
import { mappingError, type PairInput } from './pair.ts';
import { holdPatch } from './held.ts';
import { refPaths, refsToB24 } from './refs.ts';
import { DONE, failureResult, storedError } from './results.ts';

type Ready = Item & { canonical: CanonicalRecord; record: SideRecord };
/** A match decision; `side` says where the duplicates are when the reverse look-up found them. */
type Decided = MatchDecision & { readonly side?: SideName };

export async function matchOrCreate(ctx: SyncContext, rt: EntityRuntime, source: SideName, items: readonly Ready[]): Promise<PairInput[]> {
  if (items.length === 0) return [];
  const target = otherSide(source);
  const side = rt.sides[target];
  const pairs: PairInput[] = [];
  const history: NewHistoryEntry[] = [];
  const fail = (item: Item, error: unknown): void => {
    item.result = failureResult(item.job, error, ctx.backoff, ctx.random, ctx.redactor);
  };

  // 1. Creates whose outcome is unknown: find them by the id we gave them.
  const inFlight = items.filter((i) => i.link?.state === `creating_${target}`);
  let pending = items;
  if (inFlight.length > 0) {
    try {
      const found = await side.findByExternalId(inFlight.map((i) => i.id));
      for (const item of inFlight) {
        const record = found.get(item.id);
        if (!record) continue;
        const link = await linkTo(ctx, rt, source, item, record.id);
        if (!link) continue;
        pairs.push({ item: linked(item, link), target: record, created: true, linkedBy: `found the record created by an earlier attempt (${target} ${record.id})` });
      }
    } catch (error) {
      for (const item of inFlight) fail(item, error);
    }
    const handled = new Set(pairs.map((p) => p.item.job.id));
    pending = items.filter((i) => i.result === undefined && !handled.has(i.job.id));
  }

  // 2. Match keys on the other side.
  const lookups = new Map<number, MatchLookup[]>();
  for (const item of pending) lookups.set(item.job.id, matchKeys(rt.matchSpecs, item.canonical, { defaultRegion: rt.defaultRegion }));
  const queries: FindQuery[] = pending
    .filter((i) => (lookups.get(i.job.id) ?? []).some((l) => l.values.length > 0))
    .map((i) => ({ ref: String(i.job.id), lookups: lookups.get(i.job.id) ?? [] }));
  let found = new Map<string, ReadonlyArray<{ key: string; ids: readonly string[] }>>();
  try {
    if (queries.length > 0) found = new Map((await side.find(queries)).map((r) => [r.ref, r.candidates]));
  } catch (error) {
    for (const item of pending) fail(item, error);
    return pairs;
  }
  const forward = pending.map((item) => ({ item, decision: decideMatch([...(found.get(String(item.job.id)) ?? [])]) }));
  let decisions: Array<{ item: Ready; decision: Decided }>;
  try {
    decisions = await confirmBothWays(ctx, rt, source, forward);
  } catch (error) {
    for (const item of pending) fail(item, error);
    return pairs;
  }
  const candidateIds = decisions.flatMap(({ decision }) => (decision.kind === 'one' ? [decision.id] : []));
  const taken = candidateIds.length === 0 ? new Map<string, Link>() : await ctx.effects.links(rt.kind, target, candidateIds);

  const toCreate: Ready[] = [];
  const canCreate = rt.config.direction === 'both' || rt.config.direction === `${source}_to_${target}`;
  for (const { item, decision } of decisions) {
    if (decision.kind === 'one') {
      const other = taken.get(decision.id);
      const otherSourceId = other ? (source === 'b24' ? other.b24Id : other.navKey) : null;
      if (other && other.state !== 'unlinked' && otherSourceId !== null && otherSourceId !== item.id) {
        await park(ctx, rt, source, item, `matches ${target} ${decision.id} by ${decision.key}, which is already linked to ${source} ${otherSourceId} (a duplicate on the ${source} side?)`, history);
        continue;
      }
      const link = await linkTo(ctx, rt, source, item, decision.id);
      if (!link) continue;
      pairs.push({ item: linked(item, link), base: null, linkedBy: `matched ${target} ${decision.id} by ${decision.key}` });
    } else if (decision.kind === 'ambiguous') {
      const where = decision.side ?? target;
      await park(ctx, rt, source, item, `${decision.ids.length} records on the ${where} side match by ${decision.key}: ${decision.ids.join(', ')}; link one by hand or fix the duplicates`, history);
    } else if (canCreate && rt.createPolicy(source, item.record).kind === 'create') {
      toCreate.push(item);
    } else {
      item.result = DONE;
    }
  }

  // 2b. Only a record whose keys are its own on its side too is created (DESIGN §3.4).
  const shared = await sharedOnSource(rt, source, toCreate, lookups).catch((error: unknown) => {
    for (const item of toCreate) fail(item, error);
    return undefined;
  });
  if (!shared) {
    await ctx.effects.history(history);
    return pairs;
  }
  for (const item of toCreate) {
    const dup = shared.get(item.job.id);
    if (dup) await park(ctx, rt, source, item, `${dup.ids.length} records on the ${source} side match by ${dup.key}: ${dup.ids.join(', ')}; link one by hand or fix the duplicates`, history);
  }

  // 3. Creates, with the intent recorded first.
  const requests: CreateRequest[] = [];
  const byRef = new Map<string, Ready>();
  const warningsOf = new Map<string, string[]>();
  const refs = refPaths(rt);
  for (const item of toCreate) {
    if (item.result !== undefined) continue;
    const mapped = rt.fieldMap.toSide(target, item.canonical);
    if (mapped.errors.length > 0) {
      const error = mappingError(mapped.errors);
      fail(item, error);
      history.push(historyEntry(ctx, { entity: rt.kind, action: 'failed', ...ids(source, item.id), message: `not created in ${target}: ${error.message}`, error: storedError(error, ctx.redactor) }));
      continue;
    }
    const fields = target === 'b24' && refs.length > 0 ? await refsToB24(ctx.db, refs, mapped.fields) : { ...mapped.fields };
    if (mapped.warnings.length > 0) warningsOf.set(String(item.job.id), mapped.warnings.map((w) => w.message));
    const intent = {
      side: target,
      fields: fields as JsonObject,
      matchKeys: Object.fromEntries((lookups.get(item.job.id) ?? []).map((l) => [l.key, [...l.values]])) as JsonObject,
      at: ctx.clock.now(),
    };
    const link = item.link
      ? await ctx.effects.updateLink(item.link, { state: `creating_${target}`, intent, reason: null })
      : await ctx.effects.insertLink({ entity: rt.kind, state: `creating_${target}`, ...ids(source, item.id), intent });
    if (!link) {
      fail(item, new SyncError('SYNC_LINK_CHANGED', `${rt.kind} ${source} ${item.id}: its link changed while deciding`));
      continue;
    }
    item.link = link;
    const ref = String(item.job.id);
    byRef.set(ref, item);
    requests.push({ ref, fields, externalId: item.id });
  }
  if (requests.length > 0) {
    let outcomes: WriteOutcome[];
    try {
      outcomes = await ctx.effects.create(side, requests);
    } catch (error) {
      for (const item of byRef.values()) fail(item, error);
      outcomes = [];
    }
    for (const outcome of outcomes) {
      const item = byRef.get(outcome.ref);
      if (!item?.link) continue;
      if (!outcome.ok) {
        fail(item, outcome.error);
        history.push(historyEntry(ctx, { entity: rt.kind, action: 'failed', link: item.link, message: `create in ${target} failed: ${outcome.error.message}`, error: storedError(outcome.error, ctx.redactor) }));
        continue;
      }
      const link = await ctx.effects.updateLink(item.link, { ...(target === 'b24' ? { b24Id: outcome.record.id } : { navKey: outcome.record.id }), state: 'active', intent: null, reason: null, heldB24Hash: null, heldNavHash: null });
      if (!link) {
        fail(item, new SyncError('SYNC_LINK_CHANGED', `${rt.kind} ${source} ${item.id}: its link changed during the create`));
        continue;
      }
      history.push(historyEntry(ctx, { entity: rt.kind, action: 'created', link, from: source, message: [`created in ${target} as ${outcome.record.id}`, ...(warningsOf.get(outcome.ref) ?? [])].join('; '), fields: Object.fromEntries(Object.entries(requests.find((r) => r.ref === outcome.ref)?.fields ?? {}).map(([k, v]) => [k, { from: null, to: v as never }])) }));
      pairs.push({ item: linked(item, link), target: outcome.record, created: true });
    }
  }
  await ctx.effects.history(history);
  return pairs;
}

/**
 * A match is one-to-one only if it holds both ways: the candidate, looked up by the same
 * key on the source side, must find this record alone. Otherwise which of two duplicates
 * gets linked would depend on which was processed first.
 */
async function confirmBothWays(
  ctx: SyncContext,
  rt: EntityRuntime,
  source: SideName,
  forward: ReadonlyArray<{ item: Ready; decision: MatchDecision }>,
): Promise<Array<{ item: Ready; decision: Decided }>> {
  const target = otherSide(source);
  const ones = forward.filter((f): f is { item: Ready; decision: Extract<MatchDecision, { kind: 'one' }> } => f.decision.kind === 'one');
  if (ones.length === 0) return [...forward];
  const records = await rt.sides[target].fetch([...new Set(ones.map((o) => o.decision.id))]);
  const queries: FindQuery[] = [];
  for (const { decision } of ones) {
    const record = records.get(decision.id);
    if (!record) continue;
    const spec = rt.matchSpecs.filter((m) => m.key === decision.key);
    const lookups = matchKeys(spec, rt.fieldMap.fromSide(target, record).canonical, { defaultRegion: rt.defaultRegion });
    if (lookups.some((l) => l.values.length > 0)) queries.push({ ref: decision.id, lookups });
  }
  const reverse = queries.length === 0 ? new Map<string, MatchDecision>() : new Map((await rt.sides[source].find(queries)).map((r) => [r.ref, decideMatch([...r.candidates])]));
  return forward.map((f) => {
    if (f.decision.kind !== 'one') return f;
    const back = reverse.get(f.decision.id);
    if (back?.kind !== 'ambiguous') return f;
    const ids = [...new Set([f.item.id, ...back.ids])].sort();
    return { item: f.item, decision: { kind: 'ambiguous' as const, ids, key: back.key, side: source } };
  });
}

/**
 * Records to be created that share their deciding match key with another record on
 * their own side: nothing matched on the other side, but creating each would copy a
 * duplicate over (both in one batch), or create the first and park the second (one
 * after the other) — which one, the order would decide. The first key that finds any
 * record decides, as on the other side; the record itself counts as one.
 */
async function sharedOnSource(
  rt: EntityRuntime,
  source: SideName,
  items: readonly Ready[],
  lookups: ReadonlyMap<number, MatchLookup[]>,
): Promise<Map<number, { key: string; ids: string[] }>> {
  const out = new Map<number, { key: string; ids: string[] }>();
  const queries: FindQuery[] = items
    .filter((i) => (lookups.get(i.job.id) ?? []).some((l) => l.values.length > 0))
    .map((i) => ({ ref: String(i.job.id), lookups: lookups.get(i.job.id) ?? [] }));
  if (queries.length === 0) return out;
  const byRef = new Map(items.map((i) => [String(i.job.id), i]));
  for (const result of await rt.sides[source].find(queries)) {
    const item = byRef.get(result.ref);
    const first = result.candidates.find((c) => c.ids.length > 0);
    if (!item || !first) continue;
    const ids = [...new Set([item.id, ...first.ids])].sort();
    if (ids.length > 1) out.set(item.job.id, { key: first.key, ids });
  }
  return out;
}

/** The same item (its result must land on the object the batch tracks), now with its link. */
function linked(item: Ready, link: Link): PairInput['item'] {
  item.link = link;
  return item as PairInput['item'];
}

function ids(source: SideName, id: string): { b24Id?: string; navKey?: string } {
  return source === 'b24' ? { b24Id: id } : { navKey: id };
}

/** Links the item to `targetId`, reusing its link row (creating, ambiguous) if it has one. */
async function linkTo(ctx: SyncContext, rt: EntityRuntime, source: SideName, item: Item, targetId: string): Promise<Link | undefined> {
  const target = otherSide(source);
  const patch = { ...(target === 'b24' ? { b24Id: targetId } : { navKey: targetId }), state: 'active' as const, intent: null, reason: null, heldB24Hash: null, heldNavHash: null };
  const link = item.link ? await ctx.effects.updateLink(item.link, patch) : await ctx.effects.insertLink({ entity: rt.kind, ...ids(source, item.id), ...patch });
  if (!link) {
    item.result = failureResult(item.job, new SyncError('SYNC_LINK_CHANGED', `${rt.kind} ${source} ${item.id}: ${target} ${targetId} was linked by another worker`), ctx.backoff, ctx.random, ctx.redactor);
    return undefined;
  }
  ctx.effects.plan({ entity: rt.kind, action: 'link', side: target, id: targetId, source: item.id, fields: {} });
  return link;
}

async function park(ctx: SyncContext, rt: EntityRuntime, source: SideName, item: Ready, reason: string, history: NewHistoryEntry[]): Promise<void> {
  // Held until the record changes (or an operator links it): no re-matching every poll.
  const held = holdPatch(source, rt.fieldMap.hashFor(item.canonical, source));
  const link = item.link
    ? await ctx.effects.updateLink(item.link, { state: 'ambiguous', reason, ...held })
    : await ctx.effects.insertLink({ entity: rt.kind, ...ids(source, item.id), state: 'ambiguous', reason, ...held });
  history.push(historyEntry(ctx, { entity: rt.kind, action: 'ambiguous', link, ...ids(source, item.id), message: reason }));
  ctx.effects.plan({ entity: rt.kind, action: 'ambiguous', side: otherSide(source), id: null, source: item.id, fields: {} });
  item.result = DONE;
}
