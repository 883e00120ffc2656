// Writing seed rows straight into tables (seed data is consistent by
// construction, so it skips the page triggers a caller goes through).
import type { NavValue } from '../../../connectors/nav/schema/index.ts';
import type { Company } from '../data/company.ts';
import type { StoredRow } from '../data/table.ts';
import { newRow } from '../logic/records.ts';

export function put(company: Company, tableName: string, values: Readonly<Record<string, NavValue>>): StoredRow {
  const table = company.table(tableName);
  const stored = table.insert(newRow(table, { ...values }));
  if (!stored) throw new Error(`seed: duplicate ${tableName} ${JSON.stringify(table.keyOf(values))}`);
  return stored;
}

/** Rows of a code table from [code, description] pairs. */
export function putCodes(company: Company, tableName: string, rows: ReadonlyArray<readonly [string, string]>, descriptionField = 'Description'): void {
  for (const [code, description] of rows) put(company, tableName, { Code: code, [descriptionField]: description });
}

export function addDays(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
