// One NAV company: its tables, number series and setup. All writes of a call go
// through transaction(), which rolls every change back when the call fails.
import { navErrors } from '../errors.ts';
import { nextNo, type NoSeries } from './number-series.ts';
import { Table, type Row, type StoredRow, type TableHost } from './table.ts';
import { TABLE_DEFS } from './table-defs.ts';
import { UndoLog } from './undo-log.ts';

export interface SeriesSetup {
  readonly customer: string;
  readonly item: string;
  readonly contact: string;
  readonly salesOrder: string;
  readonly salesInvoice: string;
  readonly postedInvoice: string;
  readonly postedShipment: string;
  readonly postedCreditMemo: string;
  readonly payment: string;
}

export interface CompanySetup {
  readonly name: string;
  /** The local currency; a blank Currency Code on a record means this one. */
  readonly lcyCode: string;
  /** The VAT % of a VAT Prod. Posting Group missing from `vatRates` (data files written before it existed). */
  readonly vatPercent: number;
  /**
   * VAT Posting Setup: the VAT % per VAT Prod. Posting Group. The sandbox has one
   * VAT Bus. Posting Group's worth of it: a customer's group does not change the rate.
   */
  readonly vatRates?: Readonly<Record<string, number>>;
  readonly series: SeriesSetup;
  /**
   * Marketing Setup's "Bus. Rel. Code for Customers" and the description of that
   * business relation: when set, every new customer gets a company contact linked
   * to it (codeunit 5056). Absent in data files written before it existed.
   */
  readonly customerBusinessRelation?: { readonly code: string; readonly description: string };
}

export interface CompanySnapshot {
  readonly setup: CompanySetup;
  readonly version: number;
  readonly series: readonly NoSeries[];
  readonly tables: Readonly<Record<string, ReadonlyArray<readonly [number, Row]>>>;
}

export class Company implements TableHost {
  readonly tables = new Map<string, Table>();
  readonly series = new Map<string, NoSeries>();
  undo: UndoLog | undefined;
  private version = 100_000;

  constructor(readonly setup: CompanySetup) {
    for (const def of TABLE_DEFS.values()) this.tables.set(def.name, new Table(def, this));
  }

  get name(): string {
    return this.setup.name;
  }

  nextVersion(): number {
    return ++this.version;
  }

  table(name: string): Table {
    const table = this.tables.get(name);
    if (!table) throw new Error(`no table "${name}" in company ${this.name}`);
    return table;
  }

  /** Runs `fn` as one transaction: all of it or nothing. Nested calls join the outer one. */
  transaction<T>(fn: () => T): T {
    if (this.undo) return fn();
    const undo = new UndoLog();
    this.undo = undo;
    try {
      return fn();
    } catch (error) {
      undo.rollback();
      throw error;
    } finally {
      this.undo = undefined;
    }
  }

  addSeries(series: NoSeries): void {
    this.series.set(series.code, series);
  }

  getSeries(code: string): NoSeries {
    const series = this.series.get(code);
    if (!series) throw navErrors.dialog(`The No. Series does not exist. Identification fields and values: Code='${code}'`);
    return series;
  }

  /** The next number of a series, taken inside the current transaction. */
  takeNo(code: string): string {
    const series = this.getSeries(code);
    const no = nextNo(series);
    const before = series.lastNoUsed;
    series.lastNoUsed = no;
    this.undo?.push(() => {
      series.lastNoUsed = before;
    });
    return no;
  }

  /** Entry numbers of ledger tables: one more than the last. */
  nextEntryNo(tableName: string): number {
    const table = this.table(tableName);
    const last = table.rowAt(table.size - 1);
    return last ? Number(last.values['Entry_No']) + 1 : 1;
  }

  get(tableName: string, ...key: Array<string | number>): StoredRow | undefined {
    return this.table(tableName).get(key);
  }

  snapshot(): CompanySnapshot {
    const tables: Record<string, Array<readonly [number, Row]>> = {};
    for (const [name, table] of this.tables) {
      if (table.size > 0) tables[name] = table.all().map((r) => [r.version, r.values] as const);
    }
    return { setup: this.setup, version: this.version, series: [...this.series.values()], tables };
  }

  static restore(snapshot: CompanySnapshot): Company {
    const company = new Company(snapshot.setup);
    for (const series of snapshot.series) company.addSeries({ ...series });
    for (const [name, rows] of Object.entries(snapshot.tables)) {
      const table = company.tables.get(name);
      if (!table) continue;
      for (const [version, values] of rows) {
        const stored = table.insert({ ...values });
        if (stored) stored.version = version;
      }
    }
    company.version = Math.max(company.version, snapshot.version);
    return company;
  }
}
