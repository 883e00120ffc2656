// Written side values as the portal takes them, and whether a write would change
// anything: legacy crm.* holds every scalar as a string (reference §9.1), so "5"
// and 5 compare equal, and null, "" and [] are all empty.
import { parseBool } from '../../../core/normalize.ts';
import type { FieldValue } from '../../../core/record.ts';
import type { FieldDescription } from '../types.ts';
import { portalScalar, scalarsOf } from './values.ts';

/** The value for `fields`: null clears; a yes/no user field takes 1/0, other fields Y/N. */
export function writableValue(value: FieldValue, description: FieldDescription | undefined): unknown {
  if (typeof value === 'boolean' && description?.type === 'boolean') return value ? 1 : 0;
  if (Array.isArray(value) && description && !description.isMultiple) return scalarsOf(value)[0] ?? '';
  return portalScalar(value);
}

/** Whether a written value differs from the current one (both in their side form). */
export function differs(current: FieldValue, written: FieldValue): boolean {
  if (typeof written === 'boolean') {
    const now = scalarsOf(current)[0];
    const parsed = now === undefined ? undefined : parseBool(now);
    return !parsed?.ok || parsed.value !== written;
  }
  const a = scalarsOf(current);
  const b = scalarsOf(written);
  return a.length !== b.length || a.some((v, i) => v !== b[i]);
}
