// Change detection (DESIGN §3.2): a scan of one side of one entity kind since its
// cursor. Records whose mapped fields hash like the link's (our own writes, or edits
// to unmapped fields) are dropped here; the rest go to the durable queue with their
// snapshot, coalesced per record. The cursor moves compare-and-set only after every
// page is queued, so a crash mid-scan re-reads instead of losing changes.
import type { SideName, SideRecord } from '../core/record.ts';
import { enqueueMany, getCursor, getLinksByB24, getLinksByNav, setCursor, type Db, type JsonObject, type NewJob } from '../store/index.ts';
import type { EntityRuntime } from './runtime.ts';
import { sourceHash, unchangedForScan } from './sync/held.ts';
import { refPaths, refsFromB24 } from './sync/refs.ts';

export interface ScanResult {
  readonly entity: string;
  readonly side: SideName;
  readonly records: number;
  readonly queued: number;
  readonly cursorMoved: boolean;
}

export function cursorName(rt: EntityRuntime, side: SideName): string {
  return `${rt.kind}:${side}`;
}

/** Whether changes on `side` can flow anywhere for this entity kind. */
export function isSource(rt: EntityRuntime, side: SideName): boolean {
  return rt.config.direction === 'both' || rt.config.direction === `${side}_to_${side === 'b24' ? 'nav' : 'b24'}`;
}

export async function scanSide(db: Db, rt: EntityRuntime, side: SideName, now: () => number, options: { full?: boolean; onPage?: (n: number) => void } = {}): Promise<ScanResult> {
  const name = cursorName(rt, side);
  const cursor = await getCursor(db, name);
  const scan = rt.sides[side].scanChanges(options.full ? null : (cursor?.value ?? null));
  const refs = side === 'b24' ? refPaths(rt) : [];
  let records = 0;
  let queued = 0;
  for await (const page of scan.pages) {
    records += page.length;
    const links = side === 'b24' ? await getLinksByB24(db, rt.kind, page.map((r) => r.id)) : await getLinksByNav(db, rt.kind, page.map((r) => r.id));
    const translated = refs.length > 0 ? await refsFromB24(db, refs, page) : undefined;
    const jobs: NewJob[] = [];
    for (const record of page) {
      const link = links.get(record.id);
      if (link && unchangedForScan(link, side, sourceHash(rt, side, translated?.get(record.id)?.record ?? record))) continue;
      jobs.push({ entity: rt.kind, source: side, recordId: record.id, kind: 'upsert', payload: snapshot(record, now()) });
    }
    queued += await enqueueMany(db, jobs, now());
    options.onPage?.(page.length);
  }
  const next = scan.cursor();
  const moved = next !== null && next !== cursor?.value ? await setCursor(db, name, cursor?.version ?? 0, next, now()) : false;
  return { entity: rt.kind, side, records, queued, cursorMoved: moved };
}

/** The record as scanned, and when: a worker uses it only if the link has not changed since. */
export function snapshot(record: SideRecord, at: number): JsonObject {
  return { at, record: { id: record.id, version: record.version, modifiedAt: record.modifiedAt, fields: record.fields as JsonObject } };
}
