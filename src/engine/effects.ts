// Everything the sync pipeline changes goes through Effects: writes to either
// system, links, history, conflicts, jobs. The real implementation writes; the
// dry-run one records what would happen and changes nothing (`b24nav sync --dry-run`).
import type { FieldValue, SideName, SideRecord } from '../core/record.ts';
import {
  appendHistoryMany,
  enqueueMany,
  insertLink,
  openConflict,
  updateLink,
  type Db,
  type Link,
  type LinkFields,
  type NewConflict,
  type NewHistoryEntry,
  type NewJob,
  type NewLink,
} from '../store/index.ts';
import type { CreateRequest, EntitySide, UpdateRequest, WriteOutcome } from './ports.ts';

export interface PlannedAction {
  readonly entity: string;
  readonly action: 'create' | 'update' | 'link' | 'ambiguous';
  readonly side: SideName;
  readonly id: string | null;
  readonly source: string;
  readonly fields: Readonly<Record<string, FieldValue>>;
}

export interface Effects {
  readonly dryRun: boolean;
  create(side: EntitySide, requests: readonly CreateRequest[]): Promise<WriteOutcome[]>;
  update(side: EntitySide, requests: readonly UpdateRequest[]): Promise<WriteOutcome[]>;
  insertLink(link: NewLink): Promise<Link | undefined>;
  /** Compare-and-set on the link's version; undefined if another worker changed it first. */
  updateLink(link: Link, patch: LinkFields): Promise<Link | undefined>;
  history(entries: readonly NewHistoryEntry[]): Promise<void>;
  conflict(conflict: NewConflict): Promise<void>;
  enqueue(jobs: readonly NewJob[]): Promise<void>;
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
    insertLink: (link) => insertLink(db, link, now()),
    updateLink: (link, patch) => updateLink(db, link.id, patch, { now: now(), expectedVersion: link.version }),
    history: async (entries) => {
      if (entries.length > 0) await appendHistoryMany(db, entries);
    },
    conflict: async (c) => {
      await openConflict(db, c, now());
    },
    enqueue: async (jobs) => {
      if (jobs.length > 0) await enqueueMany(db, jobs, now());
    },
  };
}

/** Writes nothing; pretends every write succeeds so the rest of the plan can be shown. */
export function dryRunEffects(now: () => number): Effects {
  let fakeId = 0;
  const planned: PlannedAction[] = [];
  const fake = (side: SideName, id: string, fields: Readonly<Record<string, FieldValue>>): SideRecord => ({ id, version: null, modifiedAt: null, fields: { ...fields } });
  return {
    dryRun: true,
    planned,
    plan: (action) => void planned.push(action),
    create: (side, requests) => {
      for (const r of requests) planned.push({ entity: side.entity, action: 'create', side: side.side, id: null, source: r.externalId, fields: r.fields });
      return Promise.resolve(requests.map((r) => ({ ref: r.ref, ok: true as const, record: fake(side.side, `(new ${++fakeId})`, r.fields) })));
    },
    update: (side, requests) => {
      for (const r of requests) planned.push({ entity: side.entity, action: 'update', side: side.side, id: r.id, source: r.ref, fields: r.fields });
      return Promise.resolve(requests.map((r) => ({ ref: r.ref, ok: true as const, record: fake(side.side, r.id, r.fields) })));
    },
    insertLink: (link) => {
      const t = now();
      return Promise.resolve({
        id: -++fakeId,
        entity: link.entity,
        b24Id: link.b24Id ?? null,
        navKey: link.navKey ?? null,
        state: link.state,
        b24Hash: null,
        navHash: null,
        b24Version: null,
        navVersion: null,
        base: null,
        intent: null,
        reason: link.reason ?? null,
        version: 1,
        createdAt: t,
        updatedAt: t,
        lastSyncedAt: null,
      });
    },
    updateLink: (link, patch) => Promise.resolve({ ...link, ...definedOnly(patch), version: link.version + 1 }),
    history: () => Promise.resolve(),
    conflict: () => Promise.resolve(),
    enqueue: () => Promise.resolve(),
  };
}

function definedOnly(patch: LinkFields): Partial<Link> {
  return Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
}
