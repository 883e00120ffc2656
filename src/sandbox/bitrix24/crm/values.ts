// Typed storage values ⇄ what clients send and receive. Input is coerced the
// PHP way (intval/floatval: "abc" → 0); output is strings in legacy crm.* and
// JSON types in crm.item (reference §9.1).
import { text } from '../params.ts';
import { formatDateField, parsePortalDate, parsePortalDateOnly } from '../portal-time.ts';
import type { UserFieldDef } from '../state.ts';
import type { FieldDef, FieldType } from './fields.ts';

const INTEGER_TYPES: ReadonlySet<FieldType> = new Set(['integer', 'user', 'crm_company', 'crm_contact', 'crm_deal', 'crm_lead', 'crm_category']);

export function isIntegerType(type: FieldType): boolean {
  return INTEGER_TYPES.has(type);
}

export function intval(value: unknown): number {
  if (typeof value === 'number') return Number.isFinite(value) ? Math.trunc(value) : 0;
  if (typeof value === 'boolean') return value ? 1 : 0;
  const n = Number.parseInt(text(value).trim(), 10);
  return Number.isNaN(n) ? 0 : n;
}

export function floatval(value: unknown): number {
  if (typeof value === 'number') return Number.isFinite(value) ? value : 0;
  const n = Number.parseFloat(text(value).trim().replace(',', '.'));
  return Number.isNaN(n) ? 0 : n;
}

export function yn(value: unknown): 'Y' | 'N' {
  if (value === true || value === 1) return 'Y';
  const s = text(value).trim().toUpperCase();
  return s === 'Y' || s === '1' || s === 'TRUE' ? 'Y' : 'N';
}

/** Coerces one system field's input value to its stored form. */
export function coerceField(def: FieldDef, value: unknown, offsetMinutes: number): unknown {
  if (def.multiple) {
    const list = Array.isArray(value) ? value : value === null || value === undefined || value === '' ? [] : [value];
    return list.map((v) => coerceScalar(def.type, v, offsetMinutes)).filter((v) => v !== null && v !== 0);
  }
  return coerceScalar(def.type, value, offsetMinutes);
}

function coerceScalar(type: FieldType, value: unknown, offsetMinutes: number): unknown {
  if (value === null || value === undefined) return null;
  if (INTEGER_TYPES.has(type)) return value === '' ? null : intval(value);
  switch (type) {
    case 'double':
    case 'money':
      return value === '' ? null : floatval(value);
    case 'char':
      return yn(value);
    case 'boolean':
      return yn(value) === 'Y' ? 1 : 0;
    case 'date':
      return value === '' ? null : (parsePortalDateOnly(value, offsetMinutes) ?? null);
    case 'datetime':
      return value === '' ? null : (parsePortalDate(value, offsetMinutes) ?? null);
    default:
      return typeof value === 'object' ? null : text(value);
  }
}

export interface OutputContext {
  readonly offsetMinutes: number;
  formatTime(ms: number): string;
}

/** Legacy crm.*: every scalar a string (`"ID":"410"`, `"OPPORTUNITY":"1000000.00"`). */
export function legacyValue(type: FieldType, value: unknown, ctx: OutputContext): unknown {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) return value.map((v) => legacyValue(type, v, ctx));
  switch (type) {
    case 'money':
      return typeof value === 'number' ? value.toFixed(2) : text(value);
    case 'date':
      return formatDateField(text(value), ctx.offsetMinutes);
    case 'datetime':
      return typeof value === 'number' ? ctx.formatTime(value) : text(value);
    default:
      return text(value);
  }
}

/** crm.item.*: JSON numbers, 'Y'/'N' chars, ISO dates. */
export function itemValue(type: FieldType, value: unknown, ctx: OutputContext): unknown {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) return value.map((v) => itemValue(type, v, ctx));
  switch (type) {
    case 'date':
      return formatDateField(text(value), ctx.offsetMinutes);
    case 'datetime':
      return typeof value === 'number' ? ctx.formatTime(value) : text(value);
    default:
      return value;
  }
}

/** The system field type a user field stores its values as. */
export function userFieldType(uf: UserFieldDef): FieldType {
  switch (uf.USER_TYPE_ID) {
    case 'integer':
    case 'employee':
    case 'enumeration':
    case 'iblock_section':
    case 'iblock_element':
      return 'integer';
    case 'double':
      return 'double';
    case 'boolean':
      return 'boolean';
    case 'date':
      return 'date';
    case 'datetime':
      return 'datetime';
    default:
      return 'string';
  }
}

export function userFieldDef(uf: UserFieldDef): FieldDef {
  return {
    type: userFieldType(uf),
    title: typeof uf.EDIT_FORM_LABEL === 'string' ? uf.EDIT_FORM_LABEL : (Object.values(uf.EDIT_FORM_LABEL)[0] ?? uf.FIELD_NAME),
    camel: uf.FIELD_NAME,
    multiple: uf.MULTIPLE === 'Y',
  };
}
