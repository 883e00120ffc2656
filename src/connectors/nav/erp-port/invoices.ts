// invoices = NAV posted sales invoices (page 132 Posted Sales Invoice, published as
// `PostedSalesInvoices`), read only: they flow NAV → Bitrix24.
//
// Side field paths:
//   No, Sell_to_Customer_No, External_Document_No — text
//   Order_No — the order it was posted from, null when posted without one
//   Posting_Date, Due_Date — YYYY-MM-DD or null
//   currency — ISO code (a blank Currency_Code is options.localCurrency)
//   amountDue — Amount_Including_VAT minus the posted credit memos applied to it
//   vatAmount — its VAT (Amount_Including_VAT − Amount) minus the credit memos' VAT
//   lines — canonical lines [item, quantity, unitPrice, discount %, vatRate, description]
//   payments — [paidAmount, remainingAmount]: remaining = the invoice's Remaining_Amount
//     (the customer ledger entry's, a FlowField on the page); paid = the amount less
//     what remains and less what credit memos took off
//   creditMemos — one line per posted credit memo applied to it: "<No> <Posting_Date>
//     <Amount_Including_VAT>", or null
//   status — Credited (credit memos cover it, or NAV cancelled it) | Paid (nothing
//     remains) | PartiallyPaid | Open
// id = No; version = Key / ETag; modifiedAt = null.
// Scans: the initial one reads every posted invoice; later ones the invoices the
// customer ledger shows new or changed since the cursor (ledger-changes.ts).
import { SyncError } from '../../../core/failure.ts';
import type { FieldValue, SideRecord } from '../../../core/record.ts';
import type { ChangeScan, EntitySide, FindResult } from '../../../engine/ports.ts';
import type { NavClient } from '../client.ts';
import { NAV_PAGES } from '../schema/index.ts';
import { canonicalLine } from './document-lines.ts';
import { linesInOrder, readDocumentsIn, type NavDoc } from './doc-page.ts';
import type { FieldPath } from './entity.ts';
import { findCandidates } from './find.ts';
import { ledgerChanges, ledgerScan } from './ledger-changes.ts';
import { loose, readIn, type NavRecord, type NavRow } from './nav-page.ts';
import type { ResolvedErpOptions } from './options.ts';
import { amountText, cents, currencyOf, postedPages, sumCents, type DocumentReadContext, type PostedPages } from './order-read.ts';

const PAGE = NAV_PAGES.postedSalesInvoice;
const TEXT_FIELDS = ['No', 'Sell_to_Customer_No', 'External_Document_No'] as const;
const PATHS = [...TEXT_FIELDS, 'Order_No', 'Posting_Date', 'Due_Date', 'currency', 'amountDue', 'vatAmount', 'lines', 'payments', 'creditMemos', 'status'] as const;

const text = (row: NavRow, field: string): string => String(row[field] ?? '');
const num = (row: NavRow, field: string): number => Number(row[field] ?? 0);

/** Whether the invoice's prices included VAT: then a line's Line Amount is its amount with VAT. */
function pricesIncludeVat(invoice: NavDoc): boolean {
  for (const line of invoice.lines) {
    const withVat = num(line, 'Amount_Including_VAT');
    const without = num(line, 'Amount');
    if (withVat !== without) return Math.abs(num(line, 'Line_Amount') - withVat) < Math.abs(num(line, 'Line_Amount') - without);
  }
  return false;
}

export function invoiceRecord(invoice: NavDoc, creditMemos: readonly NavRecord[], ctx: DocumentReadContext): SideRecord {
  const total = cents(num(invoice, 'Amount_Including_VAT'));
  const vat = cents(total - num(invoice, 'Amount'));
  const credited = sumCents(creditMemos.map((m) => num(m, 'Amount_Including_VAT')));
  const creditedVat = sumCents(creditMemos.map((m) => num(m, 'Amount_Including_VAT') - num(m, 'Amount')));
  const remaining = cents(num(invoice, 'Remaining_Amount'));
  const paid = Math.max(0, sumCents([total, -remaining, -credited]));
  const fullyCredited = Boolean(invoice['Cancelled']) || (credited > 0 && credited >= total);
  const status = fullyCredited ? 'Credited' : remaining === 0 ? 'Paid' : paid > 0 ? 'PartiallyPaid' : 'Open';
  const withVat = pricesIncludeVat(invoice);
  const memoList = [...creditMemos]
    .sort((a, b) => text(a, 'Posting_Date').localeCompare(text(b, 'Posting_Date')) || text(a, 'No').localeCompare(text(b, 'No')))
    .map((m) => `${text(m, 'No')} ${text(m, 'Posting_Date')} ${amountText(num(m, 'Amount_Including_VAT'))}`);
  const fields: Record<string, FieldValue> = {};
  for (const name of TEXT_FIELDS) fields[name] = text(invoice, name);
  const orderNo = text(invoice, 'Order_No');
  fields['Order_No'] = orderNo === '' ? null : orderNo;
  fields['Posting_Date'] = text(invoice, 'Posting_Date') || null;
  fields['Due_Date'] = text(invoice, 'Due_Date') || null;
  fields['currency'] = currencyOf(text(invoice, 'Currency_Code'), ctx.localCurrency);
  fields['amountDue'] = sumCents([total, -credited]);
  fields['vatAmount'] = sumCents([vat, -creditedVat]);
  fields['lines'] = linesInOrder(invoice)
    .filter((l) => text(l, 'Type') !== '')
    .map((l) => canonicalLine(l, withVat, ctx.vatRates, true));
  fields['payments'] = [paid, remaining];
  fields['creditMemos'] = memoList.length === 0 ? null : memoList.join('\n');
  fields['status'] = status;
  return { id: text(invoice, 'No'), version: invoice.version || null, modifiedAt: null, fields };
}

/** Records of posted invoices, with the credit memos applied to them read in one pass. */
async function invoiceRecords(posted: PostedPages, invoices: readonly NavDoc[], ctx: DocumentReadContext): Promise<SideRecord[]> {
  if (invoices.length === 0) return [];
  const nos = invoices.map((i) => text(i, 'No'));
  const memos = await readIn(posted.creditMemos, 'Applies_to_Doc_No', nos, { Applies_to_Doc_Type: { eq: 'Invoice' } });
  const byInvoice = new Map<string, NavRecord[]>();
  for (const memo of memos) {
    const list = byInvoice.get(text(memo, 'Applies_to_Doc_No')) ?? [];
    list.push(memo);
    byInvoice.set(text(memo, 'Applies_to_Doc_No'), list);
  }
  return invoices.map((invoice) => invoiceRecord(invoice, byInvoice.get(text(invoice, 'No')) ?? [], ctx));
}

function readOnly(entity: string): SyncError {
  return new SyncError('SYNC_MAPPING', `NAV ${entity} are posted documents: NAV lets nobody create or change them. Set the entity's direction to nav_to_b24.`);
}

export function createInvoicesSide(client: NavClient, options: ResolvedErpOptions): EntitySide {
  const posted = postedPages(client);
  const ctx: DocumentReadContext = { vatRates: options.vatRates, localCurrency: options.localCurrency };

  function scanChanges(cursor: string | null): ChangeScan {
    return ledgerScan(client, cursor, 'invoices', async function* (since, last) {
      if (since === null) {
        for await (const docs of posted.invoices.documents({ pageSize: options.scanPageSize })) {
          const records = await invoiceRecords(posted, docs, ctx);
          if (records.length > 0) yield records;
        }
        return;
      }
      const { invoiceNos } = await ledgerChanges(client, since, last);
      for (let i = 0; i < invoiceNos.length; i += options.scanPageSize) {
        const docs = await readDocumentsIn(posted.invoices, 'No', invoiceNos.slice(i, i + options.scanPageSize));
        const records = await invoiceRecords(posted, docs, ctx);
        if (records.length > 0) yield records;
      }
    });
  }

  return {
    side: 'nav',
    entity: 'invoices',
    fieldPaths: () =>
      Promise.resolve(
        PATHS.map((path): FieldPath => {
          const field = PAGE.fields.find((f) => f.name === path);
          return field && (field.kind === 'code' || field.kind === 'text') ? { path, writable: false, maxLength: field.length } : { path, writable: false };
        }),
      ),
    scanChanges,
    async fetch(ids) {
      const records = await invoiceRecords(posted, await readDocumentsIn(posted.invoices, 'No', ids.map((id) => id.toUpperCase())), ctx);
      return new Map(records.map((r) => [r.id, r]));
    },
    find(queries): Promise<FindResult[]> {
      const overrides: Record<string, string> = { ...(options.matchFields.invoices ?? {}) };
      for (const q of queries) for (const l of q.lookups) if (overrides[l.key] === undefined && /invoice|\bno\b/i.test(`${l.key} ${l.field}`)) overrides[l.key] = 'No';
      return findCandidates({ entity: 'invoices', page: loose(client.postedSalesInvoices), def: PAGE, base: {}, defaultRegion: options.defaultRegion, overrides }, queries);
    },
    findByExternalId: () => Promise.resolve(new Map()),
    create: (requests) => Promise.resolve(requests.map((r) => ({ ref: r.ref, ok: false as const, error: readOnly('posted sales invoices') }))),
    update: (requests) => Promise.resolve(requests.map((r) => ({ ref: r.ref, ok: false as const, error: readOnly('posted sales invoices') }))),
    async *listIds(): AsyncIterable<readonly string[]> {
      for await (const rows of loose(client.postedSalesInvoices).pages({ select: ['No'] })) yield rows.map((row) => String(row['No']));
    },
  };
}
