// The queue and the conflicts as they stand, read from the store at scrape time
// (grouped queries the indexes answer): jobs per entity and state, how long the
// oldest due job of each waiting state has waited, open conflicts and the age of
// the oldest.
import { Gauge, type Registry } from 'prom-client';
import { dueAges, JOB_STATES, openConflictStats, stats, type Db } from '../store/index.ts';

const WAITING = ['pending', 'retry'] as const;

export class QueueMetrics {
  private readonly jobs: Gauge<'entity' | 'state'>;
  private readonly oldest: Gauge<'entity' | 'state'>;
  private readonly conflicts: Gauge<'entity'>;
  private readonly conflictAge: Gauge<'entity'>;

  constructor(registry: Registry) {
    const registers = [registry];
    this.jobs = new Gauge({ name: 'b24nav_queue_jobs', help: 'Jobs in the queue by entity and state (pending, running, retry, done, dead)', labelNames: ['entity', 'state'], registers });
    this.oldest = new Gauge({ name: 'b24nav_queue_oldest_due_age_seconds', help: 'How long the oldest due job has waited, by entity and state (pending, retry); 0 when none is due', labelNames: ['entity', 'state'], registers });
    this.conflicts = new Gauge({ name: 'b24nav_conflicts_open', help: 'Conflicts waiting for an operator, by entity', labelNames: ['entity'], registers });
    this.conflictAge = new Gauge({ name: 'b24nav_conflicts_oldest_age_seconds', help: 'How long the oldest open conflict has waited, by entity; 0 when none', labelNames: ['entity'], registers });
  }

  /** `kinds`: the entity kinds synced, shown with zeros when they have no jobs. */
  async collect(db: Db, now: number, kinds: readonly string[]): Promise<void> {
    const [counts, ages, conflicts] = await Promise.all([stats(db, now), dueAges(db, now), openConflictStats(db)]);
    const entities = [...new Set([...kinds, ...counts.map((c) => c.entity), ...conflicts.map((c) => c.entity)])];
    for (const g of [this.jobs, this.oldest, this.conflicts, this.conflictAge]) g.reset();
    for (const entity of entities) {
      const c = counts.find((x) => x.entity === entity);
      for (const state of JOB_STATES) this.jobs.set({ entity, state }, c?.counts[state] ?? 0);
      for (const state of WAITING) this.oldest.set({ entity, state }, (ages.find((a) => a.entity === entity && a.state === state)?.ageMs ?? 0) / 1000);
      const open = conflicts.find((x) => x.entity === entity);
      this.conflicts.set({ entity }, open?.count ?? 0);
      this.conflictAge.set({ entity }, open ? Math.max(0, now - open.oldestAt) / 1000 : 0);
    }
  }
}
