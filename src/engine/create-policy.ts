// Which unlinked records of a side may become records on the other side. Customers,
// contacts and products: every record, as the entity's direction allows. Orders: a deal
// only once it enters one of the configured stages (issue 5); a NAV order only when
// orders from NAV are wanted and it carries no External Document No. — an order that
// names a deal is matched to it, never copied into a second deal.
import type { SideName, SideRecord } from '../core/record.ts';
import type { Config } from '../config/schema.ts';
import type { EntityKind } from './ports.ts';

export type CreatePolicy =
  /** Look for it on the other side and create it there when nothing matches. */
  | { readonly kind: 'create' }
  /** Look for it, link it when found, but never create it. */
  | { readonly kind: 'match' }
  /** Not synced while unlinked; `reason` says why (for a dry run and the logs). */
  | { readonly kind: 'skip'; readonly reason: string };

export type CreatePolicyOf = (side: SideName, record: SideRecord) => CreatePolicy;

const CREATE: CreatePolicy = { kind: 'create' };
const MATCH: CreatePolicy = { kind: 'match' };

function text(value: unknown): string {
  return typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : '';
}

export function createPolicyFor(kind: EntityKind, config: Config): CreatePolicyOf {
  if (kind !== 'orders') return () => CREATE;
  const orders = config.entities.orders;
  const stages = new Set(orders.createStages);
  return (side, record) => {
    if (side === 'b24') {
      const stage = text(record.fields['STAGE_ID']);
      return stages.has(stage) ? CREATE : { kind: 'skip', reason: `deal stage ${stage || '(none)'} is not one of entities.orders.createStages (${[...stages].join(', ')})` };
    }
    if (text(record.fields['External_Document_No']) !== '') return MATCH;
    return orders.fromNav.enabled ? CREATE : { kind: 'skip', reason: 'orders entered in NAV become deals only with entities.orders.fromNav.enabled' };
  };
}
