// Everything the sync pipeline changes goes through Effects: writes to either
// system, links, history, conflicts, jobs. The real implementation writes; the
// dry-run one records what would happen and changes nothing (`b24nav sync --dry-run`).
import type { FieldValue, SideName, SideRecord } from '../core/record.ts';
import {
  appendHistoryMany,
  enqueueMany,
  getLinksByB24,
  getLinksByNav,
  insertLink,
  listConflicts,
  openConflict,
  resolveConflict,
  updateLink,
  type Db,
  type JsonObject,
  type Link,
  type LinkFields,
  type NewConflict,
  type NewHistoryEntry,
  type NewJob,
  type NewLink,
} from '../store/index.ts';
import { SyncError } from '../core/failure.ts';
import type { CreateRequest, DeleteOutcome, EntitySide, UpdateRequest, WriteOutcome } from './ports.ts';

export interface PlannedAction {
  readonly entity: string;
  readonly action: 'create' | 'update' | 'link' | 'ambiguous' | 'delete';
  readonly side: SideName;
  readonly id: string | null;
  readonly source: string;
  readonly fields: Readonly<Record<string, FieldValue>>;
}

export interface Effects {
  readonly dryRun: boolean;
  create(side: EntitySide, requests: readonly CreateRequest[]): Promise<WriteOutcome[]>;
  update(side: EntitySide, requests: readonly UpdateRequest[]): Promise<WriteOutcome[]>;
  /** Deletes records (onDelete: propagate); a side that cannot delete fails each id for good. */
  delete(side: EntitySide, ids: readonly string[]): Promise<DeleteOutcome[]>;
  /** Links of records on `side`, by their ids there. */
  links(entity: string, side: SideName, ids: readonly string[]): Promise<Map<string, Link>>;
  insertLink(link: NewLink): Promise<Link | undefined>;
  /** Compare-and-set on the link's version; undefined if another worker changed it first. */
  updateLink(link: Link, patch: LinkFields): Promise<Link | undefined>;
  history(entries: readonly NewHistoryEntry[]): Promise<void>;
  conflict(conflict: NewConflict): Promise<void>;
  /** Closes the link's open conflict: the sides agree again. */
  closeConflict(linkId: number, resolution: JsonObject): Promise<void>;
  enqueue(jobs: readonly NewJob[]): Promise<void>;
  /** Shows on records why they wait or were refused (EntitySide.annotate); nothing in a dry run. */
  annotate(side: EntitySide, notes: ReadonlyArray<{ readonly id: string; readonly note: string | null }>): Promise<void>;
  /** What a dry run would have done. */
  readonly planned: PlannedAction[];
  plan(action: PlannedAction): void;
}

export function realEffects(db: Db, now: () => number): Effects {
  return {
    dryRun: false,
    planned: [],
    plan: () => undefined,
    create: (side, requests) => (requests.length > 0 ? side.create(requests) : Promise.resolve([])),
    update: (side, requests) => (requests.length > 0 ? side.update(requests) : Promise.resolve([])),
    delete: (side, ids) => (ids.length === 0 ? Promise.resolve([]) : side.delete ? side.delete(ids) : Promise.resolve(ids.map((id) => cannotDelete(side, id)))),
    links: (entity, side, ids) => (side === 'b24' ? getLinksByB24(db, entity, ids) : getLinksByNav(db, entity, ids)),
    insertLink: (link) => insertLink(db, link, now()),
    updateLink: (link, patch) => updateLink(db, link.id, patch, { now: now(), expectedVersion: link.version }),
    history: async (entries) => {
      if (entries.length > 0) await appendHistoryMany(db, entries);
    },
    conflict: async (c) => {
      await openConflict(db, c, now());
    },
    closeConflict: async (linkId, resolution) => {
      for (const c of await listConflicts(db, { state: 'open', linkId, limit: 10 })) await resolveConflict(db, c.id, resolution, now());
    },
    enqueue: async (jobs) => {
      if (jobs.length > 0) await enqueueMany(db, jobs, now());
    },
    annotate: async (side, notes) => {
      if (notes.length > 0 && side.annotate) await side.annotate(notes);
    },
  };
}

/**
 * Writes nothing; pretends every write succeeds so the rest of the plan can be shown.
 * Links it would make are kept in memory and seen by later lookups of the same run.
 */
export function dryRunEffects(db: Db, now: () => number): Effects {
  let fakeId = 0;
  const planned: PlannedAction[] = [];
  const overlay = new Map<string, Link>();
  const key = (entity: string, side: SideName, id: string): string => `${entity}|${side}|${id}`;
  const remember = (link: Link): Link => {
    if (link.b24Id !== null) overlay.set(key(link.entity, 'b24', link.b24Id), link);
    if (link.navKey !== null) overlay.set(key(link.entity, 'nav', link.navKey), link);
    return link;
  };
  const fake = (side: SideName, id: string, fields: Readonly<Record<string, FieldValue>>): SideRecord => ({ id, version: null, modifiedAt: null, fields: { ...fields } });
  return {
    dryRun: true,
    planned,
    plan: (action) => void planned.push(action),
    create: (side, requests) => {
      for (const r of requests) planned.push({ entity: side.entity, action: 'create', side: side.side, id: null, source: r.externalId, fields: r.fields });
      return Promise.resolve(requests.map((r) => ({ ref: r.ref, ok: true as const, record: fake(side.side, `(new ${++fakeId})`, r.fields) })));
    },
    update: async (side, requests) => {
      for (const r of requests) planned.push({ entity: side.entity, action: 'update', side: side.side, id: r.id, source: r.ref, fields: r.fields });
      // What the record would look like: read it (reads are allowed) and lay the writes over it.
      const current = requests.length > 0 ? await side.fetch(requests.map((r) => r.id)) : new Map<string, SideRecord>();
      return requests.map((r) => {
        const before = current.get(r.id);
        return { ref: r.ref, ok: true as const, record: before ? { ...before, fields: { ...before.fields, ...r.fields } } : fake(side.side, r.id, r.fields) };
      });
    },
    delete: (side, ids) => {
      for (const id of ids) planned.push({ entity: side.entity, action: 'delete', side: side.side, id, source: 'onDelete: propagate', fields: {} });
      return Promise.resolve(ids.map((id) => (side.delete ? { id, ok: true as const } : cannotDelete(side, id))));
    },
    links: async (entity, side, ids) => {
      const stored = side === 'b24' ? await getLinksByB24(db, entity, ids) : await getLinksByNav(db, entity, ids);
      for (const id of ids) {
        const planned = overlay.get(key(entity, side, id));
        if (planned) stored.set(id, planned);
      }
      return stored;
    },
    insertLink: (link) => {
      const t = now();
      return Promise.resolve(remember({
        id: -++fakeId,
        entity: link.entity,
        b24Id: link.b24Id ?? null,
        navKey: link.navKey ?? null,
        state: link.state,
        b24Hash: null,
        navHash: null,
        heldB24Hash: link.heldB24Hash ?? null,
        heldNavHash: link.heldNavHash ?? null,
        b24Version: null,
        navVersion: null,
        base: null,
        intent: null,
        reason: link.reason ?? null,
        version: 1,
        createdAt: t,
        updatedAt: t,
        lastSyncedAt: null,
      }));
    },
    updateLink: (link, patch) => Promise.resolve(remember({ ...link, ...definedOnly(patch), version: link.version + 1 })),
    history: () => Promise.resolve(),
    conflict: () => Promise.resolve(),
    closeConflict: () => Promise.resolve(),
    enqueue: () => Promise.resolve(),
    annotate: () => Promise.resolve(),
  };
}

function cannotDelete(side: EntitySide, id: string): DeleteOutcome {
  const system = side.side === 'b24' ? 'Bitrix24' : 'NAV';
  return { id, ok: false, error: new SyncError(side.side === 'b24' ? 'B24_VALIDATION' : 'NAV_VALIDATION', `b24nav does not delete ${side.entity} in ${system}`) };
}

function definedOnly(patch: LinkFields): Partial<Link> {
  return Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
}
