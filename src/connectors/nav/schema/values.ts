// Field values on the wire. SOAP carries text typed by the WSDL (xsd:decimal,
// xsd:date, option enumerations like `_blank_`); OData v4 carries JSON with
// option captions (blank is " ", §3.5). Callers see one shape: numbers,
// booleans, captions with '' for blank, and dates as 'YYYY-MM-DD' or '' for 0D.
import type { FieldDef, NavValue, OptionField } from './fields.ts';
import { optionEnumName } from './names.ts';

/** 0D (the blank date) as NAV writes it in SOAP and OData. */
export const BLANK_DATE = '0001-01-01';

export class WireValueError extends Error {
  override name = 'WireValueError';
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})(?:Z|[+-]\d{2}:\d{2})?$/;
const DECIMAL_RE = /^[+-]?(?:\d+\.?\d*|\.\d+)$/;
const INTEGER_RE = /^[+-]?\d+$/;

export function formatDecimal(value: number): string {
  if (!Number.isFinite(value)) throw new WireValueError(`${value} is not a decimal`);
  const text = String(value);
  if (!text.includes('e')) return text;
  return value.toFixed(20).replace(/\.?0+$/, '');
}

const enumCache = new WeakMap<OptionField, ReadonlyMap<string, string>>();
const captionCache = new WeakMap<OptionField, ReadonlyMap<string, string>>();

/** The WSDL enumeration value of a caption, looked up once per field (it is on every record). */
function captionToEnum(field: OptionField, caption: string): string {
  let map = captionCache.get(field);
  if (!map) {
    map = new Map(field.options.map((o) => [o, optionEnumName(o)]));
    captionCache.set(field, map);
  }
  return map.get(caption) ?? optionEnumName(caption);
}

function enumToCaption(field: OptionField): ReadonlyMap<string, string> {
  let map = enumCache.get(field);
  if (!map) {
    map = new Map(field.options.map((caption) => [optionEnumName(caption), caption]));
    enumCache.set(field, map);
  }
  return map;
}

export function toSoapText(field: FieldDef, value: NavValue): string {
  switch (field.kind) {
    case 'decimal':
      return formatDecimal(Number(value));
    case 'integer':
      return String(Math.trunc(Number(value)));
    case 'boolean':
      return value ? 'true' : 'false';
    case 'date':
      return value === '' ? BLANK_DATE : String(value);
    case 'option':
      return captionToEnum(field, String(value));
    default:
      return String(value);
  }
}

export function fromSoapText(field: FieldDef, text: string): NavValue {
  switch (field.kind) {
    case 'decimal':
      if (!DECIMAL_RE.test(text)) throw new WireValueError(`The value "${text}" of ${field.name} is not a decimal.`);
      return Number(text);
    case 'integer':
      if (!INTEGER_RE.test(text)) throw new WireValueError(`The value "${text}" of ${field.name} is not an integer.`);
      return Number(text);
    case 'boolean':
      if (text === 'true' || text === '1') return true;
      if (text === 'false' || text === '0') return false;
      throw new WireValueError(`The value "${text}" of ${field.name} is not a boolean.`);
    case 'date':
      return parseWireDate(field, text);
    case 'option': {
      const caption = enumToCaption(field).get(text);
      if (caption === undefined) {
        throw new WireValueError(`The value "${text}" of ${field.name} is not one of ${field.options.map(optionEnumName).join(', ')}.`);
      }
      return caption;
    }
    default:
      return text;
  }
}

export function toODataValue(field: FieldDef, value: NavValue): NavValue {
  switch (field.kind) {
    case 'date':
      return value === '' ? BLANK_DATE : value;
    case 'option':
      return value === '' ? ' ' : value;
    default:
      return value;
  }
}

export function fromODataValue(field: FieldDef, json: unknown): NavValue {
  switch (field.kind) {
    case 'decimal':
    case 'integer': {
      // Edm.Decimal may come as a string (IEEE754Compatible=true clients).
      const n = typeof json === 'number' ? json : typeof json === 'string' && DECIMAL_RE.test(json) ? Number(json) : NaN;
      if (!Number.isFinite(n) || (field.kind === 'integer' && !Number.isInteger(n))) {
        throw new WireValueError(`Cannot convert the literal '${String(json)}' to the expected type '${field.kind === 'decimal' ? 'Edm.Decimal' : 'Edm.Int32'}'.`);
      }
      return n;
    }
    case 'boolean':
      if (typeof json !== 'boolean') throw new WireValueError(`Cannot convert the literal '${String(json)}' to the expected type 'Edm.Boolean'.`);
      return json;
    case 'date':
      if (typeof json !== 'string') throw new WireValueError(`Cannot convert the literal '${String(json)}' to the expected type 'Edm.Date'.`);
      return parseWireDate(field, json);
    case 'option': {
      if (typeof json !== 'string') throw new WireValueError(`Cannot convert the literal '${String(json)}' to the expected type 'Edm.String'.`);
      const caption = json === ' ' ? '' : json;
      if (!field.options.includes(caption)) {
        throw new WireValueError(`The value "${json}" of ${field.name} is not one of ${field.options.map((o) => `'${o === '' ? ' ' : o}'`).join(', ')}.`);
      }
      return caption;
    }
    default:
      if (typeof json !== 'string') throw new WireValueError(`Cannot convert the literal '${String(json)}' to the expected type 'Edm.String'.`);
      return json;
  }
}

function parseWireDate(field: FieldDef, text: string): string {
  const m = DATE_RE.exec(text);
  if (!m) throw new WireValueError(`The value "${text}" of ${field.name} is not a date (YYYY-MM-DD).`);
  const day = `${m[1]}-${m[2]}-${m[3]}`;
  if (day === BLANK_DATE) return '';
  const parsed = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== day) {
    throw new WireValueError(`The value "${text}" of ${field.name} is not a valid date.`);
  }
  return day;
}
