// Which entity kind and record a Bitrix24 event is about (reference §8.1): the
// payload carries only the ID; the worker re-reads the record. Requisite events do
// not say their company, so they ask for a scan of companies instead. Deal events
// (and a deal moved to another pipeline) are `orders` work; smart-invoice events
// (ONCRMDYNAMICITEM*) are not used: invoices flow from NAV only, and a smart invoice
// deleted in the portal is found by the deletion scan.
import type { EntityKind } from '../engine/ports.ts';

export type EventTarget =
  | { readonly kind: 'record'; readonly entity: EntityKind; readonly id: string; readonly deleted: boolean }
  | { readonly kind: 'scan'; readonly entity: EntityKind }
  | { readonly kind: 'ignore'; readonly reason: string };

const RECORD_EVENTS: ReadonlyArray<readonly [RegExp, EntityKind]> = [
  [/^ONCRMCOMPANY(ADD|UPDATE|DELETE)$/, 'customers'],
  [/^ONCRMCONTACT(ADD|UPDATE|DELETE)$/, 'contacts'],
  [/^CATALOG\.PRODUCT\.ON\.(ADD|UPDATE|DELETE)$/, 'products'],
  [/^ONCRMDEAL(ADD|UPDATE|DELETE|MOVETOCATEGORY)$/, 'orders'],
];

export function eventTarget(event: string, fields: Readonly<Record<string, unknown>>): EventTarget {
  const name = event.toUpperCase();
  if (/^ONCRMREQUISITE(ADD|UPDATE|DELETE)$/.test(name)) return { kind: 'scan', entity: 'customers' };
  for (const [pattern, entity] of RECORD_EVENTS) {
    if (!pattern.test(name)) continue;
    const id = fields['ID'];
    if (typeof id !== 'string' && typeof id !== 'number') return { kind: 'ignore', reason: `${name} without data[FIELDS][ID]` };
    const text = String(id).trim();
    if (!/^\d{1,18}$/.test(text)) return { kind: 'ignore', reason: `${name} with a malformed ID` };
    return { kind: 'record', entity, id: text, deleted: name.endsWith('DELETE') };
  }
  return { kind: 'ignore', reason: `${name} is not an event b24nav uses` };
}
