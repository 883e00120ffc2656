// Page operations on the data, shared by SOAP and OData: find by key, list in key
// order from a bookmark with a filter, create, modify, delete, and the lines of
// a part. Version checks (Key/ETag) happen here so both protocols agree.
import type { FieldDef, NavValue, PartDef } from '../../../connectors/nav/schema/index.ts';
import type { Company } from '../data/company.ts';
import type { Row, StoredRow, Table } from '../data/table.ts';
import { navErrors } from '../errors.ts';
import type { LogicContext } from '../logic/context.ts';
import { deleteRecord, identify, insertRecord, modifyRecord, setFields, type FieldInput } from '../logic/records.ts';
import type { PageBinding } from './bindings.ts';

export interface ListQuery {
  readonly where?: ((row: Row) => boolean) | undefined;
  /** Key of the bookmark: start after it (ascending) or before it (descending). */
  readonly after?: readonly NavValue[] | undefined;
  readonly descending?: boolean;
  readonly limit: number;
}

export class PageEngine {
  readonly table: Table;
  readonly lineTable: Table | undefined;
  private readonly prefix: readonly string[];

  constructor(
    readonly binding: PageBinding,
    readonly company: Company,
  ) {
    this.table = company.table(binding.def.tableName);
    this.lineTable = binding.def.part ? company.table(binding.def.part.tableName) : undefined;
    // The page view fixes a leading part of the key (Document_Type): read that range only.
    const prefix: string[] = [];
    for (const k of this.table.def.key) {
      if (!(k in binding.fixed)) break;
      prefix.push(k);
    }
    this.prefix = prefix;
  }

  get def(): PageBinding['def'] {
    return this.binding.def;
  }

  get part(): PartDef | undefined {
    return this.binding.def.part;
  }

  /** The record with these key values (the page view fills Document_Type). */
  find(values: Row): StoredRow | undefined {
    const key = this.table.def.key.map((k) => this.binding.fixed[k] ?? values[k] ?? '');
    const stored = this.table.get(key);
    return stored && this.inView(stored.values) ? stored : undefined;
  }

  inView(values: Row): boolean {
    for (const [k, v] of Object.entries(this.binding.fixed)) if (values[k] !== v) return false;
    return true;
  }

  /** Values as the page shows them: stored fields plus FlowFields. */
  view(stored: StoredRow, ctx: LogicContext): Row {
    const flow = this.binding.flow;
    return flow ? { ...stored.values, ...flow(stored.values, ctx) } : stored.values;
  }

  list(query: ListQuery, ctx: LogicContext): StoredRow[] {
    const out: StoredRow[] = [];
    if (query.limit <= 0) return out;
    const fixedPrefix = this.prefix.map((k) => this.binding.fixed[k] as NavValue);
    const start = this.table.seek(fixedPrefix);
    const end = this.prefix.length === 0 ? this.table.size : this.rangeEnd(start, fixedPrefix);
    const where = query.where;
    const test = where ? (stored: StoredRow): boolean => where(this.view(stored, ctx)) : (): boolean => true;
    if (query.descending) {
      let i = query.after ? Math.min(end, this.table.seek(query.after)) - 1 : end - 1;
      for (; i >= start && out.length < query.limit; i--) {
        const stored = this.table.rowAt(i) as StoredRow;
        if (test(stored)) out.push(stored);
      }
    } else {
      let i = query.after ? Math.max(start, this.table.seek(query.after, true)) : start;
      for (; i < end && out.length < query.limit; i++) {
        const stored = this.table.rowAt(i) as StoredRow;
        if (test(stored)) out.push(stored);
      }
    }
    return out;
  }

  private rangeEnd(start: number, prefix: readonly NavValue[]): number {
    let i = start;
    while (i < this.table.size) {
      const values = (this.table.rowAt(i) as StoredRow).values;
      if (this.prefix.some((k, n) => values[k] !== prefix[n])) break;
      i++;
    }
    return i;
  }

  checkVersion(stored: StoredRow, version: number): void {
    if (stored.version !== version) throw navErrors.staleRecord(this.table.name);
  }

  checkLineVersion(line: StoredRow, version: number): void {
    if (line.version !== version) throw navErrors.staleRecord(this.lineTable?.name ?? '');
  }

  notFound(values: Row): Error {
    return navErrors.recordNotFound(this.table.name, identify(this.table, { ...values, ...this.binding.fixed }));
  }

  requireAccess(operation: 'insert' | 'modify' | 'delete', verb: string): void {
    if (!this.def.access[operation]) throw navErrors.notAllowed(verb, this.def.pageName);
  }

  create(input: FieldInput, ctx: LogicContext): StoredRow {
    this.requireAccess('insert', 'Create');
    return insertRecord(this.table, this.def.fields, input, ctx, { preset: { ...this.binding.fixed } });
  }

  modify(stored: StoredRow, input: FieldInput, ctx: LogicContext): StoredRow {
    this.requireAccess('modify', 'Update');
    return modifyRecord(this.table, this.def.fields, stored, input, ctx);
  }

  delete(stored: StoredRow, ctx: LogicContext): void {
    this.requireAccess('delete', 'Delete');
    deleteRecord(this.table, stored, ctx);
  }

  // ---- lines of the part -----------------------------------------------

  private lineFields(): readonly FieldDef[] {
    return this.part?.fields ?? [];
  }

  /** The values that tie a line to its header (Document_Type, Document_No). */
  linePreset(header: StoredRow): Row {
    const part = this.part as PartDef;
    const preset: Row = { [part.link.lineField]: header.values[part.link.headerField] ?? '' };
    for (const k of part.key) if (k !== part.lineNoField && k !== part.link.lineField) preset[k] = header.values[k] ?? '';
    return preset;
  }

  lines(header: StoredRow): StoredRow[] {
    const part = this.part;
    const table = this.lineTable;
    if (!part || !table) return [];
    const preset = this.linePreset(header);
    const prefixKeys = part.key.filter((k) => k !== part.lineNoField);
    const prefix = prefixKeys.map((k) => preset[k] as NavValue);
    const out: StoredRow[] = [];
    for (let i = table.seek(prefix); ; i++) {
      const line = table.rowAt(i);
      if (!line || prefixKeys.some((k, n) => line.values[k] !== prefix[n])) break;
      out.push(line);
    }
    return out;
  }

  /** The lines as the part shows them: stored fields plus what the document gives every line (its totals). */
  lineViews(header: StoredRow, ctx: LogicContext): Array<{ readonly line: StoredRow; readonly values: Row }> {
    const lines = this.lines(header);
    const flow = this.binding.lineFlow;
    if (!flow || lines.length === 0) return lines.map((line) => ({ line, values: line.values }));
    const shared = flow(header.values, lines.map((l) => l.values), ctx);
    return lines.map((line) => ({ line, values: { ...line.values, ...shared } }));
  }

  /** One line as the part shows it. */
  lineView(header: StoredRow, line: StoredRow, ctx: LogicContext): Row {
    return this.lineViews(header, ctx).find((v) => v.line === line)?.values ?? line.values;
  }

  findLine(header: StoredRow, lineNo: number): StoredRow | undefined {
    const part = this.part;
    if (!part || !this.lineTable) return undefined;
    const values = { ...this.linePreset(header), [part.lineNoField]: lineNo };
    return this.lineTable.get(this.lineTable.keyOf(values));
  }

  belongsTo(line: StoredRow, header: StoredRow): boolean {
    const preset = this.linePreset(header);
    return Object.entries(preset).every(([k, v]) => line.values[k] === v);
  }

  addLine(header: StoredRow, input: FieldInput, ctx: LogicContext): StoredRow {
    this.requireAccess('modify', 'Update');
    const part = this.part as PartDef;
    const last = this.lines(header).at(-1);
    // AutoSplitKey: a line added at the end gets the last Line No. + 10000.
    const lineNo = last ? Number(last.values[part.lineNoField]) + 10000 : 10000;
    const preset = { ...this.linePreset(header), [part.lineNoField]: lineNo };
    return insertRecord(this.lineTable as Table, this.lineFields(), input, ctx, { preset, parent: header });
  }

  modifyLine(line: StoredRow, input: FieldInput, ctx: LogicContext): StoredRow {
    this.requireAccess('modify', 'Update');
    return modifyRecord(this.lineTable as Table, this.lineFields(), line, input, ctx);
  }

  /**
   * Deleting a line modifies its document: the header gets a new Key/ETag, so a
   * caller must read the document again (F 2009-05-28, nav-web-services.md §1.6).
   */
  deleteLine(header: StoredRow, line: StoredRow, ctx: LogicContext): void {
    this.requireAccess('modify', 'Delete');
    deleteRecord(this.lineTable as Table, line, ctx);
    setFields(this.table, header, {});
  }
}
