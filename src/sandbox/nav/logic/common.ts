// Small pieces of base-app code that several tables share.
import type { NavValue } from '../../../connectors/nav/schema/index.ts';
import type { Row } from '../data/table.ts';
import { navErrors } from '../errors.ts';
import type { LogicContext } from './context.ts';

/** NoSeriesManagement.TestManual: a typed number needs a series with Manual Nos. */
export function testManual(ctx: LogicContext, seriesCode: string): void {
  if (!ctx.company.getSeries(seriesCode).manualNos) throw navErrors.manualNos(seriesCode);
}

/** OnInsert of a numbered record: the next number of its series when none was typed. */
export function numberOnInsert(row: Row, ctx: LogicContext, seriesCode: string): void {
  if (row['No'] === '') row['No'] = ctx.company.takeNo(seriesCode);
}

/** SetLastModifiedDateTime (N18 table 18/27, §5): Last Date Modified on insert, modify and rename. */
export function stampModified(row: Row, ctx: LogicContext): void {
  row['Last_Date_Modified'] = ctx.today;
}

/** "Search Name" follows "Name" while it still mirrors it (table 18/27 OnValidate of Name/Description). */
export function followSearchName(row: Row, searchField: string, source: NavValue, previous: NavValue, length: number): void {
  const current = String(row[searchField] ?? '');
  if (current === '' || current === String(previous).toUpperCase().slice(0, length)) {
    row[searchField] = String(source).toUpperCase().slice(0, length);
  }
}

/** Points every reference to a renamed record at its new key (NAV's rename cascade). */
export function cascadeRename(ctx: LogicContext, refs: ReadonlyArray<readonly [table: string, field: string]>, from: NavValue, to: NavValue): void {
  for (const [tableName, field] of refs) {
    const table = ctx.company.table(tableName);
    for (const stored of [...table.all()]) {
      if (stored.values[field] !== from) continue;
      if (table.def.key.includes(field)) {
        table.rename(stored, { ...stored.values, [field]: to });
      } else {
        table.beginEdit(stored);
        stored.values = { ...stored.values, [field]: to };
        table.endEdit(stored);
      }
    }
  }
}

/** MoveEntries: records with ledger entries in an open fiscal year cannot be deleted. */
export function refuseDeleteWithEntries(ctx: LogicContext, tableName: string, field: string, what: string, no: NavValue): void {
  if (ctx.company.table(tableName).all().some((r) => r.values[field] === no)) {
    throw navErrors.dialog(`You cannot delete ${what} ${String(no)} because it has ledger entries in a fiscal year that has not been closed yet.`);
  }
}
