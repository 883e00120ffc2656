// What /api/status and `b24nav status` show per entity kind: linked, pending,
// failed, conflicts, the last run and the lag (age of the oldest due job).
import { countLinksByState, listConflicts, listRuns, stats } from '../store/index.ts';
import type { Db } from '../store/index.ts';

export interface EntityStatus {
  readonly entity: string;
  readonly linked: number;
  readonly ambiguous: number;
  readonly pending: number;
  readonly failed: number;
  readonly conflicts: number;
  readonly lagSeconds: number | null;
}

export interface Status {
  readonly entities: EntityStatus[];
  readonly lastRun: { readonly id: number; readonly kind: string; readonly status: string; readonly startedAt: string; readonly finishedAt: string | null } | null;
}

/** `kinds`: the entity kinds the config syncs, in order. */
export async function collectStatus(db: Db, now: number, kinds: readonly string[]): Promise<Status> {
  const [links, jobs, conflicts, runs] = await Promise.all([
    countLinksByState(db),
    stats(db, now),
    listConflicts(db, { state: 'open', limit: 10_000 }),
    listRuns(db, { limit: 1 }),
  ]);
  const entities = kinds.map((entity) => {
    const j = jobs.find((s) => s.entity === entity);
    const count = (state: string): number => links.filter((l) => l.entity === entity && l.state === state).reduce((s, l) => s + l.count, 0);
    return {
      entity,
      linked: count('active'),
      ambiguous: count('ambiguous'),
      pending: (j?.counts.pending ?? 0) + (j?.counts.retry ?? 0) + (j?.counts.running ?? 0),
      failed: j?.counts.dead ?? 0,
      conflicts: conflicts.filter((c) => c.entity === entity).length,
      lagSeconds: j?.oldestDueAgeMs === null || j?.oldestDueAgeMs === undefined ? null : Math.round(j.oldestDueAgeMs / 1000),
    };
  });
  const last = runs[0];
  return {
    entities,
    lastRun: last
      ? { id: last.id, kind: last.kind, status: last.status, startedAt: new Date(last.startedAt).toISOString(), finishedAt: last.finishedAt === null ? null : new Date(last.finishedAt).toISOString() }
      : null,
  };
}
