// Shared shape of catalog.* methods: camelCase typed rows under a named key
// (`result.products`, `result.stores`…), numeric error codes, filters on
// camelCase fields (reference §5, §7.6).
import { catalogFailure, catalogMissingParameter, iblockNotFound } from '../errors.ts';
import { objectParam, param, text, type Params } from '../params.ts';
import { compileFilter, compileListOrder, listRows, type FieldResolver, type ValueKind } from '../query.ts';
import { listOutput, type MethodContext, type MethodOutput } from '../registry.ts';

/** The product catalog's information block (catalog.catalog.list). */
export const CATALOG_IBLOCK_ID = 25;

export interface CatalogListSpec<T> {
  readonly key: string;
  readonly rows: Iterable<T>;
  readonly kinds: Readonly<Record<string, ValueKind>>;
  view(row: T): Record<string, unknown>;
  readonly requireFilter?: readonly string[];
  readonly requireSelect?: readonly string[];
  /** Extra filter fields that are not plain properties (e.g. `property98`). */
  readonly resolveExtra?: FieldResolver<T>;
  /** A further check of the filter (catalog.product.list: the iblock must exist). */
  readonly checkFilter?: (filter: Record<string, unknown>) => void;
}

export function catalogResolver<T>(kinds: Readonly<Record<string, ValueKind>>, extra?: FieldResolver<T>): FieldResolver<T> {
  const lower = new Map(Object.keys(kinds).map((k) => [k.toLowerCase(), k]));
  return (name) => {
    const key = lower.get(name.toLowerCase());
    if (key) return { kind: kinds[key] as ValueKind, get: (row) => (row as Record<string, unknown>)[key] };
    return extra?.(name);
  };
}

export function catalogList<T>(ctx: MethodContext, spec: CatalogListSpec<T>): MethodOutput {
  const filter = objectParam(ctx.params, 'filter') ?? {};
  const select = objectParam(ctx.params, 'select');
  const selectNames = select ? Object.values(select).map(text) : undefined;
  // The documented messages of catalog.product.list: "Required select fields: id, iblockId".
  const missingSelect = (spec.requireSelect ?? []).filter((r) => !selectNames?.some((s) => s.toLowerCase() === r.toLowerCase()));
  if (missingSelect.length > 0) throw catalogFailure(`Required select fields: ${missingSelect.join(', ')}`);
  const missingFilter = (spec.requireFilter ?? []).filter((r) => !Object.keys(filter).some((k) => k.replace(/^[=!<>@%]+/, '').toLowerCase() === r.toLowerCase()));
  if (missingFilter.length > 0) throw catalogFailure(`Required filter fields: ${missingFilter.join(', ')}`);
  spec.checkFilter?.(filter);
  const resolver = catalogResolver(spec.kinds, spec.resolveExtra);
  const unknown = (field: string) => catalogFailure(`Unknown field: ${field}`);
  const predicate = compileFilter(filter, resolver, { allowLogic: true, onUnknownField: unknown, offsetMinutes: ctx.portal.config.offsetMinutes });
  const order = objectParam(ctx.params, 'order');
  const comparator = compileListOrder(order, resolver, { onUnknownField: unknown }, { kind: 'number', get: (r) => (r as Record<string, unknown>)['id'] });
  const page = listRows(spec.rows, predicate, comparator, Number(param(ctx.params, 'start') ?? 0));
  const rows = page.rows.map((r) => project(spec.view(r), selectNames));
  return listOutput({ [spec.key]: rows }, page);
}

export function project(row: Record<string, unknown>, select: readonly string[] | undefined): Record<string, unknown> {
  if (!select || select.length === 0 || select.includes('*')) return row;
  const wanted = new Set(select.map((s) => s.toLowerCase()));
  return Object.fromEntries(Object.entries(row).filter(([k]) => wanted.has(k.toLowerCase()) || k === 'id'));
}

export function idParam(params: Params): number {
  const raw = param(params, 'id');
  if (raw === undefined || raw === null || raw === '') throw catalogMissingParameter('id');
  const id = Number(raw);
  if (!Number.isInteger(id) || id <= 0) throw catalogFailure(`Invalid value of parameter {id}: ${text(raw)}`);
  return id;
}

export function fieldsParam(params: Params): Record<string, unknown> {
  const fields = objectParam(params, 'fields');
  if (!fields || Object.keys(fields).length === 0) throw catalogMissingParameter('fields');
  return fields;
}

/** "product does not exist." — the docs' wording (catalog.product.get, catalog.price.get). */
export function notFound(entity: string): never {
  throw catalogFailure(`${entity} does not exist.`);
}

/** The catalog's one information block; another id is "Iblock Not Found" (200040300000). */
export function requireCatalogIblock(value: unknown): void {
  if (Number(value) !== CATALOG_IBLOCK_ID) throw iblockNotFound();
}

export function requireInventory(ctx: MethodContext): void {
  if (!ctx.portal.state.inventoryManagement) {
    throw catalogFailure('Warehouse accounting must be enabled to conduct the document');
  }
}

/** Picks known keys out of `fields` (unknown keys are ignored). */
export function pick(fields: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  const lower = new Map(Object.keys(fields).map((k) => [k.toLowerCase(), k]));
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    const original = lower.get(key.toLowerCase());
    if (original !== undefined) out[key] = fields[original];
  }
  return out;
}
