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

export interface Translated {
  readonly record: SideRecord;
  /** Referenced B24 ids that have no link yet: the record must wait for them. */
  readonly missing: ReadonlyArray<{ readonly entity: string; readonly b24Id: string }>;
}

/** B24 ids → NAV keys in the reference fields of B24 records. */
export async function refsFromB24(db: Db, paths: readonly RefPath[], records: readonly SideRecord[]): Promise<Map<string, Translated>> {
  const out = new Map<string, Translated>(records.map((r) => [r.id, { record: r, missing: [] }]));
  for (const { ref, b24Path } of paths) {
    const ids = [...new Set(records.map((r) => scalarId(r.fields[b24Path])).filter((v): v is string => v !== null))];
    const links = ids.length > 0 ? await getLinksByB24(db, ref.entity, ids) : new Map<string, Link>();
    for (const record of records) {
      const current = out.get(record.id) as Translated;
      const id = scalarId(current.record.fields[b24Path]);
      const link = id === null ? undefined : links.get(id);
      const navKey = link?.state === 'active' ? link.navKey : null;
      const missing = id !== null && navKey === null ? [...current.missing, { entity: ref.entity, b24Id: id }] : current.missing;
      out.set(record.id, { record: { ...current.record, fields: { ...current.record.fields, [b24Path]: navKey } }, missing });
    }
  }
  return out;
}

/** NAV keys → B24 ids in side fields about to be written to B24; unknown keys become null. */
export async function refsToB24(db: Db, paths: readonly RefPath[], fields: Readonly<Record<string, FieldValue>>): Promise<Record<string, FieldValue>> {
  const out: Record<string, FieldValue> = { ...fields };
  for (const { ref, b24Path } of paths) {
    if (!(b24Path in out)) continue;
    const key = scalarId(out[b24Path]);
    if (key === null) continue;
    const link = (await getLinksByNav(db, ref.entity, [key])).get(key);
    out[b24Path] = link?.state === 'active' ? link.b24Id : null;
  }
  return out;
}
