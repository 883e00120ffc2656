// Reference fields (a contact's company): their canonical value is the NAV key
// of the referenced record. B24 side records carry B24 ids, translated through the
// referenced kind's links — both ways. A B24 id without a link is "not synced yet".
import type { FieldValue, SideRecord } from '../../core/record.ts';
import { getLinksByB24, getLinksByNav, type Db, type Link } from '../../store/index.ts';
import type { EntityRuntime, RefField } from '../runtime.ts';

export interface RefPath {
  readonly ref: RefField;
  readonly b24Path: string;
}

export function refPaths(rt: EntityRuntime): RefPath[] {
  return rt.refs.flatMap((ref) => {
    const b24Path = rt.fieldMap.pathOf(ref.field, 'b24');
    return b24Path ? [{ ref, b24Path }] : [];
  });
}

function scalarId(value: FieldValue | undefined): string | null {
  if (value === null || value === undefined || value === '' || value === 0 || value === '0') return null;
  return typeof value === 'string' || typeof value === 'number' ? String(value) : null;
}

/** The reference values a field holds: the value itself, or one per line (`element`) of a list of lists. */
export function refValues(ref: RefField, value: FieldValue | undefined): string[] {
  if (ref.element === undefined) {
    const id = scalarId(value);
    return id === null ? [] : [id];
  }
  if (!Array.isArray(value)) return [];
  return (value as readonly FieldValue[]).flatMap((line) => {
    const id = Array.isArray(line) ? scalarId((line as readonly FieldValue[])[ref.element as number]) : null;
    return id === null ? [] : [id];
  });
}

/** The field's value with every reference replaced (null where `replace` gives null). */
function replaceRefs(ref: RefField, value: FieldValue | undefined, replace: (id: string) => string | null): FieldValue {
  if (ref.element === undefined) {
    const id = scalarId(value);
    return id === null ? (value ?? null) : replace(id);
  }
  if (!Array.isArray(value)) return value ?? null;
  const at = ref.element;
  return (value as readonly FieldValue[]).map((line) => {
    if (!Array.isArray(line)) return line;
    const items = [...(line as readonly FieldValue[])];
    const id = scalarId(items[at]);
    items[at] = id === null ? null : replace(id);
    return items;
  });
}

export interface Translated {
  readonly record: SideRecord;
  /** Referenced B24 ids that have no link yet: the record must wait for them. */
  readonly missing: ReadonlyArray<{ readonly entity: string; readonly b24Id: string }>;
}

/** B24 ids → NAV keys in the reference fields of B24 records. */
export async function refsFromB24(db: Db, paths: readonly RefPath[], records: readonly SideRecord[]): Promise<Map<string, Translated>> {
  const out = new Map<string, Translated>(records.map((r) => [r.id, { record: r, missing: [] }]));
  for (const { ref, b24Path } of paths) {
    const ids = [...new Set(records.flatMap((r) => refValues(ref, r.fields[b24Path])))];
    const links = ids.length > 0 ? await getLinksByB24(db, ref.entity, ids) : new Map<string, Link>();
    const navKeyOf = (id: string): string | null => {
      const link = links.get(id);
      return link?.state === 'active' ? link.navKey : null;
    };
    for (const record of records) {
      const current = out.get(record.id) as Translated;
      const value = current.record.fields[b24Path];
      // An optional reference to a record that is not linked reads as empty; others wait for it.
      const unlinked = ref.unlinked === 'empty' ? [] : [...new Set(refValues(ref, value).filter((id) => navKeyOf(id) === null))];
      const missing = [...current.missing, ...unlinked.map((b24Id) => ({ entity: ref.entity, b24Id }))];
      out.set(record.id, { record: { ...current.record, fields: { ...current.record.fields, [b24Path]: replaceRefs(ref, value, navKeyOf) } }, missing });
    }
  }
  return out;
}

/** NAV keys → B24 ids in side fields about to be written to B24; unknown keys become null. */
export async function refsToB24(db: Db, paths: readonly RefPath[], fields: Readonly<Record<string, FieldValue>>): Promise<Record<string, FieldValue>> {
  const out: Record<string, FieldValue> = { ...fields };
  for (const { ref, b24Path } of paths) {
    if (!(b24Path in out)) continue;
    const keys = [...new Set(refValues(ref, out[b24Path]))];
    if (keys.length === 0) continue;
    const links = await getLinksByNav(db, ref.entity, keys);
    out[b24Path] = replaceRefs(ref, out[b24Path], (key) => {
      const link = links.get(key);
      return link?.state === 'active' ? link.b24Id : null;
    });
  }
  return out;
}
