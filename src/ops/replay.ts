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
  /** Records queued (a record met twice is queued once per page it is met in; the queue keeps one job). */
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
  for (let after = 0; ; ) {
    const page = await listLinks(ctx.db, entity, { updatedSince: since, afterId: after, limit: PAGE });
    if (page.length === 0) break;
    after = page.at(-1)?.id ?? after;
    links += page.length;
    queued += (await requeueRecords(ctx, entity, page.flatMap((l) => refOfLink(l) ?? []), 'replay')).queued;
  }
  for (let after = 0; ; ) {
    const page = await listHistorySince(ctx.db, { entity, since, afterId: after, limit: PAGE });
    if (page.length === 0) break;
    after = page.at(-1)?.id ?? after;
    historyRows += page.length;
    const refs = new Map<string, RecordRef>();
    for (const row of page) {
      const ref = refOfRow(row);
      if (ref) refs.set(`${ref.side}:${ref.id}`, ref);
    }
    queued += (await requeueRecords(ctx, entity, [...refs.values()], 'replay')).queued;
  }
  return { entity, since, links, historyRows, queued };
}
