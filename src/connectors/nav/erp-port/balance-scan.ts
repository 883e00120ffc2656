// Customers whose balance moved: posting an invoice, a payment or a credit memo
// changes Balance_LCY and Balance_Due_LCY (FlowFields over the customer ledger) but
// not the customer record, so Last_Date_Modified does not show it. The customers
// scan therefore also reads the customers of the ledger entries added since its
// cursor (ledger-changes.ts), so balances and overdue amounts reach Bitrix24.
//
// The cursor is "<date>;entry:<Entry_No>": the Last_Date_Modified cursor of the
// plain scan and the highest ledger entry when the scan started. A cursor of a date
// alone (from before this) scans by date and starts the ledger part from now.
// A balance that falls due without any new entry (an invoice passing its due date)
// shows in the next periodic full scan.
import type { SideRecord } from '../../../core/record.ts';
import type { ChangeScan, EntitySide } from '../../../engine/ports.ts';
import type { NavClient } from '../client.ts';
import { lastEntryNo, ledgerChanges, parseEntryCursor } from './ledger-changes.ts';

function split(cursor: string | null): { day: string | null; entry: number | null } {
  if (cursor === null) return { day: null, entry: null };
  const at = cursor.indexOf(';');
  if (at < 0) return { day: cursor, entry: null };
  const day = cursor.slice(0, at);
  return { day: day === '' ? null : day, entry: parseEntryCursor(cursor.slice(at + 1), 'customers') };
}

export function withBalanceChanges(side: EntitySide, client: NavClient, pageSize: number): EntitySide {
  return {
    ...side,
    scanChanges(cursor: string | null): ChangeScan {
      const { day, entry } = split(cursor);
      const inner = side.scanChanges(day);
      let upTo: number | null = null;
      async function* pages(): AsyncGenerator<readonly SideRecord[]> {
        // Read first: an entry posted while the scan runs is read again next time.
        const last = await lastEntryNo(client);
        const seen = new Set<string>();
        for await (const page of inner.pages) {
          for (const record of page) seen.add(record.id);
          yield page;
        }
        if (entry !== null) {
          const moved = (await ledgerChanges(client, entry, last)).customerNos.filter((no) => !seen.has(no));
          for (let i = 0; i < moved.length; i += pageSize) {
            const records = [...(await side.fetch(moved.slice(i, i + pageSize))).values()];
            if (records.length > 0) yield records;
          }
        }
        upTo = last;
      }
      return {
        pages: pages(),
        cursor() {
          const date = inner.cursor();
          if (upTo === null) throw new Error('scanChanges: read the cursor after every page has been handled');
          return `${date ?? ''};entry:${upTo}`;
        },
      };
    },
  };
}
