// Change scans on a page with Last_Date_Modified (reference §5): the field is a
// date, so "changed since the cursor" is `Last_Date_Modified >= cursor` and the
// whole last day is read again each time (the engine drops what its hashes
// already know). The next cursor is the latest date seen, but never later than
// NAV's today when the scan started: a record changed while the scan runs carries
// today's date (or, past midnight, the next day's) and is read by the next scan.
// Pages without the field are read in full every time.
import type { SideRecord } from '../../../core/record.ts';
import type { ChangeScan } from '../../../engine/ports.ts';
import type { LooseReadPage, NavRecord, RowWhere } from './nav-page.ts';

export const MODIFIED = 'Last_Date_Modified';
const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;

export interface ScanSource {
  readonly page: LooseReadPage;
  /** Conditions every record of the entity meets (Type = Person). */
  readonly base: RowWhere;
  readonly hasModifiedDate: boolean;
  /** Records of one page of NAV rows (reads what they need in bulk). */
  toRecords(rows: readonly NavRecord[]): Promise<SideRecord[]>;
}

export function changeScan(source: ScanSource, cursor: string | null, today: string, pageSize: number): ChangeScan {
  if (cursor !== null && !DAY_RE.test(cursor)) throw new Error(`a NAV change cursor is a date YYYY-MM-DD, not "${cursor}"`);
  const since = source.hasModifiedDate ? cursor : null;
  let latest: string | null = null;
  let done = false;
  async function* pages(): AsyncGenerator<readonly SideRecord[]> {
    const where: RowWhere = since === null ? source.base : { ...source.base, [MODIFIED]: { ge: since } };
    for await (const rows of source.page.pages({ where })) {
      for (const row of rows) {
        const day = row[MODIFIED];
        if (typeof day === 'string' && day !== '' && (latest === null || day > latest)) latest = day;
      }
      const records = await source.toRecords(rows);
      for (let i = 0; i < records.length; i += pageSize) yield records.slice(i, i + pageSize);
    }
    done = true;
  }
  return {
    pages: pages(),
    cursor() {
      if (!done) throw new Error('scanChanges: read the cursor after every page has been handled');
      if (!source.hasModifiedDate) return null;
      // Nothing seen: nothing changed since the cursor, which stays.
      if (latest === null) return cursor;
      return latest < today ? latest : today;
    },
  };
}
