// OData v4 resource paths as NAV serves them (nav-web-services.md §3.2):
//   Company('CRONUS%20International%20Ltd.')/Customer
//   Company('…')/Customer('10000')
//   Company('…')/SalesOrder(Document_Type='Order',No='101005')/SalesOrderSalesLines(…)
// A key is one literal or name=literal pairs; strings are quoted, quotes doubled.

import { readQuoted } from '../query/quoted.ts';

export type KeyLiteral = string | number;

export interface PathSegment {
  readonly name: string;
  /** Key values, positional (no names) or named. */
  readonly key?: { readonly positional: readonly KeyLiteral[]; readonly named: ReadonlyMap<string, KeyLiteral> };
}

export class ODataPathError extends Error {
  override name = 'ODataPathError';
}

/** Splits a decoded resource path into segments; quote-aware, so ')' and '/' may appear inside keys. */
export function parsePath(path: string): PathSegment[] {
  const segments: PathSegment[] = [];
  let i = 0;
  while (i < path.length) {
    if (path[i] === '/') {
      i++;
      continue;
    }
    let name = '';
    while (i < path.length && path[i] !== '(' && path[i] !== '/') name += path[i++];
    if (path[i] !== '(') {
      segments.push({ name });
      continue;
    }
    i++;
    const positional: KeyLiteral[] = [];
    const named = new Map<string, KeyLiteral>();
    for (;;) {
      let label = '';
      const start = i;
      while (i < path.length && /[A-Za-z0-9_]/.test(path[i] as string)) label += path[i++];
      if (path[i] === '=' && label !== '') i++;
      else {
        i = start;
        label = '';
      }
      const [value, next] = literal(path, i);
      i = next;
      if (label) named.set(label, value);
      else positional.push(value);
      if (path[i] === ',') {
        i++;
        continue;
      }
      if (path[i] !== ')') throw new ODataPathError(`Bad key syntax in segment '${name}'.`);
      i++;
      break;
    }
    segments.push({ name, key: { positional, named } });
  }
  return segments;
}

function literal(path: string, at: number): [KeyLiteral, number] {
  if (path[at] === "'") {
    const quoted = readQuoted(path, at);
    if (!quoted) throw new ODataPathError('Unterminated string literal in a key.');
    return [quoted.value, quoted.next];
  }
  const m = /^-?\d+(\.\d+)?/.exec(path.slice(at));
  if (!m) throw new ODataPathError(`Bad key literal at '${path.slice(at, at + 20)}'.`);
  return [Number(m[0]), at + m[0].length];
}

/** A key literal as it appears in a URL: 'O''Brien' or 10000. */
export function keyLiteral(value: string | number | boolean): string {
  return typeof value === 'string' ? `'${value.replace(/'/g, "''")}'` : String(value);
}
