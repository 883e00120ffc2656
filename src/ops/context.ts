// What operator actions need: the store, the config (entity directions, policies),
// the clock, and the redactor for anything that leaves b24nav.
import type { Clock } from '../core/clock.ts';
import type { Redactor } from '../core/redact.ts';
import type { SideName } from '../core/record.ts';
import type { Config } from '../config/schema.ts';
import { ENTITY_KINDS, type EntityKind } from '../engine/ports.ts';
import type { Db } from '../store/index.ts';
import { OpsError } from './errors.ts';

export interface OpsContext {
  readonly db: Db;
  readonly config: Config;
  readonly clock: Clock;
  readonly redactor: Redactor;
}

export type EntityConfigOf = Config['entities'][EntityKind];

/** The entity kind named by an operator, checked against the kinds b24nav knows. */
export function entityKind(value: string): EntityKind {
  if ((ENTITY_KINDS as readonly string[]).includes(value)) return value as EntityKind;
  throw new OpsError('BAD_INPUT', `unknown entity "${value}": expected one of ${ENTITY_KINDS.join(', ')}`);
}

/**
 * An entity kind to filter by or look up the history of: a synced kind, or `stock`
 * (the dashboard lists it among the kinds; it has no dead letters or conflicts of its own).
 */
export function entityFilter(value: string): string {
  if (value === 'stock') return value;
  try {
    return entityKind(value);
  } catch {
    throw new OpsError('BAD_INPUT', `unknown entity "${value}": expected one of ${[...ENTITY_KINDS, 'stock'].join(', ')}`);
  }
}

export function sideName(value: string, what = 'side'): SideName {
  if (value === 'b24' || value === 'nav') return value;
  throw new OpsError('BAD_INPUT', `${what} must be b24 or nav, got "${value}"`);
}

/** Whether changes of `entity` flow from `side` (its direction). */
export function flowsFrom(entity: EntityConfigOf, side: SideName): boolean {
  return entity.direction === 'both' || entity.direction === `${side}_to_${side === 'b24' ? 'nav' : 'b24'}`;
}
