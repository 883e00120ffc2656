// OData query options NAV pages accept (§3.3–3.4): $filter, $select, $orderby,
// $top, $skip, $expand (the lines part), $count, $skiptoken, $format=json.
import type { FieldDef } from '../../../connectors/nav/schema/index.ts';
import { NavError } from '../errors.ts';

export interface QueryOptions {
  readonly filter?: string;
  readonly select?: readonly string[];
  readonly orderby?: ReadonlyArray<readonly [field: string, descending: boolean]>;
  readonly top?: number;
  readonly skip?: number;
  readonly skiptoken?: string;
  readonly expand?: readonly string[];
  readonly count: boolean;
  /** The other parameters, kept for the next link. */
  readonly params: ReadonlyArray<readonly [string, string]>;
}

const KNOWN = new Set(['$filter', '$select', '$orderby', '$top', '$skip', '$skiptoken', '$expand', '$count', '$format', '$schemaversion']);

export const badQuery = (message: string): NavError => new NavError('NavNCLDialogException', message, { status: 400, code: 'BadRequest' });

function count(name: string, text: string): number {
  if (!/^\d+$/.test(text)) throw badQuery(`Invalid value '${text}' for ${name} query option found. The ${name} query option requires a non-negative integer value.`);
  return Number(text);
}

export function parseQuery(rawQuery: string): QueryOptions {
  const params: Array<readonly [string, string]> = [];
  const out: { -readonly [K in keyof QueryOptions]?: QueryOptions[K] } = {};
  for (const [name, value] of new URLSearchParams(rawQuery)) {
    params.push([name, value]);
    if (!name.startsWith('$')) continue;
    if (!KNOWN.has(name)) throw badQuery(`The query parameter '${name}' is not supported.`);
    switch (name) {
      case '$filter':
        out.filter = value;
        break;
      case '$select':
        out.select = value.split(',').map((s) => s.trim()).filter(Boolean);
        break;
      case '$orderby':
        out.orderby = value.split(',').map((part) => {
          const [field = '', dir = 'asc'] = part.trim().split(/\s+/);
          if (dir !== 'asc' && dir !== 'desc') throw badQuery(`Syntax error in $orderby '${value}'.`);
          return [field, dir === 'desc'] as const;
        });
        break;
      case '$top':
        out.top = count('$top', value);
        break;
      case '$skip':
        out.skip = count('$skip', value);
        break;
      case '$skiptoken':
        out.skiptoken = value;
        break;
      case '$expand':
        out.expand = value.split(',').map((s) => s.trim()).filter(Boolean);
        break;
      case '$count':
        out.count = value === 'true';
        break;
      case '$format':
        if (value !== 'json' && value !== 'application/json') throw badQuery(`The format '${value}' is not supported; ODataV4 answers JSON only.`);
        break;
    }
  }
  return { ...out, count: out.count ?? false, params };
}

export function checkFields(names: readonly string[], fields: ReadonlyMap<string, FieldDef>, entityType: string): void {
  for (const name of names) {
    if (!fields.has(name)) throw badQuery(`Could not find a property named '${name}' on type 'NAV.${entityType}'.`);
  }
}

/** The continuation of a page: opaque to clients (its format in NAV is UNCONFIRMED, §3.4). */
export type SkipToken = { readonly key: ReadonlyArray<string | number | boolean> } | { readonly offset: number };

export function encodeSkipToken(token: SkipToken): string {
  return Buffer.from(JSON.stringify(token)).toString('base64url');
}

export function decodeSkipToken(text: string): SkipToken {
  try {
    const value = JSON.parse(Buffer.from(text, 'base64url').toString()) as unknown;
    if (value && typeof value === 'object' && ('key' in value || 'offset' in value)) return value as SkipToken;
  } catch {
    // fall through
  }
  throw badQuery(`The skip token '${text}' is not valid.`);
}
