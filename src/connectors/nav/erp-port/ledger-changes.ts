// What posting and payments changed, from the customer ledger (page 25): every
// posted invoice, payment, credit memo or refund adds an entry with the next
// Entry_No, so "changed since" is "Entry_No above the cursor". Applying a payment
// or credit memo changes the invoice's own entry without a new one for it, so the
// invoices it touched are found through Closed_by_Entry_No: an invoice closed by a
// new entry names it, and a new entry that was used up on an invoice (a partial
// payment) names that invoice's entry.
//
// A cursor is "entry:<Entry_No>" — the highest entry seen when the scan started,
// read in one call (PageClient.last). An application made later between old entries
// (a user applying an old payment to an old invoice) adds no entry: the periodic
// full scan picks it up.
import type { SideRecord } from '../../../core/record.ts';
import type { ChangeScan } from '../../../engine/ports.ts';
import type { NavClient } from '../client.ts';
import { loose, readIn, type NavRow } from './nav-page.ts';

const CURSOR_RE = /^entry:(\d+)$/;

export function parseEntryCursor(cursor: string | null, what: string): number | null {
  if (cursor === null) return null;
  const match = CURSOR_RE.exec(cursor);
  if (!match) throw new Error(`a NAV ${what} cursor is "entry:<customer ledger Entry No.>", not "${cursor}"`);
  return Number(match[1]);
}

export const entryCursor = (entryNo: number): string => `entry:${entryNo}`;

/** The highest Entry_No of the customer ledger (0 when it is empty). */
export async function lastEntryNo(client: NavClient): Promise<number> {
  const last = await client.custLedgerEntries.last();
  return last ? Number(last.Entry_No) : 0;
}

export interface LedgerChanges {
  /** Posted invoices that are new or whose open amount changed. */
  readonly invoiceNos: readonly string[];
  /** Customers with a new entry (their balance changed). */
  readonly customerNos: readonly string[];
}

const text = (row: NavRow, field: string): string => String(row[field] ?? '');

/** Invoices and customers touched by entries after `since`, up to `upTo` (both Entry_No). */
export async function ledgerChanges(client: NavClient, since: number, upTo: number): Promise<LedgerChanges> {
  if (upTo <= since) return { invoiceNos: [], customerNos: [] };
  const page = loose(client.custLedgerEntries);
  const fresh: NavRow[] = [];
  const closed: NavRow[] = [];
  await Promise.all([
    (async () => {
      for await (const rows of page.pages({ where: { Entry_No: { gt: since, le: upTo } } })) fresh.push(...rows);
    })(),
    (async () => {
      for await (const rows of page.pages({ where: { Document_Type: { eq: 'Invoice' }, Closed_by_Entry_No: { gt: since } } })) closed.push(...rows);
    })(),
  ]);
  const invoices = new Set<string>();
  const customers = new Set<string>();
  const usedUpOn: string[] = [];
  for (const entry of fresh) {
    customers.add(text(entry, 'Customer_No'));
    if (text(entry, 'Document_Type') === 'Invoice') invoices.add(text(entry, 'Document_No'));
    else if (Number(entry['Closed_by_Entry_No'] ?? 0) !== 0) usedUpOn.push(String(entry['Closed_by_Entry_No']));
  }
  for (const entry of closed) {
    invoices.add(text(entry, 'Document_No'));
    customers.add(text(entry, 'Customer_No'));
  }
  if (usedUpOn.length > 0) {
    for (const entry of await readIn(page, 'Entry_No', usedUpOn, {})) {
      if (text(entry, 'Document_Type') === 'Invoice') invoices.add(text(entry, 'Document_No'));
    }
  }
  invoices.delete('');
  customers.delete('');
  return { invoiceNos: [...invoices], customerNos: [...customers] };
}

/**
 * A scan whose cursor is the customer ledger's last entry: `body` yields the records changed
 * since `since` (null: all of them) up to `last`, read once at the start so nothing that
 * happens during the scan is skipped by the next one.
 */
export function ledgerScan(client: NavClient, cursor: string | null, what: string, body: (since: number | null, last: number) => AsyncGenerator<readonly SideRecord[]>): ChangeScan {
  const since = parseEntryCursor(cursor, what);
  let upTo: number | null = null;
  async function* pages(): AsyncGenerator<readonly SideRecord[]> {
    const last = await lastEntryNo(client);
    yield* body(since, last);
    upTo = last;
  }
  return {
    pages: pages(),
    cursor() {
      if (upTo === null) throw new Error('scanChanges: read the cursor after every page has been handled');
      return entryCursor(upTo);
    },
  };
}
