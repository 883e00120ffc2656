// Canonical JSON and its sha256: the "mapped-field hash" of DESIGN.md §3.1/§3.3 that
// echo suppression and change detection compare. Two records that mean the same must
// give the same text: keys sorted at every depth, strings NFC, -0 written as 0,
// undefined dropped. Values are expected already in their canonical form
// (normalize.ts); this file only makes the JSON text deterministic.
import { createHash } from 'node:crypto';

export function canonicalJson(value: unknown): string {
  return write(value);
}

function write(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value.normalize('NFC'));
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      // A non-finite number cannot come from JSON or XML: it is a bug upstream, and
      // hashing it as null (what JSON.stringify does) would hide it.
      if (!Number.isFinite(value)) throw new RangeError(`canonicalJson: ${String(value)} is not a finite number`);
      return Object.is(value, -0) ? '0' : JSON.stringify(value);
    case 'object':
      if (Array.isArray(value)) return `[${value.map((item: unknown) => (item === undefined ? 'null' : write(item))).join(',')}]`;
      return writeObject(value as Record<string, unknown>);
    default:
      throw new TypeError(`canonicalJson: a ${typeof value} has no canonical form`);
  }
}

function writeObject(object: Record<string, unknown>): string {
  const entries = Object.keys(object)
    .filter((key) => object[key] !== undefined)
    .map((key) => [key.normalize('NFC'), key] as const)
    .sort(([a, rawA], [b, rawB]) => (a < b ? -1 : a > b ? 1 : rawA < rawB ? -1 : rawA > rawB ? 1 : 0));
  return `{${entries.map(([key, raw]) => `${JSON.stringify(key)}:${write(object[raw])}`).join(',')}}`;
}

/** sha256 hex of the canonical JSON. */
export function hashCanonical(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value), 'utf8').digest('hex');
}
