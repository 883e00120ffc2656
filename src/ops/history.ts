// A record's history as an operator asks for it: by entity kind, side and id. The
// record's link (when there is one) adds the other side's id and the link id, so the
// rows written before the pair was linked — or about the other record — show too.
import type { SideName } from '../core/record.ts';
import { getLinksByB24, getLinksByNav, listHistory, type Direction, type FieldChanges, type StoredError } from '../store/index.ts';
import type { OpsContext } from './context.ts';

export interface HistoryRow {
  readonly id: number;
  /** ISO 8601. */
  readonly at: string;
  readonly action: string;
  readonly b24Id: string | null;
  readonly navKey: string | null;
  readonly direction: Direction | null;
  readonly policy: string | null;
  readonly fields: FieldChanges | null;
  readonly message: string | null;
  readonly runId: number | null;
  readonly error: StoredError | null;
}

export interface RecordHistory {
  readonly entity: string;
  readonly side: SideName;
  readonly id: string;
  /** The record's link, when it has one. */
  readonly link: { readonly id: number; readonly state: string; readonly b24Id: string | null; readonly navKey: string | null } | null;
  /** Newest first. */
  readonly entries: HistoryRow[];
}

export async function recordHistory(ctx: OpsContext, entity: string, side: SideName, id: string, limit: number): Promise<RecordHistory> {
  const links = side === 'b24' ? await getLinksByB24(ctx.db, entity, [id]) : await getLinksByNav(ctx.db, entity, [id]);
  const link = links.get(id);
  const rows = await listHistory(ctx.db, {
    entity,
    b24Id: side === 'b24' ? id : (link?.b24Id ?? undefined),
    navKey: side === 'nav' ? id : (link?.navKey ?? undefined),
    linkId: link?.id,
    limit,
  });
  const entries = rows.map(
    (r): HistoryRow => ({
      id: r.id,
      at: new Date(r.at).toISOString(),
      action: r.action,
      b24Id: r.b24Id,
      navKey: r.navKey,
      direction: r.direction,
      policy: r.policy,
      fields: r.fields,
      message: r.message,
      runId: r.runId,
      error: r.error,
    }),
  );
  return {
    entity,
    side,
    id,
    link: link ? { id: link.id, state: link.state, b24Id: link.b24Id, navKey: link.navKey } : null,
    entries: ctx.redactor.value(entries),
  };
}
