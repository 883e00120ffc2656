// Conflicts parked for an operator (policy `manual`, or a merge that cannot decide).
// One open conflict per link: detecting the conflict again (the record changed
// again before anyone resolved it) updates the open one instead of piling up rows.
import { sql, type Selectable } from 'kysely';
import type { ConflictState, ConflictsTable, Db } from './database.ts';
import { fromJson, toJson, type JsonObject, type JsonValue } from './json.ts';

/** Per field: the value at the last sync and on each side now. */
export type ConflictFields = Record<string, { base: JsonValue; b24: JsonValue; nav: JsonValue }>;

export interface Conflict {
  id: number;
  linkId: number;
  entity: string;
  b24Id: string | null;
  navKey: string | null;
  fields: ConflictFields;
  state: ConflictState;
  /** What the operator decided (e.g. per field: which side, or a value). */
  resolution: JsonObject | null;
  createdAt: number;
  updatedAt: number;
  resolvedAt: number | null;
}

export interface NewConflict {
  linkId: number;
  entity: string;
  b24Id?: string | null | undefined;
  navKey?: string | null | undefined;
  fields: ConflictFields;
}

/** Opens a conflict for the link, or refreshes the link's open one; returns it. */
export async function openConflict(db: Db, conflict: NewConflict, now: number): Promise<Conflict> {
  const row = await db
    .insertInto('conflicts')
    .values({
      link_id: conflict.linkId,
      entity: conflict.entity,
      b24_id: conflict.b24Id ?? null,
      nav_key: conflict.navKey ?? null,
      fields: JSON.stringify(conflict.fields),
      state: 'open',
      created_at: now,
      updated_at: now,
    })
    .onConflict((oc) =>
      oc
        .column('link_id')
        .where(sql<boolean>`state = 'open'`)
        .doUpdateSet({
          b24_id: sql`coalesce(excluded.b24_id, conflicts.b24_id)`,
          nav_key: sql`coalesce(excluded.nav_key, conflicts.nav_key)`,
          fields: sql`excluded.fields`,
          updated_at: sql`excluded.updated_at`,
        }),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
  return toConflict(row);
}

export async function getConflict(db: Db, id: number): Promise<Conflict | undefined> {
  const row = await db.selectFrom('conflicts').selectAll().where('id', '=', id).executeTakeFirst();
  return row === undefined ? undefined : toConflict(row);
}

export interface ListConflictsOptions {
  state?: ConflictState | undefined;
  entity?: string | undefined;
  linkId?: number | undefined;
  limit: number;
  /** Keyset: conflicts with an id greater than this. */
  after?: number | undefined;
}

export async function listConflicts(db: Db, options: ListConflictsOptions): Promise<Conflict[]> {
  let query = db.selectFrom('conflicts').selectAll();
  if (options.state !== undefined) query = query.where('state', '=', options.state);
  if (options.entity !== undefined) query = query.where('entity', '=', options.entity);
  if (options.linkId !== undefined) query = query.where('link_id', '=', options.linkId);
  if (options.after !== undefined) query = query.where('id', '>', options.after);
  const rows = await query.orderBy('id').limit(options.limit).execute();
  return rows.map(toConflict);
}

/** Resolves an open conflict; undefined when it does not exist or was already resolved. */
export async function resolveConflict(db: Db, id: number, resolution: JsonObject, now: number): Promise<Conflict | undefined> {
  const row = await db
    .updateTable('conflicts')
    .set({ state: 'resolved', resolution: toJson(resolution), resolved_at: now, updated_at: now })
    .where('id', '=', id)
    .where('state', '=', 'open')
    .returningAll()
    .executeTakeFirst();
  return row === undefined ? undefined : toConflict(row);
}

function toConflict(row: Selectable<ConflictsTable>): Conflict {
  return {
    id: row.id,
    linkId: row.link_id,
    entity: row.entity,
    b24Id: row.b24_id,
    navKey: row.nav_key,
    fields: JSON.parse(row.fields) as ConflictFields,
    state: row.state,
    resolution: fromJson<JsonObject>(row.resolution),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    resolvedAt: row.resolved_at,
  };
}
