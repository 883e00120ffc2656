// Stages of deal pipelines and of the smart-invoice pipeline, and the maps from
// what NAV says of a document (its status) to a stage. Stage ids differ from portal to
// portal (C1:NEW, DT31_2:P), so they come from config and are checked against
// crm.status.list (DEAL_STAGE, DEAL_STAGE_<category>, SMART_INVOICE_STAGE_<category>,
// reference §7.1, §7.7) when first used; the lists are read once and cached.
import { SyncError } from '../../../core/failure.ts';
import type { B24Client } from '../client.ts';
import type { Category, Status } from '../types.ts';
import { Lazy } from './dictionaries.ts';

export const ORDER_STATUSES = ['Open', 'Released', 'PartiallyShipped', 'Shipped', 'PartiallyInvoiced', 'Invoiced', 'Paid'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];
export const INVOICE_STATUSES = ['Open', 'PartiallyPaid', 'Paid', 'Credited'] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];

/** status → stage id; statuses left out move nothing. */
export type StatusMap = Readonly<Partial<Record<string, string>>>;

export interface Stage {
  readonly id: string;
  readonly sort: number;
  /** S = success (WON, paid), F = failure, null = in progress. */
  readonly semantics: 'S' | 'F' | null;
}

export function dealStageEntity(categoryId: string): string {
  return categoryId === '0' ? 'DEAL_STAGE' : `DEAL_STAGE_${categoryId}`;
}

export function invoiceStageEntity(categoryId: string): string {
  return `SMART_INVOICE_STAGE_${categoryId}`;
}

/** The stage lists of the portal, by status entity id, each read once. */
export class StageBook {
  private readonly lists = new Map<string, Lazy<Stage[]>>();
  private readonly invoiceCategory: Lazy<string>;

  constructor(private readonly client: B24Client) {
    this.invoiceCategory = new Lazy(async () => {
      const { categories } = await client.call<{ categories: Category[] }>('crm.category.list', { entityTypeId: 31 });
      const found = categories.find((c) => c.isDefault === 'Y') ?? categories[0];
      if (!found) throw new SyncError('B24_VALIDATION', 'invoices: the portal has no smart-invoice pipeline (crm.category.list entityTypeId 31 is empty)');
      return String(found.id);
    });
  }

  stages(entityId: string): Promise<Stage[]> {
    let list = this.lists.get(entityId);
    if (!list) {
      list = new Lazy(async () => {
        const rows = await this.client.call<Status[]>('crm.status.list', { filter: { ENTITY_ID: entityId }, order: { SORT: 'ASC' } });
        return rows
          .map((s) => ({ id: s.STATUS_ID, sort: Number(s.SORT), semantics: s.SEMANTICS === 'S' || s.SEMANTICS === 'F' ? s.SEMANTICS : null }))
          .sort((a, b) => a.sort - b.sort);
      });
      this.lists.set(entityId, list);
    }
    return list.get();
  }

  /** The smart-invoice pipeline new invoices go to: the configured one, else the portal's default. */
  defaultInvoiceCategory(): Promise<string> {
    return this.invoiceCategory.get();
  }
}

/** The latest status (in `order`) whose stage `stageId` is, or null when the map does not name it. */
export function statusOfStage(map: StatusMap, order: readonly string[], stageId: string | null): string | null {
  if (stageId === null) return null;
  let found: string | null = null;
  for (const status of order) if (map[status] === stageId) found = status;
  return found;
}

export interface StageMove {
  /** The stage to write, or undefined when the stage stays. */
  readonly to: string | undefined;
}

/**
 * Where a status moves a document: nowhere for an unmapped status; with `forward`, only
 * to a stage sorted after the current one (a lost or already won deal stays).
 * A mapped stage the pipeline lacks is a config error, named with `configPath`.
 */
export function moveFor(stages: readonly Stage[], map: StatusMap, status: string, current: string | null, mode: 'forward' | 'any', configPath: string, pipeline: string): StageMove | SyncError {
  const target = map[status];
  if (target === undefined) return { to: undefined };
  const stage = stages.find((s) => s.id === target);
  if (!stage) {
    return new SyncError('B24_UNKNOWN_STAGE', `${configPath}.${status} is "${target}", which is not a stage of ${pipeline} (its stages: ${stages.map((s) => s.id).join(', ') || 'none'})`);
  }
  if (current === target) return { to: undefined };
  const now = stages.find((s) => s.id === current);
  if (mode === 'forward' && now && stage.sort <= now.sort) return { to: undefined };
  return { to: target };
}

/** A stage named by config (fromNav.stage) checked against its pipeline. */
export function checkStage(stages: readonly Stage[], stageId: string, configPath: string, pipeline: string): SyncError | undefined {
  if (stages.some((s) => s.id === stageId)) return undefined;
  return new SyncError('B24_UNKNOWN_STAGE', `${configPath} is "${stageId}", which is not a stage of ${pipeline} (its stages: ${stages.map((s) => s.id).join(', ') || 'none'})`);
}

/**
 * Invoice statuses → stages when config names none: by the stages' own semantics, so no
 * portal-specific id is needed: Open → the first stage, Paid → the first success stage,
 * Credited → the first failure stage; PartiallyPaid stays where it is.
 */
export function invoiceStagesBySemantics(stages: readonly Stage[]): StatusMap {
  const first = stages.find((s) => s.semantics === null) ?? stages[0];
  const success = stages.find((s) => s.semantics === 'S');
  const failure = stages.find((s) => s.semantics === 'F');
  return {
    ...(first ? { Open: first.id } : {}),
    ...(success ? { Paid: success.id } : {}),
    ...(failure ? { Credited: failure.id } : {}),
  };
}
