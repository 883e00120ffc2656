// A linked pair: read the other side, let the conflict policy decide field by
// field (DESIGN §3.6), write what must be written to each side, and remember on the
// link what each side now holds (hashes, versions, base) so that our own writes
// coming back are recognised as echoes (§3.3).
import { resolveConflict, type ConflictResult } from '../../core/conflict.ts';
import { SyncError } from '../../core/failure.ts';
import type { FieldError } from '../../core/field-map.ts';
import { isEmptyValue, otherSide, sideLabel, valueAt, type CanonicalRecord, type FieldValue, type SideName, type SideRecord } from '../../core/record.ts';
import type { ConflictFields, FieldChanges, JsonObject, JsonValue, Link, NewHistoryEntry } from '../../store/index.ts';
import type { UpdateRequest, WriteOutcome } from '../ports.ts';
import type { EntityRuntime } from '../runtime.ts';
import type { SyncContext } from './context.ts';
import { recordsGone, type GoneRecord } from './deletion.ts';
import { historyEntry } from './history.ts';
import { idsOf, type Item } from './item.ts';
import { refPaths, refsFromB24, refsToB24 } from './refs.ts';
import { DONE, failureResult, storedError } from './results.ts';

export interface PairInput {
  readonly item: Item & { link: Link; canonical: CanonicalRecord; record: SideRecord };
  /** The other side's record when already known (just created or matched). */
  readonly target?: SideRecord | undefined;
  /** The base to decide from, when not the link's: null for a pair just matched (first sync). */
  readonly base?: CanonicalRecord | null | undefined;
  /** The target was just created from the source: the base follows from what was written (postCreateBase). */
  readonly created?: boolean | undefined;
  /** Why the pair was linked in this batch, for history. */
  readonly linkedBy?: string | undefined;
}

interface Prepared {
  readonly input: PairInput;
  readonly target: SideRecord;
  readonly targetCanonical: CanonicalRecord;
  readonly result: ConflictResult;
  readonly writes: Partial<Record<SideName, Record<string, FieldValue>>>;
  /** Values written other than read, e.g. shortened to fit (onTooLong: truncate). */
  readonly warnings: readonly string[];
}

export function mappingError(errors: readonly FieldError[]): SyncError {
  return new SyncError('SYNC_MAPPING', errors.map((e) => e.message).join('; '));
}

export async function syncPairs(ctx: SyncContext, rt: EntityRuntime, source: SideName, inputs: readonly PairInput[]): Promise<void> {
  if (inputs.length === 0) return;
  const target = otherSide(source);
  const fail = (item: Item, error: unknown): void => {
    item.result = failureResult(item.job, error, ctx.backoff, ctx.random, ctx.redactor);
  };

  // 1. The other side's current records, in one go.
  const toFetch = inputs.filter((i) => !i.target).map((i) => idsOf(i.item.link, target) as string);
  let fetched = new Map<string, SideRecord>();
  try {
    if (toFetch.length > 0) fetched = await rt.sides[target].fetch(toFetch);
  } catch (error) {
    for (const i of inputs) fail(i.item, error);
    return;
  }
  const present: Array<{ input: PairInput; record: SideRecord }> = [];
  const history: NewHistoryEntry[] = [];
  const gone: GoneRecord[] = [];
  for (const input of inputs) {
    const record = input.target ?? fetched.get(idsOf(input.item.link, target) as string);
    if (record) present.push({ input, record });
    // The linked record is missing from the read just made: deleted there; the entity's onDelete decides.
    else gone.push({ item: input.item, side: target, survivorHash: rt.fieldMap.hashFor(input.item.canonical, source) });
  }
  await recordsGone(ctx, rt, gone, history);

  // 2. B24 reference fields as NAV keys, then canonical form.
  const refs = refPaths(rt);
  const translated = target === 'b24' && refs.length > 0 ? await refsFromB24(ctx.db, refs, present.map((p) => p.record)) : undefined;
  const prepared: Prepared[] = [];
  for (const { input, record } of present) {
    const targetRecord = translated?.get(record.id)?.record ?? record;
    const mapped = rt.fieldMap.fromSide(target, targetRecord);
    if (mapped.errors.length > 0) {
      fail(input.item, mappingError(mapped.errors));
      history.push(historyEntry(ctx, { entity: rt.kind, action: 'failed', link: input.item.link, message: mappingError(mapped.errors).message }));
      continue;
    }
    const b24 = source === 'b24' ? input.item.canonical : mapped.canonical;
    const nav = source === 'nav' ? input.item.canonical : mapped.canonical;
    const link = input.item.link;
    const result = resolveConflict({
      policy: rt.config.conflictPolicy,
      owner: rt.config.owner,
      base: input.created
        ? postCreateBase(rt, source, input.item.canonical, mapped.canonical)
        : input.base !== undefined
          ? input.base
          : ((link.base as CanonicalRecord | null) ?? null),
      b24,
      nav,
      b24ModifiedAt: source === 'b24' ? input.item.record.modifiedAt : record.modifiedAt,
      navModifiedAt: source === 'nav' ? input.item.record.modifiedAt : record.modifiedAt,
      ...rt.fieldMap.policyFields(),
    });
    // 3. Side values to write; a value that cannot be written fails the record before anything is written.
    const writes: Partial<Record<SideName, Record<string, FieldValue>>> = {};
    const warnings: string[] = [];
    let bad: SyncError | undefined;
    for (const side of ['b24', 'nav'] as const) {
      const fields = side === 'b24' ? result.toB24 : result.toNav;
      if (fields.length === 0) continue;
      const out = rt.fieldMap.toSide(side, result.merged, fields);
      if (out.errors.length > 0) {
        bad = mappingError(out.errors);
        break;
      }
      writes[side] = side === 'b24' && refs.length > 0 ? await refsToB24(ctx.db, refs, out.fields) : { ...out.fields };
      warnings.push(...out.warnings.map((w) => w.message));
    }
    if (bad) {
      fail(input.item, bad);
      history.push(historyEntry(ctx, { entity: rt.kind, action: 'failed', link, message: bad.message, error: storedError(bad, ctx.redactor) }));
      continue;
    }
    prepared.push({ input, target: record, targetCanonical: mapped.canonical, result, writes, warnings });
  }

  // 4. Writes, batched per side.
  const outcomes: Record<SideName, Map<string, WriteOutcome>> = { b24: new Map(), nav: new Map() };
  await Promise.all(
    (['b24', 'nav'] as const).map(async (side) => {
      const requests: UpdateRequest[] = [];
      prepared.forEach((p, index) => {
        const fields = p.writes[side];
        if (!fields || Object.keys(fields).length === 0) return;
        const record = side === source ? p.input.item.record : p.target;
        requests.push({ ref: String(index), id: record.id, version: record.version, fields });
      });
      if (requests.length === 0) return;
      try {
        for (const o of await ctx.effects.update(rt.sides[side], requests)) outcomes[side].set(o.ref, o);
      } catch (error) {
        for (const r of requests) outcomes[side].set(r.ref, { ref: r.ref, ok: false, error: error instanceof SyncError ? error : new SyncError('SYNC_INTERNAL', String(error)) });
      }
    }),
  );

  // 5. Links, conflicts, history.
  for (const [index, p] of prepared.entries()) {
    await finishPair(ctx, rt, source, p, outcomes.b24.get(String(index)), outcomes.nav.get(String(index)), history);
  }
  await ctx.effects.history(history);
}

async function finishPair(
  ctx: SyncContext,
  rt: EntityRuntime,
  source: SideName,
  p: Prepared,
  b24Outcome: WriteOutcome | undefined,
  navOutcome: WriteOutcome | undefined,
  history: NewHistoryEntry[],
): Promise<void> {
  const item = p.input.item;
  const link = item.link;
  const records: Record<SideName, SideRecord> = source === 'b24' ? { b24: item.record, nav: p.target } : { b24: p.target, nav: item.record };
  const canon: Record<SideName, CanonicalRecord> = source === 'b24' ? { b24: item.canonical, nav: p.targetCanonical } : { b24: p.targetCanonical, nav: item.canonical };
  const failures: SyncError[] = [];
  /** Sides that answered a write with values of their own (NAV's new total): they must flow on. */
  const followUps: SideName[] = [];
  for (const [side, outcome] of [['b24', b24Outcome], ['nav', navOutcome]] as const) {
    if (!outcome) continue;
    if (outcome.ok) {
      records[side] = outcome.record;
      // What the side holds now, read back: translate references again for B24.
      const refs = refPaths(rt);
      const rec = side === 'b24' && refs.length > 0 ? ((await refsFromB24(ctx.db, refs, [outcome.record])).get(outcome.record.id)?.record ?? outcome.record) : outcome.record;
      const mapped = rt.fieldMap.fromSide(side, rec);
      canon[side] = mapped.errors.length > 0 ? { ...canon[side], ...pick(p.result.merged, side === 'b24' ? p.result.toB24 : p.result.toNav) } : mapped.canonical;
      const written = side === 'b24' ? p.result.toB24 : p.result.toNav;
      if (derivedNews(rt, side, canon[side], p.result.merged).length > 0) followUps.push(side);
      history.push(
        historyEntry(ctx, {
          entity: rt.kind,
          action: 'updated',
          link,
          from: side === 'b24' ? 'nav' : 'b24',
          policy: rt.config.conflictPolicy,
          fields: fieldChanges(written, side === source ? item.canonical : p.targetCanonical, p.result.merged),
          message: [decisionText(p.result), ...p.warnings].filter(Boolean).join('; '),
        }),
      );
    } else {
      failures.push(outcome.error);
    }
  }
  const parked = p.result.conflict;
  const patch = {
    state: 'active' as const,
    // While a conflict is open the link says so; the pass that finds the sides agreeing closes it.
    reason: parked ? `conflict: ${Object.keys(parked.fields).join(', ')}` : null,
    intent: null,
    // A side with news of its own keeps no hash, so its next pass is not taken for our echo.
    // A failed write keeps both hashes as they were: the retry must see the change it carries
    // as a change, not as the echo of a write that never happened.
    b24Hash: failures.length > 0 ? link.b24Hash : followUps.includes('b24') ? null : rt.fieldMap.hashFor(canon.b24, 'b24'),
    navHash: failures.length > 0 ? link.navHash : followUps.includes('nav') ? null : rt.fieldMap.hashFor(canon.nav, 'nav'),
    b24Version: records.b24.version,
    navVersion: records.nav.version,
    // A failed write or a parked conflict keeps the old base, so the next pass decides again.
    ...(failures.length === 0 && !parked ? { base: p.result.merged as JsonObject, lastSyncedAt: ctx.clock.now(), heldB24Hash: null, heldNavHash: null } : {}),
  };
  const updated = await ctx.effects.updateLink(link, patch);
  if (!updated) {
    item.result = failureResult(item.job, new SyncError('SYNC_LINK_CHANGED', `${rt.kind} link ${link.id} changed while deciding; deciding again`), ctx.backoff, ctx.random, ctx.redactor);
    return;
  }
  item.link = updated;
  if (followUps.length > 0) {
    await ctx.effects.enqueue(followUps.map((side) => ({ entity: rt.kind, source: side, recordId: records[side].id, kind: 'event' as const })));
    for (const side of followUps) {
      const fields = derivedNews(rt, side, canon[side], p.result.merged);
      history.push(historyEntry(ctx, { entity: rt.kind, action: 'updated', link: updated, from: side, message: `${sideLabel(side)} answered the write with new ${fields.join(', ')}; they follow to ${sideLabel(otherSide(side))} next` }));
    }
  }
  if (!parked && link.reason?.startsWith('conflict:')) {
    await ctx.effects.closeConflict(updated.id, { by: 'b24nav', reason: 'the sides agree again', at: ctx.clock.now() });
    history.push(historyEntry(ctx, { entity: rt.kind, action: 'resolved', link: updated, message: `the conflict on ${link.reason.slice('conflict: '.length)} is closed: the sides agree again` }));
  }
  if (parked) {
    const fields: ConflictFields = {};
    for (const [field, f] of Object.entries(parked.fields)) fields[field] = { base: f.base as JsonValue, b24: f.b24 as JsonValue, nav: f.nav as JsonValue };
    await ctx.effects.conflict({ linkId: updated.id, entity: rt.kind, b24Id: updated.b24Id, navKey: updated.navKey, fields });
    history.push(historyEntry(ctx, { entity: rt.kind, action: 'conflict', link: updated, policy: 'manual', message: `waiting for an operator: ${Object.keys(parked.fields).join(', ')} changed on both sides` }));
  }
  if (p.input.linkedBy) history.push(historyEntry(ctx, { entity: rt.kind, action: 'linked', link: updated, from: source, message: p.input.linkedBy }));
  if (failures.length > 0) {
    const first = failures[0] as SyncError;
    item.result = failureResult(item.job, first, ctx.backoff, ctx.random, ctx.redactor);
    history.push(historyEntry(ctx, { entity: rt.kind, action: 'failed', link: updated, message: first.message, error: storedError(first, ctx.redactor) }));
    return;
  }
  item.result = DONE;
}

/**
 * Fields that flow only from `side` and that `side` now holds differently from the agreed
 * value: values the system computed in answer to our write (NAV's order total and status
 * after new lines). Only one-way fields count, so a value the system shortened or
 * reformatted (a two-way name cut to fit) never flows back over the original.
 */
export function derivedNews(rt: EntityRuntime, side: SideName, current: CanonicalRecord, agreed: CanonicalRecord): string[] {
  const { fieldDirections } = rt.fieldMap.policyFields();
  return Object.entries(fieldDirections)
    .filter(([field, direction]) => direction === `${side}_to_${otherSide(side)}` && !rt.fieldMap.same(field, valueAt(current, field), valueAt(agreed, field)))
    .map(([field]) => field)
    .sort();
}

/**
 * The base of a pair whose target was just created from the source. Fields written to
 * the target agree on the source's value. A field that was not written keeps the
 * target's initial value as its base — so a default there (a B24 company's responsible
 * user, NAV's blank salesperson) does not overwrite the source — unless the source
 * has no value, in which case the target's value is news and may flow back (the NAV
 * No. of a customer created from B24), or the field is the target's own (below).
 */
export function postCreateBase(rt: EntityRuntime, source: SideName, sourceCanon: CanonicalRecord, targetCanon: CanonicalRecord): CanonicalRecord {
  const target = otherSide(source);
  const written = new Set(rt.fieldMap.flowsTo(target));
  const { fieldDirections, fieldOwners } = rt.fieldMap.policyFields();
  const base: Record<string, FieldValue> = {};
  for (const field of rt.fieldMap.compared) {
    const s = valueAt(sourceCanon, field);
    // A field the target owns and that flows only from it (the total NAV computed for the order
    // just made) is the target's news even where the source holds a value of its own (the deal's
    // automatic sum of its rows, which B24 rounds differently): the source takes the target's.
    const targetOwned = fieldDirections[field] === `${target}_to_${source}` && fieldOwners[field] === target;
    base[field] = written.has(field) || isEmptyValue(s) || targetOwned ? s : valueAt(targetCanon, field);
  }
  return base;
}

function pick(record: CanonicalRecord, fields: readonly string[]): CanonicalRecord {
  return Object.fromEntries(fields.map((f) => [f, valueAt(record, f)]));
}

function fieldChanges(fields: readonly string[], before: CanonicalRecord, after: CanonicalRecord): FieldChanges {
  const out: FieldChanges = {};
  for (const f of fields) out[f] = { from: valueAt(before, f) as JsonValue, to: valueAt(after, f) as JsonValue };
  return out;
}

function decisionText(result: ConflictResult): string {
  return result.decisions
    .filter((d) => d.winner !== 'both_equal')
    .map((d) => `${d.field}: ${d.winner} (${d.reason})`)
    .join('; ');
}
