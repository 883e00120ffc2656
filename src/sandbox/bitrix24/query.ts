// Filters, ordering and paging of *.list methods (reference §5, §6), shared by
// the legacy CRM, crm.item, catalog and dictionary methods. Each caller supplies
// how a field name resolves to a value of a row.
import type { B24Error } from './errors.ts';
import { text } from './params.ts';
import { parsePortalDate } from './portal-time.ts';

export type ValueKind = 'number' | 'string' | 'date' | 'multi' | 'bool';

export interface FieldAccessor<T> {
  readonly kind: ValueKind;
  get(row: T): unknown;
}

export type FieldResolver<T> = (name: string) => FieldAccessor<T> | undefined;

export interface FilterOptions {
  /** crm.item.list supports nested groups with `logic: 'OR'`; legacy crm.*.list does not. */
  readonly allowLogic: boolean;
  /** What to do with a filter field the entity lacks. */
  readonly onUnknownField: 'ignore' | ((field: string) => B24Error);
  readonly offsetMinutes: number;
}

type Op = '=' | '!=' | '>' | '>=' | '<' | '<=' | 'in' | '!in' | 'like' | 'likeRaw' | '!like' | '!likeRaw';

// Longest prefixes first (reference §6 lists them for legacy and crm.item).
const PREFIXES: ReadonlyArray<readonly [string, Op]> = [
  ['!=%', '!likeRaw'],
  ['!%=', '!likeRaw'],
  ['>=', '>='],
  ['<=', '<='],
  ['!=', '!='],
  ['!@', '!in'],
  ['!%', '!like'],
  ['=%', 'likeRaw'],
  ['%=', 'likeRaw'],
  ['>', '>'],
  ['<', '<'],
  ['@', 'in'],
  ['%', 'like'],
  ['=', '='],
  ['!', '!='],
];

export function splitFilterKey(key: string): { op: Op; field: string } {
  for (const [prefix, op] of PREFIXES) if (key.startsWith(prefix)) return { op, field: key.slice(prefix.length) };
  return { op: '=', field: key };
}

export type RowPredicate<T> = (row: T) => boolean;

export function compileFilter<T>(
  filter: Record<string, unknown> | undefined,
  resolve: FieldResolver<T>,
  options: FilterOptions,
): RowPredicate<T> {
  if (!filter) return () => true;
  const parts: Array<RowPredicate<T>> = [];
  let logic: 'AND' | 'OR' = 'AND';
  for (const [key, value] of Object.entries(filter)) {
    if (key.toLowerCase() === 'logic') {
      if (options.allowLogic) logic = text(value).toUpperCase() === 'OR' ? 'OR' : 'AND';
      continue;
    }
    if (options.allowLogic && value !== null && typeof value === 'object' && !Array.isArray(value)) {
      parts.push(compileFilter(value as Record<string, unknown>, resolve, options));
      continue;
    }
    const { op, field } = splitFilterKey(key);
    const accessor = resolve(field);
    if (!accessor) {
      if (options.onUnknownField === 'ignore') continue;
      throw options.onUnknownField(field);
    }
    parts.push(compileCondition(accessor, op, value, options.offsetMinutes));
  }
  if (parts.length === 0) return () => true;
  return logic === 'OR' ? (row) => parts.some((p) => p(row)) : (row) => parts.every((p) => p(row));
}

function compileCondition<T>(accessor: FieldAccessor<T>, op: Op, raw: unknown, offset: number): RowPredicate<T> {
  const values = Array.isArray(raw) ? raw : typeof raw === 'object' && raw !== null ? Object.values(raw) : [raw];
  const wanted = values.map((v) => normalize(accessor.kind, v, offset));
  const rowValues = (row: T): unknown[] => {
    const v = accessor.get(row);
    if (accessor.kind === 'multi') return Array.isArray(v) ? v.map((x) => normalize('string', x, offset)) : [];
    return [normalize(accessor.kind, v, offset)];
  };
  switch (op) {
    case '=':
    case 'in':
      return (row) => rowValues(row).some((rv) => wanted.some((w) => equal(rv, w)));
    case '!=':
    case '!in':
      return (row) => !rowValues(row).some((rv) => wanted.some((w) => equal(rv, w)));
    case '>':
    case '>=':
    case '<':
    case '<=': {
      const w = wanted[0];
      return (row) => rowValues(row).some((rv) => compareOp(op, rv, w));
    }
    case 'like':
    case '!like': {
      const needles = values.map((v) => text(v ?? '').toLowerCase());
      const hit = (row: T): boolean =>
        rowValues(row).some((rv) => rv !== null && needles.some((n) => text(rv).toLowerCase().includes(n)));
      return op === 'like' ? hit : (row) => !hit(row);
    }
    case 'likeRaw':
    case '!likeRaw': {
      const patterns = values.map((v) => likeToRegExp(text(v ?? '')));
      const hit = (row: T): boolean => rowValues(row).some((rv) => rv !== null && patterns.some((p) => p.test(text(rv))));
      return op === 'likeRaw' ? hit : (row) => !hit(row);
    }
  }
}

function normalize(kind: ValueKind, value: unknown, offset: number): unknown {
  if (value === undefined || value === null || value === '') return null;
  switch (kind) {
    case 'number': {
      const n = typeof value === 'number' ? value : Number(text(value).trim());
      return Number.isFinite(n) ? n : text(value);
    }
    case 'date':
      return typeof value === 'number' ? value : (parsePortalDate(value, offset) ?? text(value));
    case 'bool':
      if (value === true || value === 'Y' || value === '1' || value === 1) return 1;
      if (value === false || value === 'N' || value === '0' || value === 0) return 0;
      return text(value);
    case 'string':
    case 'multi':
      // MySQL's default collation compares text case-insensitively.
      return text(value).toLowerCase();
  }
}

function equal(a: unknown, b: unknown): boolean {
  if (a === null || b === null) return a === b;
  return a === b || text(a) === text(b);
}

function compareOp(op: '>' | '>=' | '<' | '<=', a: unknown, b: unknown): boolean {
  if (a === null || b === null || b === undefined) return false;
  const c = compareValues(a, b);
  switch (op) {
    case '>':
      return c > 0;
    case '>=':
      return c >= 0;
    case '<':
      return c < 0;
    case '<=':
      return c <= 0;
  }
}

export function compareValues(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return -1;
  if (b === null || b === undefined) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return text(a).localeCompare(text(b), 'en', { sensitivity: 'base' });
}

function likeToRegExp(pattern: string): RegExp {
  let re = '';
  for (const ch of pattern) {
    if (ch === '%') re += '.*';
    else if (ch === '_') re += '.';
    else re += ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`, 'is');
}

export interface OrderOptions {
  readonly onUnknownField: 'ignore' | ((field: string) => B24Error);
}

/** A comparator for `order: {FIELD: 'ASC'|'DESC'}`; `fallback` breaks ties (ID ASC). */
export function compileOrder<T>(
  order: Record<string, unknown> | undefined,
  resolve: FieldResolver<T>,
  options: OrderOptions,
  fallback: FieldAccessor<T>,
): (a: T, b: T) => number {
  const keys: Array<{ accessor: FieldAccessor<T>; dir: number }> = [];
  for (const [field, dirRaw] of Object.entries(order ?? {})) {
    const accessor = resolve(field);
    if (!accessor) {
      if (options.onUnknownField === 'ignore') continue;
      throw options.onUnknownField(field);
    }
    keys.push({ accessor, dir: text(dirRaw).toUpperCase() === 'DESC' ? -1 : 1 });
  }
  keys.push({ accessor: fallback, dir: 1 });
  return (a, b) => {
    for (const { accessor, dir } of keys) {
      const c = compareValues(sortable(accessor, a), sortable(accessor, b));
      if (c !== 0) return c * dir;
    }
    return 0;
  };
}

function sortable<T>(accessor: FieldAccessor<T>, row: T): unknown {
  const v = accessor.get(row);
  if (accessor.kind === 'number' && v !== null && v !== undefined && v !== '') return Number(v);
  return v;
}

/**
 * compileOrder for a list method, or undefined for the natural order (none, or
 * ID ascending), which the tables keep already: the keyset export never sorts.
 */
export function compileListOrder<T>(
  order: Record<string, unknown> | undefined,
  resolve: FieldResolver<T>,
  options: OrderOptions,
  byId: FieldAccessor<T>,
): ((a: T, b: T) => number) | undefined {
  const keys = Object.keys(order ?? {});
  if (keys.length === 0) return undefined;
  if (keys.length === 1 && keys[0]?.toLowerCase() === 'id' && text(order?.[keys[0]]).toUpperCase() === 'ASC') return undefined;
  return compileOrder(order, resolve, options, byId);
}

export const PAGE_SIZE = 50;

export interface Page<T> {
  readonly rows: T[];
  readonly total: number;
  readonly next: number | undefined;
}

/**
 * Fixed pages of 50 (reference §5): `start` is an offset; `next` is present only
 * if rows remain; `start = -1` skips counting: `total: 0` and no `next`.
 */
export function paginate<T>(rows: readonly T[], startParam: number | undefined): Page<T> {
  if (startParam === -1) return { rows: rows.slice(0, PAGE_SIZE), total: 0, next: undefined };
  const start = startParam !== undefined && Number.isFinite(startParam) && startParam > 0 ? Math.floor(startParam) : 0;
  const page = rows.slice(start, start + PAGE_SIZE);
  const next = start + PAGE_SIZE < rows.length ? start + PAGE_SIZE : undefined;
  return { rows: page, total: rows.length, next };
}

/**
 * Runs filter → order → page without sorting the whole table when the order is
 * the natural one (ID ascending) — the keyset export path must stay cheap.
 */
export function listRows<T>(
  source: Iterable<T>,
  predicate: RowPredicate<T>,
  comparator: ((a: T, b: T) => number) | undefined,
  start: number | undefined,
): Page<T> {
  if (!comparator && start === -1) {
    const rows: T[] = [];
    for (const row of source) {
      if (predicate(row)) rows.push(row);
      if (rows.length === PAGE_SIZE) break;
    }
    return { rows, total: 0, next: undefined };
  }
  const rows: T[] = [];
  for (const row of source) if (predicate(row)) rows.push(row);
  if (comparator) rows.sort(comparator);
  return paginate(rows, start);
}
