// Value maps from config: a B24 user id → NAV salesperson code, a B24 list item → a NAV
// option. Mapped by the value's text (DESIGN.md §1, item 10: ids differ between portals,
// so config speaks of values and the connector resolves ids at start).
import { fail, ok, quote, type Outcome } from './outcome.ts';
import type { FieldValue } from './record.ts';
import { done, eachItem, type Step } from './transform-step.ts';

export interface ValueMap {
  /** Source value (as text: B24 user id 7 is "7") → target value. */
  readonly values: Readonly<Record<string, FieldValue>>;
  /** For `map:`: the value of a source value that is not in `values`. Without it, such a value is an error. */
  readonly fallback?: FieldValue;
  /** For `unmap:`: the value of a target value that is not among the map's values. */
  readonly reverseFallback?: FieldValue;
}

function keyOf(value: FieldValue): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * `map:<name>` looks a value up in the map; `unmap:<name>` looks it up backwards, which
 * needs every value of the map to be different.
 */
export function buildValueMapSteps(
  name: string | undefined,
  maps: Readonly<Record<string, ValueMap>>,
  mode: 'map' | 'unmap',
): Outcome<Step> {
  const map = name !== undefined && Object.hasOwn(maps, name) ? maps[name] : undefined;
  if (name === undefined || map === undefined) {
    const known = Object.keys(maps);
    return fail(`unknown value map ${quote(name ?? '')}; ${known.length > 0 ? `the config defines ${known.map((k) => `"${k}"`).join(', ')}` : 'the config defines no value maps'}`);
  }
  const table = new Map<string, FieldValue>();
  if (mode === 'map') {
    for (const [from, to] of Object.entries(map.values)) table.set(from, to);
  } else {
    for (const [from, to] of Object.entries(map.values)) {
      const key = keyOf(to);
      const earlier = table.get(key);
      if (earlier !== undefined) return fail(`value map "${name}" cannot be read backwards (unmap): ${quote(to)} is the value of both ${quote(earlier)} and ${quote(from)}`);
      table.set(key, from);
    }
  }
  const fallback = mode === 'map' ? map.fallback : map.reverseFallback;
  const where = mode === 'map' ? `is not in value map "${name}"` : `is not a value of value map "${name}"`;
  const advice = `(add it to the map, or give the map a ${mode === 'map' ? 'fallback' : 'reverseFallback'})`;
  const lookup = eachItem((value) => {
    const key = keyOf(value);
    if (table.has(key)) return done(table.get(key) ?? null);
    if (fallback !== undefined) return done(fallback);
    return fail(`${quote(value)} ${where} ${advice}`);
  });
  return ok(lookup);
}
