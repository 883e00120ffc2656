// The compiled field map of one entity kind: side record → canonical record and back,
// and the canonical fields that are compared and hashed. Pure: the connectors read and
// write, the engine decides, this only maps.
import {
  compileEntries, flowsFrom, isCompared, writesTo,
  type CompiledEntry, type ConfigProblem, type Direction, type FieldMapEntry, type FieldMapOptions,
} from './field-map-config.ts';
import { hashCanonical } from './hash.ts';
import { canonicalForm, type NormalizeKind, type NormalizeOptions } from './normalize.ts';
import { quote } from './outcome.ts';
import {
  fieldValueEquals, isEmptyValue, isFieldValue, sideLabel, valueAt,
  type CanonicalRecord, type FieldValue, type SideName, type SideRecord,
} from './record.ts';
import { cutText, textLength, type LengthUnit } from './text-length.ts';
import { firstUnstorable } from './unstorable-text.ts';
import { runChain, type ValueMap } from './transforms.ts';

export type FieldProblemCode =
  | 'invalid_value' // the connector gave a value that is not a FieldValue (NaN, an object)
  | 'transform_failed' // a transform could not convert the value
  | 'too_long' // longer than the side's field allows, and onTooLong is 'fail'
  | 'unknown_field' // toNav/toB24 was asked for a field the map does not have
  | 'not_writable' // toNav/toB24 was asked for a field whose direction does not flow there
  | 'unstorable_char' // a control character or lone surrogate the side cannot take (unstorable-text.ts)
  | 'transform_warning' // (warning) a transform kept a value it could not fully read
  | 'truncated'; // (warning) shortened to fit, as onTooLong: truncate says

export interface FieldError {
  /** Canonical field name. */
  readonly field: string;
  /** The side the value was read from or is written to. */
  readonly side: SideName;
  /** The side's field path, when the field has one. */
  readonly path: string | null;
  readonly code: FieldProblemCode;
  /** Names the field and the problem: `Name: "…" is 63 characters, NAV allows 50 (…)`. */
  readonly message: string;
}

export interface MappedCanonical {
  /** Fields whose read failed are absent: a record with errors must not be synced as is. */
  readonly canonical: CanonicalRecord;
  readonly errors: readonly FieldError[];
  readonly warnings: readonly FieldError[];
}

export interface MappedSide {
  /** Side field path → value to write. */
  readonly fields: Readonly<Record<string, FieldValue>>;
  readonly errors: readonly FieldError[];
  readonly warnings: readonly FieldError[];
}

/** What the conflict resolver needs from the map (see conflict.ts). */
export interface PolicyFields {
  readonly fieldDirections: Readonly<Record<string, Direction>>;
  readonly fieldOwners: Readonly<Record<string, SideName>>;
  readonly same: (field: string, a: FieldValue, b: FieldValue) => boolean;
}

export interface FieldMap {
  /** Canonical fields compared and hashed: the entries with a path on both sides, in config order. */
  readonly compared: readonly string[];
  fromB24(record: SideRecord): MappedCanonical;
  fromNav(record: SideRecord): MappedCanonical;
  fromSide(side: SideName, record: SideRecord): MappedCanonical;
  /** Side values for `fields` (canonical names), or, without it, every field that may be written to NAV (a create). */
  toNav(canonical: CanonicalRecord, fields?: readonly string[]): MappedSide;
  toB24(canonical: CanonicalRecord, fields?: readonly string[]): MappedSide;
  toSide(side: SideName, canonical: CanonicalRecord, fields?: readonly string[]): MappedSide;
  /** Canonical fields that may be written to `side`. */
  flowsTo(side: SideName): readonly string[];
  /** Side field paths the map reads, for a connector's select list. */
  sidePaths(side: SideName): readonly string[];
  /** The side field path of a canonical field, if the map reads it from that side. */
  pathOf(field: string, side: SideName): string | undefined;
  /**
   * sha256 of the compared fields in canonical form. With `side`, only the fields whose
   * change on that side can flow anywhere: an edit in NAV to a field that only flows
   * B24 → NAV can cause no write, so it does not make the NAV record "changed".
   */
  hashFor(canonical: CanonicalRecord, side?: SideName): string;
  /** The canonical form of a field's value (its normalize kind). */
  canonicalForm(field: string, value: FieldValue): FieldValue;
  /** Equal in canonical form. */
  same(field: string, a: FieldValue, b: FieldValue): boolean;
  normalizeKindOf(field: string): NormalizeKind | undefined;
  policyFields(): PolicyFields;
}

export type CompileFieldMapResult =
  | { readonly ok: true; readonly fieldMap: FieldMap }
  | { readonly ok: false; readonly problems: readonly ConfigProblem[] };

const LENGTH_UNIT: Readonly<Record<SideName, LengthUnit>> = { nav: 'utf16', b24: 'codepoints' };

export function compileFieldMap(
  entries: readonly FieldMapEntry[],
  valueMaps: Readonly<Record<string, ValueMap>> = {},
  options: FieldMapOptions = {},
): CompileFieldMapResult {
  const compiled = compileEntries(entries, valueMaps, options);
  if (compiled.problems.length > 0) return { ok: false, problems: compiled.problems };
  return { ok: true, fieldMap: new CompiledFieldMap(compiled.entries, { defaultRegion: options.defaultRegion }) };
}

function issue(entry: CompiledEntry, side: SideName, code: FieldProblemCode, problem: string): FieldError {
  const path = entry.paths[side] ?? null;
  return { field: entry.name, side, path, code, message: `${path ?? entry.name}: ${problem}` };
}

class CompiledFieldMap implements FieldMap {
  readonly compared: readonly string[];
  private readonly byName: ReadonlyMap<string, CompiledEntry>;

  constructor(
    private readonly entries: readonly CompiledEntry[],
    private readonly normalizeOptions: NormalizeOptions,
  ) {
    this.byName = new Map(entries.map((e) => [e.name, e]));
    this.compared = entries.filter(isCompared).map((e) => e.name);
  }

  fromB24(record: SideRecord): MappedCanonical {
    return this.fromSide('b24', record);
  }

  fromNav(record: SideRecord): MappedCanonical {
    return this.fromSide('nav', record);
  }

  fromSide(side: SideName, record: SideRecord): MappedCanonical {
    const out: Array<[string, FieldValue]> = [];
    const errors: FieldError[] = [];
    const warnings: FieldError[] = [];
    for (const entry of this.entries) {
      const path = entry.paths[side];
      // The default stands in for a missing value only where this side is a source.
      const isSource = flowsFrom(entry.direction, side);
      if (path === undefined) {
        if (isSource && entry.default !== undefined) out.push([entry.name, entry.default]);
        continue;
      }
      const raw: unknown = valueAt(record.fields, path);
      if (!isFieldValue(raw)) {
        errors.push(issue(entry, side, 'invalid_value', `${quote(raw)} is not text, a finite number, true/false or a list of those`));
        continue;
      }
      const result = runChain(entry.read[side], raw);
      if (!result.ok) {
        errors.push(issue(entry, side, 'transform_failed', result.problem));
        continue;
      }
      for (const w of result.warnings) warnings.push(issue(entry, side, 'transform_warning', w));
      const value = isSource && entry.default !== undefined && isEmptyValue(result.value) ? entry.default : result.value;
      out.push([entry.name, value]);
    }
    return { canonical: Object.fromEntries(out), errors, warnings };
  }

  toNav(canonical: CanonicalRecord, fields?: readonly string[]): MappedSide {
    return this.toSide('nav', canonical, fields);
  }

  toB24(canonical: CanonicalRecord, fields?: readonly string[]): MappedSide {
    return this.toSide('b24', canonical, fields);
  }

  toSide(side: SideName, canonical: CanonicalRecord, fields?: readonly string[]): MappedSide {
    const out: Array<[string, FieldValue]> = [];
    const errors: FieldError[] = [];
    const warnings: FieldError[] = [];
    const targets = fields === undefined ? this.entries.filter((e) => writesTo(e, side)) : this.pick(side, fields, errors);
    for (const entry of targets) {
      const source = valueAt(canonical, entry.name);
      const value = entry.default !== undefined && isEmptyValue(source) ? entry.default : source;
      const result = runChain(entry.write[side], value);
      if (!result.ok) {
        errors.push(issue(entry, side, 'transform_failed', result.problem));
        continue;
      }
      for (const w of result.warnings) warnings.push(issue(entry, side, 'transform_warning', w));
      const unstorable = this.unstorable(entry, side, result.value);
      if (unstorable) {
        errors.push(unstorable);
        continue;
      }
      const fitted = this.fit(entry, side, result.value);
      if (fitted.error) {
        errors.push(fitted.error);
        continue;
      }
      if (fitted.warning) warnings.push(fitted.warning);
      out.push([entry.paths[side] ?? entry.name, fitted.value]);
    }
    return { fields: Object.fromEntries(out), errors, warnings };
  }

  private pick(side: SideName, fields: readonly string[], errors: FieldError[]): CompiledEntry[] {
    const picked: CompiledEntry[] = [];
    for (const name of new Set(fields)) {
      const entry = this.byName.get(name);
      if (entry === undefined) {
        errors.push({ field: name, side, path: null, code: 'unknown_field', message: `${name}: the field map has no field "${name}"` });
      } else if (!writesTo(entry, side)) {
        const why = entry.paths[side] === undefined ? `has no ${side} path` : `flows only ${entry.direction === 'b24_to_nav' ? 'Bitrix24 → NAV' : 'NAV → Bitrix24'}`;
        errors.push(issue(entry, side, 'not_writable', `cannot be written to ${sideLabel(side)}: the entry ${why}`));
      } else {
        picked.push(entry);
      }
    }
    return picked;
  }

  /** A text (or a text of a list) holding a character the side cannot store. */
  private unstorable(entry: CompiledEntry, side: SideName, value: FieldValue): FieldError | undefined {
    const texts = Array.isArray(value) ? (value as readonly FieldValue[]) : [value];
    for (const t of texts) {
      const bad = typeof t === 'string' ? firstUnstorable(t) : undefined;
      if (bad) {
        return issue(entry, side, 'unstorable_char', `${quote(t)} has the character ${bad.name} at position ${bad.position}, which ${sideLabel(side)} cannot store (remove it where the value was typed)`);
      }
    }
    return undefined;
  }

  /** Applies the side's length limit to a text, or to each text of a list. */
  private fit(entry: CompiledEntry, side: SideName, value: FieldValue): { value: FieldValue; error?: FieldError; warning?: FieldError } {
    const max = entry.maxLength[side];
    if (max === undefined) return { value };
    const unit = LENGTH_UNIT[side];
    const texts = Array.isArray(value) ? (value as readonly FieldValue[]) : [value];
    const tooLong = texts.find((t): t is string => typeof t === 'string' && textLength(t, unit) > max);
    if (tooLong === undefined) return { value };
    const length = textLength(tooLong, unit);
    if (entry.onTooLong === 'fail') {
      return {
        value,
        error: issue(entry, side, 'too_long', `${quote(tooLong)} is ${length} characters, ${sideLabel(side)} allows ${max} (set onTooLong: truncate in the field map to shorten it)`),
      };
    }
    const cut = (t: FieldValue): FieldValue => (typeof t === 'string' ? cutText(t, max, unit) : t);
    return {
      value: Array.isArray(value) ? (value as readonly FieldValue[]).map(cut) : cut(value),
      warning: issue(entry, side, 'truncated', `${quote(tooLong)} was shortened from ${length} to ${max} characters to fit ${sideLabel(side)}`),
    };
  }

  flowsTo(side: SideName): readonly string[] {
    return this.entries.filter((e) => writesTo(e, side)).map((e) => e.name);
  }

  pathOf(field: string, side: SideName): string | undefined {
    return this.byName.get(field)?.paths[side];
  }

  sidePaths(side: SideName): readonly string[] {
    return [...new Set(this.entries.flatMap((e) => (e.paths[side] === undefined ? [] : [e.paths[side]])))];
  }

  hashFor(canonical: CanonicalRecord, side?: SideName): string {
    const fields = this.entries.filter((e) => isCompared(e) && (side === undefined || flowsFrom(e.direction, side)));
    return hashCanonical(Object.fromEntries(fields.map((e) => [e.name, this.canonicalForm(e.name, valueAt(canonical, e.name))])));
  }

  canonicalForm(field: string, value: FieldValue): FieldValue {
    const kind = this.byName.get(field)?.normalize;
    return kind === undefined ? value : canonicalForm(kind, value, this.normalizeOptions);
  }

  same(field: string, a: FieldValue, b: FieldValue): boolean {
    if (fieldValueEquals(this.canonicalForm(field, a), this.canonicalForm(field, b))) return true;
    // A value shortened to fit a side (onTooLong: truncate) is the same value as far as that side
    // can tell: NAV's "ООО «Торгово-…" (50 characters) is not an edit of Bitrix24's full title, and
    // must not flow back and cut it. Only an edit within what the side can hold is a change.
    const entry = this.byName.get(field);
    if (entry?.onTooLong !== 'truncate') return false;
    return (['nav', 'b24'] as const).some((side) => {
      const max = entry.maxLength[side];
      if (max === undefined) return false;
      const cut = (v: FieldValue): FieldValue => (typeof v === 'string' ? cutText(v, max, LENGTH_UNIT[side]) : Array.isArray(v) ? (v as readonly FieldValue[]).map(cut) : v);
      return fieldValueEquals(this.canonicalForm(field, cut(a)), this.canonicalForm(field, cut(b)));
    });
  }

  normalizeKindOf(field: string): NormalizeKind | undefined {
    return this.byName.get(field)?.normalize;
  }

  policyFields(): PolicyFields {
    const compared = this.entries.filter(isCompared);
    return {
      fieldDirections: Object.fromEntries(compared.map((e) => [e.name, e.direction])),
      fieldOwners: Object.fromEntries(compared.flatMap((e) => (e.owner === undefined ? [] : [[e.name, e.owner]]))),
      same: (field, a, b) => this.same(field, a, b),
    };
  }
}
