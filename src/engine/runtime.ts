// An entity kind ready to sync: its config, the compiled field map (defaults
// merged with the config's entries), match keys, both sides and its references to
// other entity kinds.
import { compileFieldMap, type FieldMap } from '../core/field-map.ts';
import type { FieldMapEntry } from '../core/field-map-config.ts';
import { matchKeySpec, type MatchKeySpec } from '../core/match.ts';
import type { CountryCode } from '../core/phone.ts';
import type { SideName } from '../core/record.ts';
import type { ValueMap } from '../core/transforms.ts';
import { ConfigError } from '../config/load.ts';
import type { Config, EntityConfig } from '../config/schema.ts';
import { DEFAULT_FIELDS, DEFAULT_VALUE_MAPS } from '../config/defaults.ts';
import { createPolicyFor, type CreatePolicyOf } from './create-policy.ts';
import { ENTITY_KINDS, type EntityKind, type EntitySide, type SidePort } from './ports.ts';

/**
 * A canonical field whose values are records of another entity kind. Its canonical
 * value is that record's NAV key; on the B24 side the engine translates B24 ids to
 * NAV keys (and back) through the other kind's links.
 */
export interface RefField {
  readonly field: string;
  readonly entity: EntityKind;
  /** A record without the reference is not synced (contacts of no company). */
  readonly required: boolean;
  /** For a list of lists (document lines): the position of the reference in each item. */
  readonly element?: number;
  /** A referenced record that is not linked yet: wait for it (default), or read the reference as empty. */
  readonly unlinked?: 'wait' | 'empty';
  /** A required reference that is empty: the record is not synced (`skip`, default) or refused with a reason (`refuse`). */
  readonly whenEmpty?: 'skip' | 'refuse';
}

const REFS: Readonly<Record<EntityKind, readonly RefField[]>> = {
  customers: [],
  contacts: [{ field: 'company', entity: 'customers', required: true }],
  products: [],
  // An order waits for its customer and items (DESIGN §3.7): never an order line without a linked item.
  orders: [
    { field: 'company', entity: 'customers', required: true, whenEmpty: 'refuse' },
    { field: 'lines', entity: 'products', required: false, element: 0 },
  ],
  // An invoice reaches its company even without a deal; the deal is linked when it is known.
  invoices: [
    { field: 'company', entity: 'customers', required: true },
    { field: 'order', entity: 'orders', required: false, unlinked: 'empty' },
    { field: 'lines', entity: 'products', required: false, element: 0 },
  ],
};

export interface EntityRuntime {
  readonly kind: EntityKind;
  readonly config: EntityConfig;
  readonly fieldMap: FieldMap;
  readonly matchSpecs: readonly MatchKeySpec[];
  readonly sides: Readonly<Record<SideName, EntitySide>>;
  readonly refs: readonly RefField[];
  readonly defaultRegion: CountryCode;
  /** Whether an unlinked record of a side may be matched and created on the other side. */
  readonly createPolicy: CreatePolicyOf;
}

/** Defaults, then the config's entries by name (replace or add), minus `omitFields`. */
export function mergeFields(defaults: readonly FieldMapEntry[], entity: EntityConfig): FieldMapEntry[] {
  const byName = new Map<string, FieldMapEntry>(defaults.map((e) => [e.name, e]));
  for (const entry of entity.fields) byName.set(entry.name, entry as FieldMapEntry);
  for (const name of entity.omitFields) byName.delete(name);
  return [...byName.values()];
}

/**
 * An entity's direction caps its fields': under `nav_to_b24` a field mapped `both`
 * flows from NAV only, and a field mapped against the entity's direction (the NAV No.
 * going back to B24 when customers only flow B24 → NAV) is left out.
 */
export function clampDirections(entries: readonly FieldMapEntry[], direction: EntityConfig['direction']): FieldMapEntry[] {
  if (direction === 'both') return [...entries];
  return entries.filter((e) => e.direction === 'both' || e.direction === direction).map((e) => ({ ...e, direction }));
}

export function buildRuntimes(config: Config, crm: SidePort, erp: SidePort, file = 'config'): Map<EntityKind, EntityRuntime> {
  const out = new Map<EntityKind, EntityRuntime>();
  const problems: string[] = [];
  for (const kind of ENTITY_KINDS) {
    const entity = config.entities[kind];
    if (!entity.enabled) continue;
    const b24 = crm[kind];
    const nav = erp[kind];
    const entries = clampDirections(mergeFields(DEFAULT_FIELDS[kind], entity), entity.direction);
    const valueMaps: Record<string, ValueMap> = { ...DEFAULT_VALUE_MAPS[kind], ...(entity.valueMaps as Record<string, ValueMap>) };
    const compiled = compileFieldMap(entries, valueMaps, { defaultRegion: config.sync.defaultRegion as CountryCode, path: `entities.${kind}.fields` });
    if (!compiled.ok) {
      problems.push(...compiled.problems.map((p) => `${p.path}: ${p.message}`));
      continue;
    }
    const fieldMap = compiled.fieldMap;
    const matchSpecs = entity.matchKeys.map((key) => {
      if (!fieldMap.compared.includes(key)) problems.push(`entities.${kind}.matchKeys: "${key}" is not a field of the map mapped on both sides (${fieldMap.compared.join(', ')})`);
      return matchKeySpec(key, (f) => fieldMap.normalizeKindOf(f));
    });
    out.set(kind, { kind, config: entity, fieldMap, matchSpecs, sides: { b24, nav }, refs: REFS[kind], defaultRegion: config.sync.defaultRegion as CountryCode, createPolicy: createPolicyFor(kind, config) });
  }
  for (const [kind, rt] of out) {
    for (const ref of rt.refs) {
      if (!out.has(ref.entity) && !config.entities[ref.entity].enabled) problems.push(`entities.${kind}: needs entities.${ref.entity} to be enabled (its ${ref.field} refers to them)`);
    }
  }
  if (problems.length > 0) throw new ConfigError(file, problems);
  return out;
}

/** Entity kinds in the order their references need: customers before contacts. */
export function dependencyOrder(runtimes: ReadonlyMap<EntityKind, EntityRuntime>): EntityKind[] {
  const order: EntityKind[] = [];
  const visit = (kind: EntityKind): void => {
    if (order.includes(kind)) return;
    for (const ref of runtimes.get(kind)?.refs ?? []) visit(ref.entity);
    if (runtimes.has(kind)) order.push(kind);
  };
  for (const kind of runtimes.keys()) visit(kind);
  return order;
}

/**
 * Kinds grouped by dependency depth: the first group refers to nothing synced, each
 * later group only to kinds of earlier groups. Kinds of one group can drain side by side.
 */
export function dependencyLevels(runtimes: ReadonlyMap<EntityKind, EntityRuntime>): EntityKind[][] {
  const depth = new Map<EntityKind, number>();
  for (const kind of dependencyOrder(runtimes)) {
    const refs = (runtimes.get(kind)?.refs ?? []).filter((r) => runtimes.has(r.entity) && r.entity !== kind);
    depth.set(kind, refs.length === 0 ? 0 : 1 + Math.max(...refs.map((r) => depth.get(r.entity) ?? 0)));
  }
  const levels: EntityKind[][] = [];
  for (const [kind, d] of depth) (levels[d] ??= []).push(kind);
  return levels.filter((l) => l.length > 0);
}
