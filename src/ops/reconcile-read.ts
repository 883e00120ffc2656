// Reconcile, step 1: read every record of one side, page by page, into the scan's
// scratch rows — its canonical values (the mapped fields both sides hold), why it
// cannot be compared or is not synced by design, and its match key values. Nothing
// of a side is kept in memory beyond the page being read.
import { matchKeys } from '../core/match.ts';
import { isEmptyValue, type SideName, type SideRecord } from '../core/record.ts';
import { refPaths, refsFromB24 } from '../engine/sync/refs.ts';
import type { EntityRuntime } from '../engine/runtime.ts';
import { addScratchKeys, addScratchRecords, type Db, type JsonObject, type NewScratchRecord, type ScratchKey } from '../store/index.ts';

export interface SideRead {
  readonly records: number;
}

/** Why an unlinked record is left alone by the engine by design, or null. */
export function skippedBecause(rt: EntityRuntime, side: SideName, record: SideRecord): string | null {
  const policy = rt.createPolicy(side, record);
  if (policy.kind === 'skip') return policy.reason;
  for (const ref of rt.refs) {
    if (!ref.required || ref.whenEmpty === 'refuse') continue;
    const path = rt.fieldMap.pathOf(ref.field, side);
    if (path !== undefined && isEmptyValue(record.fields[path])) return `no ${ref.field}: ${rt.kind} without one are not synced`;
  }
  return null;
}

export async function readSide(db: Db, rt: EntityRuntime, side: SideName, scan: string, now: () => number, onPage?: (records: number) => void): Promise<SideRead> {
  const refs = side === 'b24' ? refPaths(rt) : [];
  let records = 0;
  for await (const page of rt.sides[side].scanChanges(null).pages) {
    records += page.length;
    const translated = refs.length > 0 ? await refsFromB24(db, refs, page) : undefined;
    const rows: NewScratchRecord[] = [];
    const keys: ScratchKey[] = [];
    for (const raw of page) {
      const record = translated?.get(raw.id)?.record ?? raw;
      const mapped = rt.fieldMap.fromSide(side, record);
      const skipped = skippedBecause(rt, side, raw);
      if (mapped.errors.length > 0) {
        rows.push({ recordId: raw.id, problem: mapped.errors.map((e) => e.message).join('; ').slice(0, 2000), skipped });
        continue;
      }
      const canonical: JsonObject = {};
      for (const field of rt.fieldMap.compared) canonical[field] = (mapped.canonical[field] ?? null) as JsonObject[string];
      rows.push({ recordId: raw.id, canonical, skipped });
      for (const lookup of matchKeys(rt.matchSpecs, mapped.canonical, { defaultRegion: rt.defaultRegion })) {
        for (const value of lookup.values) keys.push({ key: lookup.key, value, recordId: raw.id });
      }
    }
    await addScratchRecords(db, scan, side, rows, now());
    await addScratchKeys(db, scan, side, keys, now());
    onPage?.(page.length);
  }
  return { records };
}
