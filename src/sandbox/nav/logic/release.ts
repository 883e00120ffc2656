// Release and reopen of a sales document (codeunit 414 "Release Sales
// Document"). NAV exposes no page field for this; b24nav calls them through the
// B24NavIntegration codeunit web service the NAV admin publishes.
import type { StoredRow } from '../data/table.ts';
import { navErrors } from '../errors.ts';
import type { LogicContext } from './context.ts';
import { documentLines, headerIds } from './documents.ts';
import { setFields } from './records.ts';

export function findDocument(ctx: LogicContext, documentType: string, no: string): StoredRow {
  const header = ctx.company.get('Sales Header', documentType, no);
  if (!header) throw navErrors.recordNotFound('Sales Header', headerIds({ Document_Type: documentType, No: no }));
  return header;
}

export function releaseDocument(ctx: LogicContext, header: StoredRow): void {
  if (header.values['Status'] === 'Released') return;
  if (header.values['Sell_to_Customer_No'] === '') throw navErrors.mustHaveValue('Sell-to Customer No.', 'Sales Header', headerIds(header.values));
  const type = String(header.values['Document_Type']);
  const no = String(header.values['No']);
  const lines = documentLines(ctx.company, type, no);
  if (!lines.some((l) => l.values['Type'] !== '' && Number(l.values['Quantity']) !== 0)) throw navErrors.nothingToRelease(type, no);
  setFields(ctx.company.table('Sales Header'), header, { Status: 'Released' });
}

export function reopenDocument(ctx: LogicContext, header: StoredRow): void {
  if (header.values['Status'] === 'Open') return;
  setFields(ctx.company.table('Sales Header'), header, { Status: 'Open' });
}
