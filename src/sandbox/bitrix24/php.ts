// PHP serializes arrays with keys 0..n-1 as JSON arrays and everything else as
// objects; an empty array is `[]` even where an object map is meant
// (reference §2: `result_error: []`, `crm.duplicate.findbycomm` → `result: []`).

export type PhpArray = Record<string, unknown> | unknown[];

/** An object map as PHP would emit it: `[]` when empty, an array when keys are 0..n-1. */
export function phpMap(map: Record<string, unknown>): PhpArray {
  const keys = Object.keys(map);
  if (keys.length === 0) return [];
  if (keys.every((k, i) => k === String(i))) return keys.map((k) => map[k]);
  return map;
}

/** A map to read either as an object or as PHP's `[]` for "nothing". */
export function readPhpMap(value: unknown): Record<string, unknown> {
  if (Array.isArray(value)) return Object.fromEntries(value.map((v, i) => [String(i), v]));
  if (value !== null && typeof value === 'object') return value as Record<string, unknown>;
  return {};
}
