// What GET /api/mapping shows: per entity kind, the direction, owner, conflict
// policy, match keys and the field map in effect — the config's entries merged
// over the defaults, with each field's paths and directions as the compiled map
// has them. Nothing here is secret, and the answer goes through the redactor anyway.
import type { FieldMapEntry } from '../core/field-map-config.ts';
import { DEFAULT_FIELDS } from '../config/defaults.ts';
import type { Config } from '../config/schema.ts';
import type { Engine } from '../engine/engine.ts';
import { clampDirections, mergeFields, type EntityRuntime } from '../engine/runtime.ts';

export type FieldFlow = 'both' | 'b24_to_nav' | 'nav_to_b24' | 'none';

export interface MappedField {
  readonly name: string;
  readonly b24: string | null;
  readonly nav: string | null;
  /** Where values may be written, as the compiled map allows (the entity direction applied). */
  readonly direction: FieldFlow;
  /** Who wins when both sides changed it. */
  readonly owner: 'b24' | 'nav';
  /** Compared and hashed (mapped on both sides). */
  readonly compared: boolean;
  readonly normalize: string;
  readonly transforms: { readonly fromB24: readonly string[]; readonly toB24: readonly string[]; readonly fromNav: readonly string[]; readonly toNav: readonly string[] };
  readonly default: unknown;
  readonly maxLength: { readonly b24: number | null; readonly nav: number | null };
  readonly onTooLong: 'fail' | 'truncate';
}

export interface EntityMapping {
  readonly entity: string;
  readonly direction: string;
  readonly owner: string;
  readonly policy: string;
  readonly matchKeys: readonly string[];
  readonly onDelete: string;
  readonly fields: readonly MappedField[];
  readonly valueMaps: Readonly<Record<string, unknown>>;
}

export interface Mapping {
  readonly entities: readonly EntityMapping[];
  readonly stock: { readonly enabled: boolean; readonly locations: Readonly<Record<string, string>>; readonly blankLocationStore: string | null; readonly intervalSeconds: number };
}

function flow(toB24: boolean, toNav: boolean): FieldFlow {
  if (toB24 && toNav) return 'both';
  if (toNav) return 'b24_to_nav';
  if (toB24) return 'nav_to_b24';
  return 'none';
}

function describeEntity(rt: EntityRuntime): EntityMapping {
  const defaults = (DEFAULT_FIELDS as Readonly<Record<string, readonly FieldMapEntry[]>>)[rt.kind] ?? [];
  const entries = clampDirections(mergeFields(defaults, rt.config), rt.config.direction);
  const map = rt.fieldMap;
  const toB24 = new Set(map.flowsTo('b24'));
  const toNav = new Set(map.flowsTo('nav'));
  const fields = entries.map((e): MappedField => ({
    name: e.name,
    b24: map.pathOf(e.name, 'b24') ?? e.b24 ?? null,
    nav: map.pathOf(e.name, 'nav') ?? e.nav ?? null,
    direction: flow(toB24.has(e.name), toNav.has(e.name)),
    owner: e.owner ?? rt.config.owner,
    compared: map.compared.includes(e.name),
    normalize: e.normalize ?? 'text',
    transforms: { fromB24: e.fromB24 ?? [], toB24: e.toB24 ?? [], fromNav: e.fromNav ?? [], toNav: e.toNav ?? [] },
    default: e.default ?? null,
    maxLength: { b24: e.b24MaxLength ?? null, nav: e.navMaxLength ?? null },
    onTooLong: e.onTooLong ?? 'fail',
  }));
  return {
    entity: rt.kind,
    direction: rt.config.direction,
    owner: rt.config.owner,
    policy: rt.config.conflictPolicy,
    matchKeys: rt.config.matchKeys,
    onDelete: rt.config.onDelete,
    fields,
    valueMaps: rt.config.valueMaps,
  };
}

export function describeMapping(engine: Engine): Mapping {
  const stock: Config['entities']['stock'] = engine.config.entities.stock;
  return engine.redactor.value({
    entities: [...engine.runtimes.values()].map(describeEntity),
    stock: { enabled: stock.enabled, locations: stock.locations, blankLocationStore: stock.blankLocationStore ?? null, intervalSeconds: stock.intervalSeconds },
  });
}
