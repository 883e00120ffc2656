// Conflicts parked for an operator (policy `manual`): list them, show both sides'
// values per field, and resolve one with a choice per field. The choice is recorded on
// the conflict, and the link's base takes the losing side's value of each field: the
// engine's next pass then sees that field changed on the chosen side only and writes
// the chosen value to the other side, with the usual echo suppression and history —
// no special path in the engine. If the losing side changed again meanwhile, the pass
// finds a new conflict and parks it again: an operator never overwrites an edit they
// have not seen.
import type { SideName } from '../core/record.ts';
import {
  appendHistory,
  enqueue,
  getConflict,
  getLink,
  listConflicts,
  resolveConflict,
  updateLink,
  withTransaction,
  type Conflict,
  type ConflictFields,
  type ConflictState,
  type JsonObject,
  type JsonValue,
} from '../store/index.ts';
import type { OpsContext } from './context.ts';
import { flowsFrom } from './context.ts';
import { OpsError } from './errors.ts';
import { FORGET_HASHES } from './requeue.ts';

export interface ConflictSummary {
  readonly id: number;
  readonly entity: string;
  readonly b24Id: string | null;
  readonly navKey: string | null;
  /** The entity's conflict policy now. */
  readonly policy: string;
  /** The fields in conflict. */
  readonly fields: string[];
  readonly state: ConflictState;
  /** ISO 8601. */
  readonly openedAt: string;
  readonly resolvedAt: string | null;
}

export interface ConflictDetail {
  readonly id: number;
  readonly entity: string;
  readonly b24Id: string | null;
  readonly navKey: string | null;
  /** The entity's conflict policy now. */
  readonly policy: string;
  readonly openedAt: string;
  readonly fields: ConflictFields;
  readonly state: ConflictState;
  readonly resolution: JsonObject | null;
  readonly resolvedAt: string | null;
}

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

function policyOf(ctx: OpsContext, entity: string): string {
  const config = ctx.config.entities[entity as keyof OpsContext['config']['entities']];
  return config && 'conflictPolicy' in config ? config.conflictPolicy : 'unknown';
}

function summary(ctx: OpsContext, c: Conflict): ConflictSummary {
  return { id: c.id, entity: c.entity, b24Id: c.b24Id, navKey: c.navKey, policy: policyOf(ctx, c.entity), fields: Object.keys(c.fields).sort(), state: c.state, openedAt: new Date(c.createdAt).toISOString(), resolvedAt: iso(c.resolvedAt) };
}

export async function listConflictSummaries(ctx: OpsContext, options: { state?: ConflictState | undefined; entity?: string | undefined; limit: number; after?: number | undefined }): Promise<ConflictSummary[]> {
  const rows = await listConflicts(ctx.db, { state: options.state, entity: options.entity, limit: options.limit, after: options.after });
  return rows.map((c) => summary(ctx, c));
}

export async function getConflictDetail(ctx: OpsContext, id: number): Promise<ConflictDetail> {
  const c = await getConflict(ctx.db, id);
  if (!c) throw new OpsError('NOT_FOUND', `no conflict ${id} (\`b24nav conflicts list\` shows them)`);
  const policy = policyOf(ctx, c.entity);
  return {
    id: c.id,
    entity: c.entity,
    b24Id: c.b24Id,
    navKey: c.navKey,
    policy,
    openedAt: new Date(c.createdAt).toISOString(),
    fields: ctx.redactor.value(c.fields),
    state: c.state,
    resolution: c.resolution,
    resolvedAt: iso(c.resolvedAt),
  };
}

/** Checks that `choices` name every field of the conflict, and nothing else, with b24 or nav. */
export function checkChoices(fields: ConflictFields, choices: Readonly<Record<string, unknown>>): Record<string, SideName> {
  const names = Object.keys(fields).sort();
  const out: Record<string, SideName> = {};
  for (const [field, side] of Object.entries(choices)) {
    if (!names.includes(field)) throw new OpsError('BAD_INPUT', `"${field}" is not a field of this conflict (its fields: ${names.join(', ')})`);
    if (side !== 'b24' && side !== 'nav') throw new OpsError('BAD_INPUT', `the choice for ${field} must be b24 or nav, got ${JSON.stringify(side)}`);
    out[field] = side;
  }
  const missing = names.filter((f) => !(f in out));
  if (missing.length > 0) throw new OpsError('BAD_INPUT', `choose a side for every field of the conflict; missing: ${missing.join(', ')}`);
  return out;
}

const label = (side: SideName): string => (side === 'b24' ? 'Bitrix24' : 'NAV');

/**
 * Resolves an open conflict: records the choice, sets the link's base so the chosen
 * values win on the next pass, and queues the record. All in one transaction.
 */
export async function resolveByOperator(ctx: OpsContext, id: number, choices: Readonly<Record<string, unknown>>, by = 'operator'): Promise<{ conflict: ConflictDetail; queued: { side: SideName; id: string } }> {
  const conflict = await getConflict(ctx.db, id);
  if (!conflict) throw new OpsError('NOT_FOUND', `no conflict ${id} (\`b24nav conflicts list\` shows them)`);
  const resolvedBy = conflict.resolution?.['by'];
  if (conflict.state !== 'open') throw new OpsError('ALREADY_RESOLVED', `conflict ${id} is resolved already${typeof resolvedBy === 'string' ? ` (by ${resolvedBy})` : ''}`);
  const chosen = checkChoices(conflict.fields, choices);
  const entity = ctx.config.entities[conflict.entity as keyof OpsContext['config']['entities']];
  const now = ctx.clock.now();
  const queued = await withTransaction(ctx.db, async (trx) => {
    const link = await getLink(trx, conflict.linkId);
    if (link?.state !== 'active' || link.b24Id === null || link.navKey === null) {
      throw new OpsError('LINK_CHANGED', `the records of conflict ${id} are no longer linked (${link ? `link ${link.id} is ${link.state}` : 'the link is gone'}); nothing to resolve`);
    }
    const base: JsonObject = { ...(link.base ?? {}) };
    const values: JsonObject = {};
    for (const [field, side] of Object.entries(chosen)) {
      const f = conflict.fields[field] as { base: JsonValue; b24: JsonValue; nav: JsonValue };
      base[field] = side === 'b24' ? f.nav : f.b24;
      values[field] = f[side];
    }
    const resolved = await resolveConflict(trx, id, { by, choices: chosen, values, at: now }, now);
    if (!resolved) throw new OpsError('ALREADY_RESOLVED', `conflict ${id} was resolved meanwhile`);
    const updated = await updateLink(trx, link.id, { ...FORGET_HASHES, base, reason: null }, { now, expectedVersion: link.version });
    if (!updated) throw new OpsError('LINK_CHANGED', `conflict ${id}: its link changed while resolving (a sync ran); try again`);
    const text = Object.entries(chosen).map(([field, side]) => `${field} ← ${label(side)} (${JSON.stringify(values[field])})`).join(', ');
    await appendHistory(trx, { at: now, entity: conflict.entity, action: 'resolved', linkId: link.id, b24Id: link.b24Id, navKey: link.navKey, policy: 'manual', message: ctx.redactor.text(`resolved by ${by}: ${text}; the next pass writes these values`) });
    // From a side the entity flows from; the worker reads the other side itself.
    const side: SideName = entity && 'direction' in entity && !flowsFrom(entity, 'b24') ? 'nav' : 'b24';
    const recordId = side === 'b24' ? link.b24Id : link.navKey;
    await enqueue(trx, { entity: conflict.entity, source: side, recordId, kind: 'resolved', payload: null }, now);
    return { side, id: recordId };
  });
  return { conflict: await getConflictDetail(ctx, id), queued };
}
