// Shapes the answers of bulk look-ups into FindResults: the lookups of all queries
// are asked together (few calls for a whole page), then each query gets, per match
// key and in the order of its lookups, the ids its own values found.
import type { MatchLookup } from '../../../core/match.ts';
import type { FindQuery, FindResult } from '../../../engine/ports.ts';

/** Ids found for one value of one lookup. */
export type Resolver = (lookup: MatchLookup, value: string) => readonly string[] | undefined;

export function findResults(queries: readonly FindQuery[], resolve: Resolver): FindResult[] {
  return queries.map((q) => ({
    ref: q.ref,
    candidates: q.lookups.map((lookup) => {
      const ids = new Set<string>();
      for (const value of lookup.values) for (const id of resolve(lookup, value) ?? []) ids.add(id);
      return { key: lookup.key, ids: [...ids].sort((a, b) => Number(a) - Number(b)) };
    }),
  }));
}

/** Every value of every lookup the predicate accepts. */
export function valuesWhere(queries: readonly FindQuery[], accept: (lookup: MatchLookup) => boolean): string[] {
  const out = new Set<string>();
  for (const q of queries) for (const l of q.lookups) if (accept(l)) for (const v of l.values) out.add(v);
  return [...out];
}

export function addTo(map: Map<string, string[]>, key: string, id: string): void {
  const list = map.get(key);
  if (!list) map.set(key, [id]);
  else if (!list.includes(id)) list.push(id);
}
