// One EntitySide (engine/ports.ts) on a NAV page: change scans by
// Last_Date_Modified, bulk reads by No, look-ups by match keys and by an external
// id field, creates, updates and deletes with an outcome per record, and the key set
// for deletion detection. What differs per entity comes from its NavEntity.
import type { SideRecord } from '../../../core/record.ts';
import type { ChangeScan, EntitySide } from '../../../engine/ports.ts';
import { changeScan, MODIFIED } from './change-scan.ts';
import type { FieldPath, NavEntity } from './entity.ts';
import { findCandidates } from './find.ts';
import { readIn } from './nav-page.ts';
import type { ResolvedErpOptions } from './options.ts';
import { serviceToday } from './service-day.ts';
import { writable } from './values.ts';
import { deleteRecords } from './delete.ts';
import { createRecords, updateRecords } from './writes.ts';

function fieldPaths(entity: NavEntity): FieldPath[] {
  const paths: FieldPath[] = entity.def.fields
    .filter((f) => !f.odataOnly)
    .map((f) => {
      const canWrite = writable(entity.def, f) && !entity.fixedPaths.has(f.name);
      return f.kind === 'code' || f.kind === 'text' ? { path: f.name, writable: canWrite, maxLength: f.length } : { path: f.name, writable: canWrite };
    });
  return [...paths, ...entity.virtualPaths];
}

/** Fields the options name must be on the page: a wrong name fails at start, not at the first create. */
function checkOptions(entity: NavEntity, options: ResolvedErpOptions): void {
  const def = entity.def;
  const ext = options.externalIdFields[entity.entity];
  if (ext !== undefined) {
    const field = def.fields.find((f) => f.name === ext);
    if (!field || !writable(def, field) || (field.kind !== 'text' && field.kind !== 'code')) {
      throw new Error(`ErpPort option externalIdFields.${entity.entity}: ${ext} is not a writable Text or Code field of NAV page ${def.service}`);
    }
  }
  for (const [key, name] of Object.entries(options.matchFields[entity.entity] ?? {})) {
    if (!def.fields.some((f) => f.name === name)) throw new Error(`ErpPort option matchFields.${entity.entity}.${key}: ${name} is not a field of NAV page ${def.service}`);
  }
}

export function createNavEntitySide(entity: NavEntity, options: ResolvedErpOptions): EntitySide {
  checkOptions(entity, options);
  const externalIdField = options.externalIdFields[entity.entity];
  // NAV stores Code fields upper-case: an id kept in one is compared that way.
  const externalKey = entity.def.fields.find((f) => f.name === externalIdField)?.kind === 'code' ? (id: string) => id.toUpperCase() : (id: string) => id;
  const writeOptions = { createBatchSize: options.createBatchSize, writeConcurrency: options.writeConcurrency, externalIdField, log: options.log };
  const hasModifiedDate = entity.def.fields.some((f) => f.name === MODIFIED && f.kind === 'date');

  async function fetch(ids: readonly string[]): Promise<Map<string, SideRecord>> {
    const records = await entity.toRecords(await readIn(entity.page, 'No', ids, entity.base));
    return new Map(records.map((r) => [r.id, r]));
  }

  return {
    side: 'nav',
    entity: entity.entity,
    fieldPaths: () => Promise.resolve(fieldPaths(entity)),
    scanChanges(cursor: string | null): ChangeScan {
      const source = { page: entity.page, base: entity.base, hasModifiedDate, toRecords: (rows: Parameters<NavEntity['toRecords']>[0]) => entity.toRecords(rows) };
      return changeScan(source, cursor, serviceToday(options.clock, options.timeZone), options.scanPageSize);
    },
    fetch,
    find: (queries) =>
      findCandidates(
        { entity: entity.entity, page: entity.page, def: entity.def, base: entity.base, defaultRegion: options.defaultRegion, overrides: options.matchFields[entity.entity] ?? {} },
        queries,
      ),
    async findByExternalId(externalIds: readonly string[]): Promise<Map<string, SideRecord>> {
      if (externalIdField === undefined || externalIds.length === 0) return new Map();
      const asked = new Map(externalIds.map((id) => [externalKey(id), id]));
      const rows = await readIn(entity.page, externalIdField, [...asked.keys()], entity.base);
      const records = await entity.toRecords(rows);
      const out = new Map<string, SideRecord>();
      // Two records with one external id would be an earlier duplicate: the lowest No wins.
      const ordered = rows.map((row, i) => ({ ext: asked.get(String(row[externalIdField] ?? '')), record: records[i] as SideRecord })).sort((a, b) => (a.record.id < b.record.id ? -1 : 1));
      for (const { ext, record } of ordered) if (ext !== undefined && !out.has(ext)) out.set(ext, record);
      return out;
    },
    create: (requests) => createRecords(entity, requests, writeOptions),
    update: (requests) => updateRecords(entity, requests, writeOptions),
    delete: (ids) => deleteRecords(entity, ids, options.writeConcurrency),
    async *listIds(): AsyncIterable<readonly string[]> {
      for await (const rows of entity.page.pages({ where: entity.base, select: ['No'] })) yield rows.map((row) => String(row['No']));
    },
  };
}
