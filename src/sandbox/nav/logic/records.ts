// Inserting, modifying and deleting a record through a page, field by field in
// page order as NAV validates them (UpdateMultiple "attempts to update one field
// at a time", nav-web-services.md §1.4). Only the fields present in the input
// are touched (§1.8: absent = unchanged, empty = cleared); read-only fields are
// ignored. Each function runs inside the caller's transaction.
import { blankValue, type FieldDef, type NavValue } from '../../../connectors/nav/schema/index.ts';
import type { Row, StoredRow, Table } from '../data/table.ts';
import { navErrors, type Identification } from '../errors.ts';
import { coerceValue } from './coerce.ts';
import type { LogicContext } from './context.ts';
import { triggersOf } from './registry.ts';
import { checkRelation } from './relations.ts';

export type FieldInput = ReadonlyMap<string, NavValue>;

const templates = new WeakMap<object, Row>();

/**
 * A blank record. Rows are copied from one template per table: objects built by
 * adding forty keys one by one fall into V8's slow dictionary mode, which made
 * copying a page of rows twenty times slower.
 */
export function newRow(table: Table, preset: Row = {}): Row {
  let template = templates.get(table.def);
  if (!template) templates.set(table.def, (template = Object.fromEntries(table.def.fields.map((f) => [f.name, blankValue(f)]))));
  return Object.assign({ ...template }, preset);
}

export function identify(table: Table, values: Row): Identification {
  return table.def.key.map((k) => [table.def.fieldMap.get(k)?.navName ?? k, values[k] ?? ''] as const);
}

/** Assigns and validates the input fields in page order; returns whether anything changed. */
export function applyFields(table: Table, fields: readonly FieldDef[], row: Row, input: FieldInput, ctx: LogicContext, isNew: boolean): boolean {
  const triggers = triggersOf(table.name);
  let changed = false;
  for (const field of fields) {
    if (field.readOnly || !input.has(field.name)) continue;
    const value = coerceValue(field, input.get(field.name) as NavValue);
    const previous = row[field.name] ?? blankValue(field);
    if (value === previous) continue;
    triggers.beforeValidate?.(field, row, ctx, isNew);
    row[field.name] = value;
    checkRelation(table.name, field, row, ctx);
    triggers.validate?.(field, row, previous, ctx, isNew);
    changed = true;
  }
  return changed;
}

export interface InsertOptions {
  /** Values the page fixes (Document_Type from the page view, the link to the header). */
  readonly preset?: Row;
  readonly parent?: StoredRow;
}

export function insertRecord(table: Table, fields: readonly FieldDef[], input: FieldInput, ctx: LogicContext, options: InsertOptions = {}): StoredRow {
  const triggers = triggersOf(table.name);
  const row = newRow(table, options.preset);
  triggers.init?.(row, ctx, options.parent);
  applyFields(table, fields, row, input, ctx, true);
  triggers.insert?.(row, ctx);
  const stored = table.insert(row);
  if (!stored) throw navErrors.duplicate(table.name, identify(table, row));
  return stored;
}

/** Applies the input; stores a new version only when a value really changed. Returns the (possibly renamed) row. */
export function modifyRecord(table: Table, fields: readonly FieldDef[], stored: StoredRow, input: FieldInput, ctx: LogicContext): StoredRow {
  const triggers = triggersOf(table.name);
  const old = stored.values;
  const next: Row = { ...old };
  if (!applyFields(table, fields, next, input, ctx, false)) return stored;
  triggers.modify?.(next, old, ctx);
  const renamed = table.def.key.some((k) => next[k] !== old[k]);
  if (renamed) {
    triggers.rename?.(next, old, ctx);
    const moved = table.rename(stored, next);
    if (!moved) throw navErrors.duplicate(table.name, identify(table, next));
    return moved;
  }
  table.beginEdit(stored);
  stored.values = next;
  table.endEdit(stored);
  return stored;
}

export function deleteRecord(table: Table, stored: StoredRow, ctx: LogicContext): void {
  triggersOf(table.name).delete?.(stored, ctx);
  table.delete(stored);
}

/** Changes fields of a stored row from code (not from a caller): no validation, a new version. */
export function setFields(table: Table, stored: StoredRow, values: Row): void {
  table.beginEdit(stored);
  stored.values = { ...stored.values, ...values };
  table.endEdit(stored);
}
