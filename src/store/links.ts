// Links: one row ties one B24 record to one NAV record of an entity kind, with
// what the engine last saw/wrote on each side (hash, version) and the canonical
// record at the last sync (base, for field-level merges).
//
// updateLink is compare-and-set on `version`, a counter bumped by every update.
// Not on updated_at: two updates in the same millisecond (or under a fake clock)
// carry the same timestamp, so a stale writer would pass the check. The queue keeps
// one job per (entity, side, record), but a B24-side and a NAV-side job for the same
// link can run at once; the version tells the slower one to re-read and decide again.
import type { Selectable, Updateable } from 'kysely';
import { chunks, LOOKUP_CHUNK } from './chunk.ts';
import type { Db, LinkState, LinksTable } from './database.ts';
import { fromJson, toJson, type JsonObject } from './json.ts';

/** What a create in flight was going to write, recorded before the call (DESIGN §3.5). */
export type LinkIntent = {
  /** The system being written to. */
  side: 'b24' | 'nav';
  /** The values sent. */
  fields: JsonObject;
  /** The keys to look the record up by if the outcome is unknown (INN, e-mail, ORIGIN_ID, ...). */
  matchKeys: JsonObject;
  /** When the write was started (epoch ms). */
  at: number;
};

export interface Link {
  id: number;
  entity: string;
  b24Id: string | null;
  navKey: string | null;
  state: LinkState;
  b24Hash: string | null;
  navHash: string | null;
  /** A change on that side the engine gave up on; scans skip the record while its hash is this. */
  heldB24Hash: string | null;
  heldNavHash: string | null;
  b24Version: string | null;
  navVersion: string | null;
  base: JsonObject | null;
  intent: LinkIntent | null;
  reason: string | null;
  version: number;
  createdAt: number;
  updatedAt: number;
  lastSyncedAt: number | null;
}

/** The fields a caller may set; absent means "leave as is", null clears. */
export interface LinkFields {
  b24Id?: string | null | undefined;
  navKey?: string | null | undefined;
  state?: LinkState | undefined;
  b24Hash?: string | null | undefined;
  navHash?: string | null | undefined;
  heldB24Hash?: string | null | undefined;
  heldNavHash?: string | null | undefined;
  b24Version?: string | null | undefined;
  navVersion?: string | null | undefined;
  base?: JsonObject | null | undefined;
  intent?: LinkIntent | null | undefined;
  reason?: string | null | undefined;
  lastSyncedAt?: number | null | undefined;
}

export interface NewLink extends LinkFields {
  entity: string;
  state: LinkState;
}

export async function getLink(db: Db, id: number): Promise<Link | undefined> {
  const row = await db.selectFrom('links').selectAll().where('id', '=', id).executeTakeFirst();
  return row === undefined ? undefined : toLink(row);
}

export async function getLinkByB24(db: Db, entity: string, b24Id: string): Promise<Link | undefined> {
  return (await linksBy(db, entity, 'b24_id', [b24Id])).get(b24Id);
}

export async function getLinkByNav(db: Db, entity: string, navKey: string): Promise<Link | undefined> {
  return (await linksBy(db, entity, 'nav_key', [navKey])).get(navKey);
}

/** The links of many B24 records at once (one query per 500 ids), keyed by B24 id. */
export function getLinksByB24(db: Db, entity: string, b24Ids: readonly string[]): Promise<Map<string, Link>> {
  return linksBy(db, entity, 'b24_id', b24Ids);
}

/** The links of many NAV records at once (one query per 500 keys), keyed by NAV key. */
export function getLinksByNav(db: Db, entity: string, navKeys: readonly string[]): Promise<Map<string, Link>> {
  return linksBy(db, entity, 'nav_key', navKeys);
}

async function linksBy(db: Db, entity: string, column: 'b24_id' | 'nav_key', keys: readonly string[]): Promise<Map<string, Link>> {
  const found = new Map<string, Link>();
  for (const part of chunks([...new Set(keys)], LOOKUP_CHUNK)) {
    const rows = await db.selectFrom('links').selectAll().where('entity', '=', entity).where(column, 'in', part).execute();
    for (const row of rows) {
      const key = row[column];
      if (key !== null) found.set(key, toLink(row));
    }
  }
  return found;
}

/**
 * Inserts a link, or returns undefined when the entity already has a link for that
 * B24 id or NAV key (a concurrent matcher won). ON CONFLICT DO NOTHING rather than
 * a caught unique violation: on PostgreSQL an error would abort the caller's
 * transaction.
 */
export async function insertLink(db: Db, link: NewLink, now: number): Promise<Link | undefined> {
  const row = await db
    .insertInto('links')
    .values({
      entity: link.entity,
      b24_id: link.b24Id ?? null,
      nav_key: link.navKey ?? null,
      state: link.state,
      b24_hash: link.b24Hash ?? null,
      nav_hash: link.navHash ?? null,
      held_b24_hash: link.heldB24Hash ?? null,
      held_nav_hash: link.heldNavHash ?? null,
      b24_version: link.b24Version ?? null,
      nav_version: link.navVersion ?? null,
      base: toJson(link.base ?? null),
      intent: toJson(link.intent ?? null),
      reason: link.reason ?? null,
      version: 1,
      created_at: now,
      updated_at: now,
      last_synced_at: link.lastSyncedAt ?? null,
    })
    .onConflict((oc) => oc.doNothing())
    .returningAll()
    .executeTakeFirst();
  return row === undefined ? undefined : toLink(row);
}

export interface UpdateLinkOptions {
  now: number;
  /** Apply only if the link's version is still this one (compare-and-set). */
  expectedVersion?: number | undefined;
}

/**
 * Applies `patch` and bumps the version. Returns the updated link, or undefined when
 * the link does not exist or its version is no longer `expectedVersion`.
 * Setting a b24Id/navKey another link of the entity holds throws a unique violation
 * (see isUniqueViolation).
 */
export async function updateLink(db: Db, id: number, patch: LinkFields, options: UpdateLinkOptions): Promise<Link | undefined> {
  let query = db
    .updateTable('links')
    .set((eb) => ({ ...toColumns(patch), version: eb('version', '+', 1), updated_at: options.now }))
    .where('id', '=', id);
  if (options.expectedVersion !== undefined) query = query.where('version', '=', options.expectedVersion);
  const row = await query.returningAll().executeTakeFirst();
  return row === undefined ? undefined : toLink(row);
}

export interface ListLinksOptions {
  /** Keyset: links with an id greater than this. */
  afterId?: number | undefined;
  limit: number;
  state?: LinkState | undefined;
  /** Only links changed at or after this time (epoch ms). */
  updatedSince?: number | undefined;
}

/** One page of an entity's links in id order; pass the last id as afterId for the next. */
export async function listLinks(db: Db, entity: string, options: ListLinksOptions): Promise<Link[]> {
  let query = db.selectFrom('links').selectAll().where('entity', '=', entity);
  if (options.state !== undefined) query = query.where('state', '=', options.state);
  if (options.updatedSince !== undefined) query = query.where('updated_at', '>=', options.updatedSince);
  if (options.afterId !== undefined) query = query.where('id', '>', options.afterId);
  const rows = await query.orderBy('id').limit(options.limit).execute();
  return rows.map(toLink);
}

export async function countLinks(db: Db, filter: { entity?: string | undefined; state?: LinkState | undefined } = {}): Promise<number> {
  let query = db.selectFrom('links').select((eb) => eb.fn.countAll<number>().as('count'));
  if (filter.entity !== undefined) query = query.where('entity', '=', filter.entity);
  if (filter.state !== undefined) query = query.where('state', '=', filter.state);
  const row = await query.executeTakeFirstOrThrow();
  return Number(row.count);
}

/** Link counts per entity and state in one query (for status pages). */
export async function countLinksByState(db: Db): Promise<Array<{ entity: string; state: LinkState; count: number }>> {
  const rows = await db
    .selectFrom('links')
    .select((eb) => ['entity', 'state', eb.fn.countAll<number>().as('count')])
    .groupBy(['entity', 'state'])
    .orderBy('entity')
    .orderBy('state')
    .execute();
  return rows.map((row) => ({ entity: row.entity, state: row.state, count: Number(row.count) }));
}

function toColumns(patch: LinkFields): Updateable<LinksTable> {
  const columns: Updateable<LinksTable> = {};
  if (patch.b24Id !== undefined) columns.b24_id = patch.b24Id;
  if (patch.navKey !== undefined) columns.nav_key = patch.navKey;
  if (patch.state !== undefined) columns.state = patch.state;
  if (patch.b24Hash !== undefined) columns.b24_hash = patch.b24Hash;
  if (patch.navHash !== undefined) columns.nav_hash = patch.navHash;
  if (patch.heldB24Hash !== undefined) columns.held_b24_hash = patch.heldB24Hash;
  if (patch.heldNavHash !== undefined) columns.held_nav_hash = patch.heldNavHash;
  if (patch.b24Version !== undefined) columns.b24_version = patch.b24Version;
  if (patch.navVersion !== undefined) columns.nav_version = patch.navVersion;
  if (patch.base !== undefined) columns.base = toJson(patch.base);
  if (patch.intent !== undefined) columns.intent = toJson(patch.intent);
  if (patch.reason !== undefined) columns.reason = patch.reason;
  if (patch.lastSyncedAt !== undefined) columns.last_synced_at = patch.lastSyncedAt;
  return columns;
}

function toLink(row: Selectable<LinksTable>): Link {
  return {
    id: row.id,
    entity: row.entity,
    b24Id: row.b24_id,
    navKey: row.nav_key,
    state: row.state,
    b24Hash: row.b24_hash,
    navHash: row.nav_hash,
    heldB24Hash: row.held_b24_hash,
    heldNavHash: row.held_nav_hash,
    b24Version: row.b24_version,
    navVersion: row.nav_version,
    base: fromJson<JsonObject>(row.base),
    intent: fromJson<LinkIntent>(row.intent),
    reason: row.reason,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    lastSyncedAt: row.last_synced_at,
  };
}
