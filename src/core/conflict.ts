// The conflict policies of DESIGN.md §3.6 as one pure function. Given the last synced
// record (base) and both sides' current canonical records, it decides field by field
// what each side gets, and says why, for the record's history.
//
// Rules, in order:
// 1. Equal on both sides → nothing to write.
// 2. Changed on one side only → that side wins, whatever the policy; if the field's
//    direction does not let it flow from there, it stays where it was changed and the
//    other side keeps its value (a one-way field is not synced backwards).
// 3. Changed on both sides (or first sync, base = null, and different):
//    - a one-way field: its source side wins; the target's edits are not synced;
//    - master: the entity owner wins;
//    - merge: the field's owner wins, else the entity owner;
//    - latest: the side modified later wins when the two modification times say so
//      for certain, else the field's owner, else the entity owner;
//    - manual: the field is parked for an operator and nothing is written for it.
import type { Direction } from './field-map-config.ts';
import { flowsFrom } from './field-map-config.ts';
import { parseTimeSpan } from './date.ts';
import { fieldValueEquals, isEmptyValue, otherSide, sideLabel, valueAt, type CanonicalRecord, type FieldValue, type SideName } from './record.ts';

export type ConflictPolicy = 'master' | 'merge' | 'latest' | 'manual';

export const CONFLICT_POLICIES: readonly ConflictPolicy[] = ['master', 'merge', 'latest', 'manual'];

export interface ConflictInput {
  readonly policy: ConflictPolicy;
  /** The entity's owner system. */
  readonly owner: SideName;
  /** The canonical record as last synced; null on the first sync of a newly linked pair. */
  readonly base: CanonicalRecord | null;
  readonly b24: CanonicalRecord;
  readonly nav: CanonicalRecord;
  /** B24 DATE_MODIFY (datetime with offset). */
  readonly b24ModifiedAt: string | null;
  /** NAV Last_Date_Modified (a date only) or a datetime where the page has one. */
  readonly navModifiedAt: string | null;
  /** The fields to decide, with their direction: FieldMap.policyFields() gives the compared ones. */
  readonly fieldDirections: Readonly<Record<string, Direction>>;
  /** Per-field owners; override the entity owner under 'merge' and 'latest'. */
  readonly fieldOwners?: Readonly<Record<string, SideName>>;
  /** Equality in canonical form (FieldMap.same); exact equality when not given. */
  readonly same?: (field: string, a: FieldValue, b: FieldValue) => boolean;
}

export type Winner = SideName | 'both_equal' | 'parked';

export interface FieldDecision {
  readonly field: string;
  readonly winner: Winner;
  readonly reason: string;
}

export interface ParkedField {
  readonly base: FieldValue | null;
  readonly b24: FieldValue;
  readonly nav: FieldValue;
}

export interface ConflictResult {
  /**
   * The agreed value of every decided field: the new base once the writes are done.
   * Parked fields keep their base value (null on a first sync). While `conflict` is set,
   * keep the previous base instead of storing this one: on a first sync a parked field's
   * null would otherwise read as "unchanged" on the side that is null and let the other
   * side win without an operator.
   */
  readonly merged: CanonicalRecord;
  /** Canonical fields to write to Bitrix24 (from `merged`), sorted. */
  readonly toB24: readonly string[];
  readonly toNav: readonly string[];
  /** One per field that differs between the sides or from the base, sorted by field. */
  readonly decisions: readonly FieldDecision[];
  /** Only under 'manual': the fields parked for an operator. */
  readonly conflict?: { readonly fields: Readonly<Record<string, ParkedField>> };
}

/**
 * Which side was modified later, or null when the timestamps cannot say for certain:
 * either is missing or unreadable, or their time spans overlap (the same instant, or a
 * NAV date-only stamp on the same day as the other). See date.ts parseTimeSpan.
 */
export function laterSide(b24ModifiedAt: string | null, navModifiedAt: string | null): SideName | null {
  const b24 = b24ModifiedAt === null ? null : parseTimeSpan(b24ModifiedAt);
  const nav = navModifiedAt === null ? null : parseTimeSpan(navModifiedAt);
  if (b24 === null || nav === null) return null;
  if (b24.to <= nav.from) return 'nav';
  if (nav.to <= b24.from) return 'b24';
  return null;
}

const flowText = (direction: Direction): string => (direction === 'b24_to_nav' ? 'Bitrix24 → NAV' : 'NAV → Bitrix24');

interface Decided {
  readonly winner: Winner;
  readonly reason: string;
  /** The side to write the merged value to. */
  readonly writeTo: SideName | null;
  readonly merged: FieldValue;
}

export function resolveConflict(input: ConflictInput): ConflictResult {
  const same = input.same ?? ((_field: string, a: FieldValue, b: FieldValue) => fieldValueEquals(a, b));
  const later = input.policy === 'latest' ? laterSide(input.b24ModifiedAt, input.navModifiedAt) : null;
  const merged: Array<[string, FieldValue]> = [];
  const decisions: FieldDecision[] = [];
  const writes: Record<SideName, string[]> = { b24: [], nav: [] };
  const parked: Array<[string, ParkedField]> = [];

  for (const field of Object.keys(input.fieldDirections).sort()) {
    const direction = input.fieldDirections[field] ?? 'both';
    const values: Record<SideName, FieldValue> = { b24: valueAt(input.b24, field), nav: valueAt(input.nav, field) };
    const base = input.base === null ? undefined : valueAt(input.base, field);
    const changed = (side: SideName): boolean => base === undefined || !same(field, values[side], base);
    const fieldOwner = input.fieldOwners?.[field] ?? input.owner;
    let decided: Decided;

    if (same(field, values.b24, values.nav)) {
      if (base !== undefined && !changed('b24')) {
        merged.push([field, values[fieldOwner]]);
        continue;
      }
      const why = base === undefined ? 'equal on both sides' : 'changed to the same value on both sides';
      decided = { winner: 'both_equal', reason: why, writeTo: null, merged: values[fieldOwner] };
    } else if (base !== undefined && changed('b24') !== changed('nav')) {
      decided = oneSide(changed('b24') ? 'b24' : 'nav', direction, values);
    } else if (base === undefined && isEmptyValue(values.b24) !== isEmptyValue(values.nav)) {
      // First sync of two records matched by a key: an empty value is a gap to fill, not an
      // edit to spread — otherwise linking would wipe NAV's phone with an empty B24 one.
      const filled: SideName = isEmptyValue(values.b24) ? 'nav' : 'b24';
      const one = oneSide(filled, direction, values);
      decided = { ...one, reason: `first sync: empty in ${sideLabel(otherSide(filled))}, ${sideLabel(filled)} has a value${one.writeTo === null ? `; the field flows only ${flowText(direction)}` : ''}` };
    } else {
      const winner = bothChanged(input, direction, fieldOwner, later);
      const prefix = base === undefined ? 'different on the first sync' : 'changed on both sides';
      if (winner.side === null) {
        parked.push([field, { base: base ?? null, b24: values.b24, nav: values.nav }]);
        decided = { winner: 'parked', reason: `${prefix}: ${winner.why}`, writeTo: null, merged: base ?? null };
      } else {
        decided = { winner: winner.side, reason: `${prefix}: ${winner.why}`, writeTo: otherSide(winner.side), merged: values[winner.side] };
      }
    }
    merged.push([field, decided.merged]);
    decisions.push({ field, winner: decided.winner, reason: decided.reason });
    if (decided.writeTo !== null) writes[decided.writeTo].push(field);
  }

  const result = { merged: Object.fromEntries(merged), toB24: writes.b24, toNav: writes.nav, decisions };
  return input.policy === 'manual' && parked.length > 0 ? { ...result, conflict: { fields: Object.fromEntries(parked) } } : result;
}

function oneSide(side: SideName, direction: Direction, values: Readonly<Record<SideName, FieldValue>>): Decided {
  const other = otherSide(side);
  if (flowsFrom(direction, side)) {
    return { winner: side, reason: `changed in ${sideLabel(side)} only`, writeTo: other, merged: values[side] };
  }
  return {
    winner: side,
    reason: `changed in ${sideLabel(side)} only; the field flows only ${flowText(direction)}, so ${sideLabel(other)} keeps its value`,
    writeTo: null,
    merged: values[other],
  };
}

function bothChanged(
  input: ConflictInput,
  direction: Direction,
  fieldOwner: SideName,
  later: SideName | null,
): { side: SideName | null; why: string } {
  if (direction !== 'both') {
    const source: SideName = direction === 'b24_to_nav' ? 'b24' : 'nav';
    return { side: source, why: `the field flows only ${flowText(direction)}, so ${sideLabel(source)} wins` };
  }
  switch (input.policy) {
    case 'master':
      return { side: input.owner, why: `${sideLabel(input.owner)} is the master (policy master)` };
    case 'merge':
      return { side: fieldOwner, why: `${sideLabel(fieldOwner)} owns the field (policy merge)` };
    case 'latest': {
      const times = `Bitrix24 ${input.b24ModifiedAt ?? 'unknown'}, NAV ${input.navModifiedAt ?? 'unknown'}`;
      if (later !== null) return { side: later, why: `${sideLabel(later)} changed it later (${times}; policy latest)` };
      return { side: fieldOwner, why: `the modification times cannot tell which is newer (${times}), so the owner ${sideLabel(fieldOwner)} wins (policy latest)` };
    }
    case 'manual':
      return { side: null, why: 'parked for an operator (policy manual)' };
  }
}
