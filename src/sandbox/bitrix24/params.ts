// Request parameters as a portal reads them: a JSON body, a form body in PHP
// bracket notation (`fields[PHONE][0][VALUE]=…`), or the query string, merged
// (reference §1.1). Unknown parameters are simply never read.
import qs from 'qs';

export type Params = Record<string, unknown>;

// qs turns indexes above arrayLimit into object keys and stops at
// parameterLimit; a batch of 50 commands with product rows needs far more.
const QS_OPTIONS: qs.IParseOptions = { depth: 20, arrayLimit: 10_000, parameterLimit: 200_000, allowDots: false };

export function parseQueryString(text: string): Params {
  return qs.parse(text, QS_OPTIONS);
}

/**
 * The text fields of a `multipart/form-data` body, in the same bracket notation
 * (reference §1.1). File parts are skipped: uploads are not modelled.
 */
export function parseMultipart(body: string, contentType: string): Params {
  const m = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  const boundary = m?.[1] ?? m?.[2];
  if (!boundary) return {};
  const pairs: string[] = [];
  for (const part of body.split(`--${boundary}`).slice(1)) {
    if (part.startsWith('--')) break;
    const split = part.indexOf('\r\n\r\n');
    if (split === -1) continue;
    const headers = part.slice(0, split);
    const name = /\bname="([^"]*)"/i.exec(headers)?.[1];
    if (name === undefined || /\bfilename=/i.test(headers)) continue;
    const value = part.slice(split + 4).replace(/\r\n$/, '');
    pairs.push(`${encodeURIComponent(name)}=${encodeURIComponent(value)}`);
  }
  return parseQueryString(pairs.join('&'));
}

/**
 * Top-level parameter lookup that accepts both spellings the docs use
 * (`fields`/`FIELDS`, `id`/`ID` — reference §7.1).
 */
export function param(params: Params, name: string): unknown {
  if (name in params) return params[name];
  const lower = name.toLowerCase();
  for (const key of Object.keys(params)) if (key.toLowerCase() === lower) return params[key];
  return undefined;
}

export function objectParam(params: Params, name: string): Record<string, unknown> | undefined {
  const value = param(params, name);
  if (value === undefined || value === null || value === '') return undefined;
  if (Array.isArray(value)) return Object.fromEntries(value.map((v, i) => [String(i), v]));
  if (typeof value === 'object') return value as Record<string, unknown>;
  return undefined;
}

export function intParam(params: Params, name: string): number | undefined {
  const value = param(params, name);
  if (value === undefined || value === null || value === '') return undefined;
  const n = typeof value === 'number' ? value : Number(text(value).trim());
  return Number.isInteger(n) ? n : Number.NaN;
}

export function stringParam(params: Params, name: string): string | undefined {
  const value = param(params, name);
  if (value === undefined || value === null) return undefined;
  return typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;
}

/** PHP-ish truthiness of flags such as `halt`, `clear`, `useOriginalUfNames`. */
export function flagParam(params: Params, name: string, fallback: boolean): boolean {
  const value = param(params, name);
  if (value === undefined || value === null || value === '') return fallback;
  if (typeof value === 'boolean') return value;
  const s = text(value).toLowerCase();
  return !(s === '0' || s === 'n' || s === 'false' || s === 'no');
}

/** A parameter value as text, the way PHP would cast it (objects as JSON, null as ""). */
export function text(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return JSON.stringify(value);
}
