// An in-memory table: rows kept sorted by primary key (NAV reads pages in key
// order, §1.5) with a hash index, so a key lookup is O(1) and a page of a
// ReadMultiple or an OData collection is a binary search plus a short scan.
import type { NavValue } from '../../../connectors/nav/schema/index.ts';
import type { TableDef } from './table-defs.ts';
import type { UndoLog } from './undo-log.ts';

export type Row = Record<string, NavValue>;

export interface StoredRow {
  values: Row;
  /** Row version (SQL timestamp): changes on every modification; Key and ETag carry it. */
  version: number;
}

/** A row as the table holds it: its key, kept for binary search (key fields only change by rename). */
interface Placed extends StoredRow {
  key?: readonly NavValue[];
}

export interface TableHost {
  nextVersion(): number;
  readonly undo: UndoLog | undefined;
}

type Compare = (a: NavValue, b: NavValue) => number;

export class Table {
  private rows: StoredRow[] = [];
  private readonly index = new Map<string, StoredRow>();
  private readonly compareKey: (a: readonly NavValue[], b: readonly NavValue[]) => number;
  /** Bumped on every change, so derived sums (FlowFields) know when to recompute. */
  changeCount = 0;

  constructor(
    readonly def: TableDef,
    private readonly host: TableHost,
  ) {
    const comparers: Compare[] = def.key.map((name) => {
      const field = def.fieldMap.get(name);
      if (field?.kind === 'integer') return (a, b) => Number(a) - Number(b);
      if (field?.kind === 'option') {
        const options: readonly string[] = field.options;
        return (a, b) => options.indexOf(String(a)) - options.indexOf(String(b));
      }
      return (a, b) => (a < b ? -1 : a > b ? 1 : 0);
    });
    this.compareKey = (a, b) => {
      for (let i = 0; i < comparers.length; i++) {
        const c = (comparers[i] as Compare)(a[i] as NavValue, b[i] as NavValue);
        if (c !== 0) return c;
      }
      return 0;
    };
  }

  get name(): string {
    return this.def.name;
  }

  get size(): number {
    return this.rows.length;
  }

  keyOf(values: Row): NavValue[] {
    return this.def.key.map((k) => values[k] ?? '');
  }

  get(key: readonly NavValue[]): StoredRow | undefined {
    return this.index.get(keyString(key));
  }

  rowAt(position: number): StoredRow | undefined {
    return this.rows[position];
  }

  /** Position of the first row whose key is >= `key` (or > with `after`). */
  seek(key: readonly NavValue[], after = false): number {
    let lo = 0;
    let hi = this.rows.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const row = this.rows[mid] as Placed;
      const c = this.compareKey((row.key ??= this.keyOf(row.values)), key);
      if (c < 0 || (after && c === 0)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Inserts a new row; returns undefined when the key exists (the caller raises NAV's duplicate error). */
  insert(values: Row): StoredRow | undefined {
    const key = this.keyOf(values);
    const k = keyString(key);
    if (this.index.has(k)) return undefined;
    const stored: StoredRow = { values, version: this.host.nextVersion() };
    this.place(stored, key, k);
    this.host.undo?.push(() => this.unplace(stored));
    return stored;
  }

  /** Call before changing `stored.values` in place: snapshots the row once per transaction. */
  beginEdit(stored: StoredRow): void {
    const undo = this.host.undo;
    if (undo?.markOnce(stored)) {
      const before = { ...stored.values };
      const version = stored.version;
      undo.push(() => {
        stored.values = before;
        stored.version = version;
        this.changeCount++;
      });
    }
  }

  /** Call after changing a row: a new version, as SQL Server's timestamp column does. */
  endEdit(stored: StoredRow): void {
    stored.version = this.host.nextVersion();
    this.changeCount++;
  }

  /** Moves a row to a new primary key (NAV RENAME): a new stored row; undefined when the key is taken. */
  rename(stored: StoredRow, newValues: Row): StoredRow | undefined {
    const newKey = this.keyOf(newValues);
    const k = keyString(newKey);
    if (this.index.has(k)) return undefined;
    this.delete(stored);
    const moved: StoredRow = { values: newValues, version: stored.version };
    this.place(moved, newKey, k);
    this.host.undo?.push(() => this.unplace(moved));
    this.endEdit(moved);
    return moved;
  }

  delete(stored: StoredRow): void {
    this.unplace(stored);
    this.host.undo?.push(() => this.place(stored, this.keyOf(stored.values), keyString(this.keyOf(stored.values))));
  }

  *scan(from = 0): Generator<StoredRow> {
    for (let i = from; i < this.rows.length; i++) yield this.rows[i] as StoredRow;
  }

  all(): readonly StoredRow[] {
    return this.rows;
  }

  clear(): void {
    this.rows = [];
    this.index.clear();
    this.changeCount++;
  }

  private place(stored: StoredRow, key: readonly NavValue[], k: string): void {
    (stored as Placed).key = key;
    const at = this.seek(key);
    if (at === this.rows.length) this.rows.push(stored);
    else this.rows.splice(at, 0, stored);
    this.index.set(k, stored);
    this.changeCount++;
  }

  private unplace(stored: StoredRow): void {
    const key = (stored as Placed).key ?? this.keyOf(stored.values);
    const at = this.seek(key);
    if (this.rows[at] === stored) this.rows.splice(at, 1);
    this.index.delete(keyString(key));
    this.changeCount++;
  }
}

export function keyString(key: readonly NavValue[]): string {
  return key.length === 1 ? String(key[0]) : key.map(String).join('\u0000');
}
