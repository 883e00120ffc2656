// Deletions no change feed shows (DESIGN §3.2; NAV has no deletion log): every id of
// one side is listed into the store's scratch rows page by page, then the links are
// read in pages and those whose record was not listed are candidates. A candidate is
// read once more (a record created or re-keyed while listing is not a deletion), and
// only one that the read confirms gone is queued, as a `deletion` job: the worker
// reads it again and the entity's onDelete decides (sync/deletion.ts). A listing that
// fails midway decides nothing.
import { randomUUID } from 'node:crypto';
import type { SideName } from '../core/record.ts';
import { addScratchRecords, dropScratch, enqueueMany, getScratchRecords, listLinks, purgeScratch, type Db, type NewJob } from '../store/index.ts';
import type { EntityRuntime } from './runtime.ts';
import { isGone } from './sync/deletion.ts';
import { idsOf } from './sync/item.ts';

export interface DeletionScanResult {
  readonly entity: string;
  readonly side: SideName;
  /** Ids the side listed. */
  readonly listed: number;
  /** Linked records the listing did not have and a read confirmed gone. */
  readonly gone: number;
  /** Jobs queued for them (fewer when a record already had an active job). */
  readonly queued: number;
}

const LINK_PAGE = 500;
/** Scratch rows older than this were left by a scan that was killed midway. */
const SCRATCH_TTL_MS = 24 * 3600_000;

export async function scanDeletions(db: Db, rt: EntityRuntime, side: SideName, now: () => number): Promise<DeletionScanResult> {
  const scan = `deletions:${rt.kind}:${side}:${randomUUID()}`;
  await purgeScratch(db, now() - SCRATCH_TTL_MS);
  try {
    let listed = 0;
    for await (const ids of rt.sides[side].listIds()) {
      listed += ids.length;
      await addScratchRecords(db, scan, side, ids.map((recordId) => ({ recordId })), now());
    }
    let gone = 0;
    let queued = 0;
    for (let after = 0; ; ) {
      const links = await listLinks(db, rt.kind, { state: 'active', afterId: after, limit: LINK_PAGE });
      if (links.length === 0) break;
      after = links.at(-1)?.id ?? after;
      const ids = links.filter((l) => !isGone(l, side)).flatMap((l) => idsOf(l, side) ?? []);
      const seen = await getScratchRecords(db, scan, side, ids);
      const unseen = ids.filter((id) => !seen.has(id));
      if (unseen.length === 0) continue;
      const present = await rt.sides[side].fetch(unseen);
      const confirmed = unseen.filter((id) => !present.has(id));
      gone += confirmed.length;
      const jobs: NewJob[] = confirmed.map((recordId) => ({ entity: rt.kind, source: side, recordId, kind: 'deletion' }));
      queued += await enqueueMany(db, jobs, now());
    }
    return { entity: rt.kind, side, listed, gone, queued };
  } finally {
    await dropScratch(db, scan);
  }
}
