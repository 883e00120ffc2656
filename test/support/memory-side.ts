// An EntitySide over a Map: the engine's own port, in memory, for fast tests of
// the sync pipeline's semantics. The end-to-end suites use the real connectors.
import { SyncError } from '../../src/core/failure.ts';
import { matchValue } from '../../src/core/match.ts';
import type { FieldValue, SideName, SideRecord } from '../../src/core/record.ts';
import type { ChangeScan, CreateRequest, DeleteOutcome, EntityKind, EntitySide, FindQuery, FindResult, UpdateRequest, WriteOutcome } from '../../src/engine/ports.ts';

export interface MemoryRecord {
  id: string;
  version: number;
  /** The cursor value when it last changed. */
  tick: number;
  modifiedAt: string;
  fields: Record<string, FieldValue>;
}

export class MemorySide implements EntitySide {
  readonly records = new Map<string, MemoryRecord>();
  tick = 0;
  nextId = 1000;
  /** Paths the side looks candidates up by, per match key. */
  lookupPaths: Record<string, string> = {};
  /** Validation: return a message to refuse a write. */
  validate: (fields: Readonly<Record<string, FieldValue>>) => string | undefined = () => undefined;
  externalIds = new Map<string, string>();
  writes = 0;
  /** Refusal of a delete: return a message to refuse it (NAV keeps a customer with ledger entries). */
  refuseDelete: (id: string) => string | undefined = () => undefined;
  deletes = 0;
  /** Values the system computes on every write (NAV's order total from its lines). */
  derive: (fields: Readonly<Record<string, FieldValue>>) => Record<string, FieldValue> = () => ({});
  /** What annotate() showed on each record (a deal's status field). */
  readonly notes = new Map<string, string | null>();
  annotations = 0;

  constructor(
    readonly side: SideName,
    readonly entity: EntityKind,
    private readonly date: () => string = () => '2026-11-29T10:00:00+03:00',
  ) {}

  put(id: string, fields: Record<string, FieldValue>): MemoryRecord {
    const existing = this.records.get(id);
    const record: MemoryRecord = { id, version: (existing?.version ?? 0) + 1, tick: ++this.tick, modifiedAt: this.date(), fields: { ...existing?.fields, ...fields } };
    this.records.set(id, record);
    return record;
  }

  private view(r: MemoryRecord): SideRecord {
    return { id: r.id, version: String(r.version), modifiedAt: r.modifiedAt, fields: { ...r.fields } };
  }

  fieldPaths(): Promise<ReadonlyArray<{ path: string; writable: boolean }>> {
    return Promise.resolve([]);
  }

  scanChanges(cursor: string | null): ChangeScan {
    const since = cursor === null ? 0 : Number(cursor);
    const upTo = this.tick;
    const rows = [...this.records.values()].filter((r) => r.tick > since && r.tick <= upTo).map((r) => this.view(r));
    return {
      pages: (function* () {
        for (let i = 0; i < rows.length; i += 100) yield rows.slice(i, i + 100);
      })() as unknown as AsyncIterable<readonly SideRecord[]>,
      cursor: () => String(upTo),
    };
  }

  fetch(ids: readonly string[]): Promise<Map<string, SideRecord>> {
    const out = new Map<string, SideRecord>();
    for (const id of ids) {
      const r = this.records.get(id);
      if (r) out.set(id, this.view(r));
    }
    return Promise.resolve(out);
  }

  find(queries: readonly FindQuery[]): Promise<FindResult[]> {
    return Promise.resolve(
      queries.map((q) => ({
        ref: q.ref,
        candidates: q.lookups.map((l) => {
          const path = this.lookupPaths[l.key];
          const ids = path
            ? [...this.records.values()]
                .filter((r) => {
                  const v = r.fields[path];
                  const values = Array.isArray(v) ? v : [v];
                  return values.some((x: FieldValue) => x !== null && typeof x !== 'object' && l.values.includes(matchValue(l.kind, x) ?? '\u0000'));
                })
                .map((r) => r.id)
            : [];
          return { key: l.key, ids };
        }),
      })),
    );
  }

  findByExternalId(externalIds: readonly string[]): Promise<Map<string, SideRecord>> {
    const out = new Map<string, SideRecord>();
    for (const e of externalIds) {
      const id = this.externalIds.get(e);
      const r = id ? this.records.get(id) : undefined;
      if (r) out.set(e, this.view(r));
    }
    return Promise.resolve(out);
  }

  create(requests: readonly CreateRequest[]): Promise<WriteOutcome[]> {
    return Promise.resolve(
      requests.map((r) => {
        const problem = this.validate(r.fields);
        if (problem) return { ref: r.ref, ok: false as const, error: new SyncError(this.side === 'nav' ? 'NAV_VALIDATION' : 'B24_VALIDATION', problem) };
        this.writes++;
        const record = this.put(String(this.nextId++), { ...r.fields, ...this.derive(r.fields) });
        this.externalIds.set(r.externalId, record.id);
        return { ref: r.ref, ok: true as const, record: this.view(record) };
      }),
    );
  }

  update(requests: readonly UpdateRequest[]): Promise<WriteOutcome[]> {
    return Promise.resolve(
      requests.map((r) => {
        const current = this.records.get(r.id);
        if (!current) return { ref: r.ref, ok: false as const, error: new SyncError(this.side === 'nav' ? 'NAV_NOT_FOUND' : 'B24_NOT_FOUND', `${r.id} not found`) };
        if (this.side === 'nav' && r.version !== null && r.version !== String(current.version)) {
          return { ref: r.ref, ok: false as const, error: new SyncError('NAV_STALE_KEY', 'Another user has modified the record') };
        }
        const problem = this.validate({ ...current.fields, ...r.fields });
        if (problem) return { ref: r.ref, ok: false as const, error: new SyncError(this.side === 'nav' ? 'NAV_VALIDATION' : 'B24_VALIDATION', problem) };
        this.writes++;
        return { ref: r.ref, ok: true as const, record: this.view(this.put(r.id, { ...r.fields, ...this.derive({ ...current.fields, ...r.fields }) })) };
      }),
    );
  }

  delete(ids: readonly string[]): Promise<DeleteOutcome[]> {
    return Promise.resolve(
      ids.map((id) => {
        const problem = this.records.has(id) ? this.refuseDelete(id) : undefined;
        if (problem) return { id, ok: false as const, error: new SyncError(this.side === 'nav' ? 'NAV_VALIDATION' : 'B24_VALIDATION', problem) };
        if (this.records.delete(id)) this.deletes++;
        return { id, ok: true as const };
      }),
    );
  }

  annotate(notes: ReadonlyArray<{ readonly id: string; readonly note: string | null }>): Promise<void> {
    for (const n of notes) {
      if ((this.notes.get(n.id) ?? null) === n.note) continue;
      this.notes.set(n.id, n.note);
      this.annotations++;
    }
    return Promise.resolve();
  }

  listIds(): AsyncIterable<readonly string[]> {
    const ids = [...this.records.keys()];
    return (function* () {
      yield ids;
    })() as unknown as AsyncIterable<readonly string[]>;
  }
}
