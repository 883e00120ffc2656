// A linked record is gone — a read confirmed it: the source of a job could not be
// fetched, or the other side of a pair was missing (issue 6, "never delete on a
// guess"). The entity's onDelete decides:
//   flag      — the link is marked (the gone side's held hash is GONE_HASH), a history
//               row says so once, and nothing else changes: an operator decides;
//   unlink    — the link is dropped (state unlinked); the survivor syncs no more;
//   propagate — the survivor is deleted too, if data flows from the gone side to it
//               and its side can delete; else it is flagged. A refusal (NAV keeps a
//               customer with ledger entries) fails the job with the system's text and
//               flags the link; a passing failure is retried.
import { SyncError } from '../../core/failure.ts';
import { otherSide, sideLabel, type SideName } from '../../core/record.ts';
import type { Link, LinkFields, NewHistoryEntry } from '../../store/index.ts';
import { isSource } from '../detect.ts';
import type { DeleteOutcome } from '../ports.ts';
import type { EntityRuntime } from '../runtime.ts';
import type { SyncContext } from './context.ts';
import { heldHash, holdPatch } from './held.ts';
import { historyEntry } from './history.ts';
import { idsOf, type Item } from './item.ts';
import { DONE, failureResult, storedError } from './results.ts';

/**
 * The held hash that marks a side of a link as deleted and already handled (flagged,
 * or its deletion refused): the record's job is done quietly from then on, and the
 * deletion scan passes it over. Cleared like any held hash: when the pair syncs again
 * (the record came back), and when an operator retries its dead letter.
 */
export const GONE_HASH = 'deleted';

export interface GoneRecord {
  /** The job being processed: the gone record's own, or the survivor's. */
  readonly item: Item;
  /** The side the record is missing from. */
  readonly side: SideName;
  /** The survivor's hash, when the job came from the survivor (held so scans skip it). */
  readonly survivorHash?: string | undefined;
}

export function isGone(link: Link, side: SideName): boolean {
  return heldHash(link, side) === GONE_HASH;
}

/** Applies the entity's onDelete to records confirmed gone; sets every item's result. */
export async function recordsGone(ctx: SyncContext, rt: EntityRuntime, records: readonly GoneRecord[], history: NewHistoryEntry[]): Promise<void> {
  const toDelete: Array<GoneRecord & { link: Link; survivorId: string }> = [];
  for (const gone of records) {
    const link = gone.item.link;
    gone.item.result = DONE;
    if (!link || link.state === 'unlinked' || link.state === 'deleted' || link.state.startsWith('creating_')) continue;
    if (isGone(link, gone.side)) {
      // Handled before: the survivor's later changes wait with it.
      if (gone.survivorHash !== undefined && heldHash(link, otherSide(gone.side)) !== gone.survivorHash) await update(ctx, gone, holdPatch(otherSide(gone.side), gone.survivorHash));
      continue;
    }
    const survivorSide = otherSide(gone.side);
    const survivorId = link.state === 'active' ? idsOf(link, survivorSide) : null;
    const policy = rt.config.onDelete;
    if (survivorId === null) {
      // A parked or refused record without a counterpart: nothing on the other side to decide about.
      const patch: LinkFields = policy === 'flag' ? { ...holdPatch(gone.side, GONE_HASH), reason: `deleted in ${sideLabel(gone.side)}` } : { state: 'unlinked', reason: `deleted in ${sideLabel(gone.side)}` };
      await update(ctx, gone, patch);
      history.push(historyEntry(ctx, { entity: rt.kind, action: 'deleted', link, message: `deleted in ${sideLabel(gone.side)}; it had no linked record (${link.state}): ${policy === 'flag' ? 'flagged' : 'the link was dropped'}` }));
      continue;
    }
    const blocked = policy === 'propagate' ? whyNotPropagated(rt, gone.side) : undefined;
    if (policy === 'propagate' && blocked === undefined) {
      toDelete.push({ ...gone, link, survivorId });
    } else if (policy === 'unlink') {
      await update(ctx, gone, { state: 'unlinked', reason: `deleted in ${sideLabel(gone.side)}` });
      history.push(historyEntry(ctx, { entity: rt.kind, action: 'deleted', link, message: `${what(gone.side, link)} no longer exists in ${sideLabel(gone.side)}; onDelete: unlink — the link was dropped and ${what(survivorSide, link)} in ${sideLabel(survivorSide)} was kept` }));
    } else {
      await flag(ctx, gone, `deleted in ${sideLabel(gone.side)}`);
      const why = blocked === undefined ? 'onDelete: flag' : `onDelete: propagate, but ${blocked}`;
      history.push(historyEntry(ctx, { entity: rt.kind, action: 'deleted', link, message: `${what(gone.side, link)} no longer exists in ${sideLabel(gone.side)}; ${why} — ${what(survivorSide, link)} in ${sideLabel(survivorSide)} was kept for an operator to decide` }));
    }
  }
  for (const side of ['b24', 'nav'] as const) {
    const group = toDelete.filter((g) => otherSide(g.side) === side);
    if (group.length > 0) await propagate(ctx, rt, side, group, history);
  }
}

/** Why a deletion on `side` is not carried to the other side, or undefined when it is. */
function whyNotPropagated(rt: EntityRuntime, side: SideName): string | undefined {
  const target = otherSide(side);
  if (!isSource(rt, side)) return `${rt.kind} flow only ${sideLabel(target)} → ${sideLabel(side)}, so a deletion in ${sideLabel(side)} is not carried to ${sideLabel(target)}`;
  if (rt.sides[target].delete === undefined) return `b24nav does not delete ${rt.kind} in ${sideLabel(target)}`;
  return undefined;
}

async function propagate(ctx: SyncContext, rt: EntityRuntime, target: SideName, group: ReadonlyArray<GoneRecord & { link: Link; survivorId: string }>, history: NewHistoryEntry[]): Promise<void> {
  const side = rt.sides[target];
  let outcomes: DeleteOutcome[];
  try {
    outcomes = await ctx.effects.delete(side, group.map((g) => g.survivorId));
  } catch (error) {
    for (const g of group) g.item.result = failureResult(g.item.job, error, ctx.backoff, ctx.random, ctx.redactor);
    return;
  }
  const byId = new Map(outcomes.map((o) => [o.id, o]));
  for (const g of group) {
    const outcome = byId.get(g.survivorId);
    const from = sideLabel(g.side);
    if (outcome?.ok) {
      await update(ctx, g, { state: 'deleted', reason: `deleted in ${from}; b24nav deleted it in ${sideLabel(target)}`, ...holdPatch(g.side, GONE_HASH) });
      history.push(historyEntry(ctx, { entity: rt.kind, action: 'deleted', link: g.link, from: g.side, policy: 'propagate', message: `${what(g.side, g.link)} no longer exists in ${from}; onDelete: propagate — ${what(target, g.link)} was deleted in ${sideLabel(target)}` }));
      continue;
    }
    const error = outcome?.error as SyncError;
    const result = failureResult(g.item.job, error, ctx.backoff, ctx.random, ctx.redactor);
    g.item.result = result;
    // Refused for good: the link stays, flagged, until an operator retries the dead letter.
    if (result.kind === 'dead') await flag(ctx, g, `deleted in ${from}; ${sideLabel(target)} refused to delete ${g.survivorId}: ${error.message}`.slice(0, 1000));
    history.push(
      historyEntry(ctx, {
        entity: rt.kind,
        action: 'failed',
        link: g.link,
        from: g.side,
        policy: 'propagate',
        message: `${what(g.side, g.link)} no longer exists in ${from}; deleting ${what(target, g.link)} in ${sideLabel(target)} failed: ${error.message}`,
        error: storedError(error, ctx.redactor),
      }),
    );
  }
}

async function flag(ctx: SyncContext, gone: GoneRecord, reason: string): Promise<void> {
  const survivor = gone.survivorHash === undefined ? {} : holdPatch(otherSide(gone.side), gone.survivorHash);
  await update(ctx, gone, { ...survivor, ...holdPatch(gone.side, GONE_HASH), reason });
}

/** Updates the item's link; when another worker changed it first, the job runs again and decides anew. */
async function update(ctx: SyncContext, gone: GoneRecord, patch: LinkFields): Promise<void> {
  const link = gone.item.link;
  if (!link) return;
  const updated = await ctx.effects.updateLink(link, patch);
  if (updated) gone.item.link = updated;
  else gone.item.result = failureResult(gone.item.job, new SyncError('SYNC_LINK_CHANGED', `${link.entity} link ${link.id} changed while handling a deletion; deciding again`), ctx.backoff, ctx.random, ctx.redactor);
}

function what(side: SideName, link: Link): string {
  return `the ${sideLabel(side)} record ${idsOf(link, side) ?? '(none)'}`;
}
