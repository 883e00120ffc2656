// `b24nav replay --entity E --since T`: the records of one entity kind that the
// engine touched since T — their link changed, or their history has a row since then
// — are queued again, read fresh and synced from scratch (requeue.ts). For re-driving
// work after a fix to a mapping or to the other system, without a full re-read.
// Links and history are read in pages, so a replay of 100,000 records holds one page.
import type { EntityKind } from '../engine/ports.ts';
import { listHistorySince, listLinks, type HistoryEntry, type Link } from '../store/index.ts';
import type { OpsContext } from './context.ts';
import { requeueRecords, type RecordRef } from './requeue.ts';

export interface ReplayResult {
  readonly entity: EntityKind;
  readonly since: number;
  /** Links changed since T, and history rows since T, that were looked at. */
  readonly links: number;
  readonly historyRows: number;
  /** Records queued, each once however many rows name it. */
  readonly queued: number;
}

const PAGE = 500;

function refOfLink(link: Link): RecordRef | undefined {
  if (link.b24Id !== null) return { side: 'b24', id: link.b24Id };
  if (link.navKey !== null) return { side: 'nav', id: link.navKey };
  return undefined;
}

function refOfRow(row: HistoryEntry): RecordRef | undefined {
  if (row.b24Id !== null) return { side: 'b24', id: row.b24Id };
  if (row.navKey !== null) return { side: 'nav', id: row.navKey };
  return undefined;
}

export async function replay(ctx: OpsContext, entity: EntityKind, since: number): Promise<ReplayResult> {
  let links = 0;
  let historyRows = 0;
  let queued = 0;
  // The records queued so far (a few dozen bytes each): a record named by its link and by
  // ten history rows is queued, and counted, once.
  const seen = new Set<string>();
  const fresh = (refs: Iterable<RecordRef | undefined>): RecordRef[] => {
    const out: RecordRef[] = [];
    for (const ref of refs) {
      if (!ref || seen.has(`${ref.side}:${ref.id}`)) continue;
      seen.add(`${ref.side}:${ref.id}`);
      out.push(ref);
    }
    return out;
  };
  for (let after = 0; ; ) {
    const page = await listLinks(ctx.db, entity, { updatedSince: since, afterId: after, limit: PAGE });
    if (page.length === 0) break;
    after = page.at(-1)?.id ?? after;
    links += page.length;
    queued += (await requeueRecords(ctx, entity, fresh(page.map(refOfLink)), 'replay')).queued;
  }
  for (let after = 0; ; ) {
    const page = await listHistorySince(ctx.db, { entity, since, afterId: after, limit: PAGE });
    if (page.length === 0) break;
    after = page.at(-1)?.id ?? after;
    historyRows += page.length;
    queued += (await requeueRecords(ctx, entity, fresh(page.map(refOfRow)), 'replay')).queued;
  }
  return { entity, since, links, historyRows, queued };
}
