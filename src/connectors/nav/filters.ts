// Conditions on fields, written once and sent as NAV filter criteria over SOAP
// (ReadMultiple Field/Criteria) or as an OData $filter. Conditions on one field
// are ANDed, fields are ANDed: the only combinations both protocols can express
// (OData on NAV refuses OR across fields, nav-web-services.md §3.3).
import { formatDecimal, type FieldDef, type NavValue } from './schema/index.ts';

export interface FieldCondition<V> {
  readonly eq?: V;
  readonly ne?: V;
  /** Any of these values (OR on one field). */
  readonly in?: readonly V[];
  readonly gt?: V;
  readonly ge?: V;
  readonly lt?: V;
  readonly le?: V;
  /** Case-sensitive prefix. */
  readonly startsWith?: string;
  /** Case-sensitive substring. */
  readonly contains?: string;
}

export type Where<T> = { readonly [K in keyof T]?: FieldCondition<T[K]> };

export type DateOrder = 'MDY' | 'DMY' | 'YMD';

export class FilterError extends Error {
  override name = 'FilterError';
}

/** Numbers and booleans are written alike in both languages. */
function scalarLiteral(field: FieldDef, value: NavValue): string | undefined {
  if (field.kind === 'decimal' || field.kind === 'integer') return formatDecimal(Number(value));
  if (field.kind === 'boolean') return value ? 'true' : 'false';
  return undefined;
}

/** A NAV filter literal: quoted when it holds filter syntax, quotes doubled. */
function navLiteral(field: FieldDef, value: NavValue, dateOrder: DateOrder): string {
  const scalar = scalarLiteral(field, value);
  if (scalar !== undefined) return scalar;
  switch (field.kind) {
    case 'date': {
      if (value === '') return "''";
      const [y, m, d] = String(value).split('-');
      return dateOrder === 'MDY' ? `${m}/${d}/${y}` : dateOrder === 'DMY' ? `${d}/${m}/${y}` : `${y}/${m}/${d}`;
    }
    default: {
      const text = String(value);
      if (text === '') return "''";
      return /[&|()*@<>=.'?\s]/.test(text) ? `'${text.replace(/'/g, "''")}'` : text;
    }
  }
}

/** NAV filter criteria of one field, e.g. `>=01/01/2026&<=01/31/2026`, `RED|BLUE`, `'A&B'*`. */
export function navCriteria(field: FieldDef, condition: FieldCondition<NavValue>, dateOrder: DateOrder): string {
  const lit = (v: NavValue): string => navLiteral(field, v, dateOrder);
  const parts: string[] = [];
  if (condition.eq !== undefined) parts.push(lit(condition.eq));
  if (condition.ne !== undefined) parts.push(`<>${lit(condition.ne)}`);
  if (condition.in !== undefined) {
    if (condition.in.length === 0) throw new FilterError(`an empty "in" list on ${field.name} matches nothing; leave the query out instead`);
    parts.push(condition.in.length === 1 ? lit(condition.in[0] as NavValue) : `(${condition.in.map(lit).join('|')})`);
  }
  if (condition.ge !== undefined && condition.le !== undefined && condition.gt === undefined && condition.lt === undefined) {
    parts.push(`${lit(condition.ge)}..${lit(condition.le)}`);
  } else {
    if (condition.gt !== undefined) parts.push(`>${lit(condition.gt)}`);
    if (condition.ge !== undefined) parts.push(`>=${lit(condition.ge)}`);
    if (condition.lt !== undefined) parts.push(`<${lit(condition.lt)}`);
    if (condition.le !== undefined) parts.push(`<=${lit(condition.le)}`);
  }
  if (condition.startsWith !== undefined) parts.push(`${lit(condition.startsWith)}*`);
  if (condition.contains !== undefined) parts.push(`*${lit(condition.contains)}*`);
  if (parts.length === 0) throw new FilterError(`the condition on ${field.name} is empty`);
  return parts.join('&');
}

function odataLiteral(field: FieldDef, value: NavValue): string {
  const scalar = scalarLiteral(field, value);
  if (scalar !== undefined) return scalar;
  switch (field.kind) {
    case 'date':
      return value === '' ? '0001-01-01' : String(value);
    case 'option':
      return `'${(value === '' ? ' ' : String(value)).replace(/'/g, "''")}'`;
    default:
      return `'${String(value).replace(/'/g, "''")}'`;
  }
}

/** An OData $filter clause of one field, e.g. `(City eq 'A' or City eq 'B') and Balance_LCY gt 0`. */
export function odataCondition(field: FieldDef, condition: FieldCondition<NavValue>): string {
  const name = field.name;
  const lit = (v: NavValue): string => odataLiteral(field, v);
  const parts: string[] = [];
  if (condition.eq !== undefined) parts.push(`${name} eq ${lit(condition.eq)}`);
  if (condition.ne !== undefined) parts.push(`${name} ne ${lit(condition.ne)}`);
  if (condition.in !== undefined) {
    if (condition.in.length === 0) throw new FilterError(`an empty "in" list on ${name} matches nothing; leave the query out instead`);
    parts.push(`(${condition.in.map((v) => `${name} eq ${lit(v)}`).join(' or ')})`);
  }
  if (condition.gt !== undefined) parts.push(`${name} gt ${lit(condition.gt)}`);
  if (condition.ge !== undefined) parts.push(`${name} ge ${lit(condition.ge)}`);
  if (condition.lt !== undefined) parts.push(`${name} lt ${lit(condition.lt)}`);
  if (condition.le !== undefined) parts.push(`${name} le ${lit(condition.le)}`);
  if (condition.startsWith !== undefined) parts.push(`startswith(${name},'${condition.startsWith.replace(/'/g, "''")}')`);
  if (condition.contains !== undefined) parts.push(`contains(${name},'${condition.contains.replace(/'/g, "''")}')`);
  if (parts.length === 0) throw new FilterError(`the condition on ${name} is empty`);
  return parts.join(' and ');
}
