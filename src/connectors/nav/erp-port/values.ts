// Field values between a NAV page and a SideRecord. Reading: the client already
// gives one shape on both transports (numbers, booleans, option captions with ''
// for blank, dates as YYYY-MM-DD or '' for 0D); here a blank date becomes null and
// a field OData left out (a $select) becomes its blank. Writing: each value is
// checked against the page field it goes to, so a wrong type or a read-only field
// fails that one record with a message that names the field, before NAV is called.
import { SyncError } from '../../../core/failure.ts';
import { parseBool } from '../../../core/normalize.ts';
import type { FieldValue, SideRecord } from '../../../core/record.ts';
import { blankValue, type FieldDef, type NavValue, type PageDef } from '../schema/index.ts';
import type { NavRecord } from './nav-page.ts';

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const DECIMAL_RE = /^[+-]?(?:\d+\.?\d*|\.\d+)$/;

export function sideValue(field: FieldDef, value: NavValue | undefined): FieldValue {
  const present = value ?? blankValue(field);
  return field.kind === 'date' && present === '' ? null : present;
}

/** A NAV record as the engine sees it: id = No, version = Key/ETag, modifiedAt = Last_Date_Modified. */
export function toSideRecord(def: PageDef, row: NavRecord, extra: Readonly<Record<string, FieldValue>> = {}): SideRecord {
  const fields: Record<string, FieldValue> = {};
  for (const field of def.fields) if (!field.odataOnly) fields[field.name] = sideValue(field, row[field.name]);
  const modified = row['Last_Date_Modified'];
  return {
    id: String(row['No'] ?? ''),
    version: row.version === '' ? null : row.version,
    modifiedAt: typeof modified === 'string' && modified !== '' ? modified : null,
    fields: { ...fields, ...extra },
  };
}

function mappingError(page: PageDef, field: string, problem: string): SyncError {
  return new SyncError('SYNC_MAPPING', `NAV page ${page.service} (${page.pageName}): ${field} ${problem}`);
}

/** One value for a page field, or the reason it cannot be written there. */
export function navValue(page: PageDef, field: FieldDef, value: FieldValue): NavValue {
  if (value === null) return blankValue(field);
  if (Array.isArray(value)) throw mappingError(page, field.name, 'takes one value, not a list');
  const scalar = value as string | number | boolean;
  switch (field.kind) {
    case 'decimal':
    case 'integer': {
      const n = typeof scalar === 'number' ? scalar : typeof scalar === 'string' && DECIMAL_RE.test(scalar.trim()) ? Number(scalar.trim()) : NaN;
      if (!Number.isFinite(n) || (field.kind === 'integer' && !Number.isInteger(n))) throw mappingError(page, field.name, `takes ${field.kind === 'integer' ? 'an integer' : 'a number'}, not ${JSON.stringify(scalar)}`);
      return n;
    }
    case 'boolean': {
      const parsed = parseBool(scalar);
      if (!parsed.ok) throw mappingError(page, field.name, `takes yes or no: ${parsed.problem}`);
      return parsed.value;
    }
    case 'date': {
      const text = String(scalar).trim();
      if (text !== '' && !DATE_RE.test(text)) throw mappingError(page, field.name, `takes a date YYYY-MM-DD, not ${JSON.stringify(scalar)}`);
      return text;
    }
    case 'option': {
      const text = String(scalar).trim();
      const caption = field.options.find((o) => o.toLowerCase() === text.toLowerCase());
      if (caption === undefined) throw mappingError(page, field.name, `is one of ${field.options.map((o) => (o === '' ? "'' (blank)" : `'${o}'`)).join(', ')}, not ${JSON.stringify(scalar)}`);
      return caption;
    }
    default:
      if (typeof scalar === 'boolean') throw mappingError(page, field.name, `takes text, not ${String(scalar)}`);
      return String(scalar);
  }
}

/** Whether callers may write the field through the page (a FlowField or a non-editable control is not). */
export function writable(page: PageDef, field: FieldDef): boolean {
  return !field.readOnly && !field.odataOnly && (page.access.insert || page.access.modify);
}

/** The values of a write, checked field by field; throws the first problem as SYNC_MAPPING. */
export function navValues(page: PageDef, fields: Readonly<Record<string, FieldValue>>): Record<string, NavValue> {
  const byName = new Map(page.fields.map((f) => [f.name, f]));
  const out: Record<string, NavValue> = {};
  for (const [name, value] of Object.entries(fields)) {
    const field = byName.get(name);
    if (!field) throw mappingError(page, name, `is not a field of the page; its fields are ${page.fields.map((f) => f.name).join(', ')}`);
    // NAV would ignore the value without a word (§1.8 only writes what a caller may edit).
    if (!writable(page, field)) throw mappingError(page, name, 'is read-only (a FlowField or a field the page does not let callers edit)');
    out[name] = navValue(page, field, value);
  }
  return out;
}
