// Sending records through the engine again, from scratch: the link forgets the
// hashes it compares with (so our own last write is not taken for an echo and the
// pair is decided again against its base) and any held hash (so a refused or parked
// record, or a flagged deletion, is looked at again), and a job is queued without a
// snapshot, so the worker reads the record fresh and a fix made meanwhile takes effect.
import type { SideName } from '../core/record.ts';
import { enqueueMany, getLinksByB24, getLinksByNav, updateLink, withTransaction, type Link, type LinkFields, type NewJob } from '../store/index.ts';
import type { OpsContext } from './context.ts';
import { flowsFrom } from './context.ts';

export interface RecordRef {
  readonly side: SideName;
  readonly id: string;
}

/** A link patch that makes the next pass decide the pair from scratch. */
export const FORGET_HASHES: LinkFields = { b24Hash: null, navHash: null, heldB24Hash: null, heldNavHash: null };

export interface RequeueResult {
  /** Records queued (a record that already had an active job counts once, its job now reads fresh). */
  readonly queued: number;
  /** Links whose hashes were forgotten. */
  readonly links: number;
}

/**
 * Queues records to be read fresh and synced from scratch. A linked record is queued
 * from a side its entity flows from (the worker reads the other side itself); links
 * that were dropped on purpose (unlinked, deleted) are left alone.
 */
export async function requeueRecords(ctx: OpsContext, entity: string, records: readonly RecordRef[], kind: string): Promise<RequeueResult> {
  if (records.length === 0) return { queued: 0, links: 0 };
  const config = ctx.config.entities[entity as keyof OpsContext['config']['entities']];
  const now = ctx.clock.now();
  const bySide = { b24: records.filter((r) => r.side === 'b24').map((r) => r.id), nav: records.filter((r) => r.side === 'nav').map((r) => r.id) };
  const [b24Links, navLinks] = await Promise.all([getLinksByB24(ctx.db, entity, bySide.b24), getLinksByNav(ctx.db, entity, bySide.nav)]);
  const jobs = new Map<string, NewJob>();
  const forget = new Map<number, Link>();
  for (const record of records) {
    const link = (record.side === 'b24' ? b24Links : navLinks).get(record.id);
    if (link?.state === 'unlinked' || link?.state === 'deleted') continue;
    let source: RecordRef = record;
    if (link?.state === 'active' && link.b24Id !== null && link.navKey !== null && config && 'direction' in config && !flowsFrom(config, record.side)) {
      source = record.side === 'b24' ? { side: 'nav', id: link.navKey } : { side: 'b24', id: link.b24Id };
    }
    if (link) forget.set(link.id, link);
    jobs.set(`${source.side}:${source.id}`, { entity, source: source.side, recordId: source.id, kind, payload: null });
  }
  await withTransaction(ctx.db, async (trx) => {
    for (const link of forget.values()) await updateLink(trx, link.id, FORGET_HASHES, { now });
    await enqueueMany(trx, [...jobs.values()], now);
  });
  return { queued: jobs.size, links: forget.size };
}
