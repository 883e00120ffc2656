// claim: hand due jobs to one worker, atomically, with a lease.
//
// Two passes, each one atomic UPDATE … RETURNING:
//  1. running jobs whose lease expired (their worker crashed or hung) — first, since
//     they are the oldest work;
//  2. pending/retry jobs with run_at ≤ now, by priority, run_at, id.
// Each pass reads one partial index in order, so a claim costs the same with ten or
// a million waiting jobs.
//
// PostgreSQL: the candidates are picked in a MATERIALIZED CTE with FOR UPDATE SKIP
// LOCKED, so concurrent claimers lock disjoint rows and never wait on each other;
// MATERIALIZED makes the LIMIT-ed, locking select run exactly once.
// SQLite: one UPDATE statement is one write transaction, serialised by the database
// write lock (busy_timeout makes a second process wait for it).
import { sql, type Expression, type SqlBool } from 'kysely';
import type { Db } from '../database.ts';
import { dialectOf } from '../dialect.ts';
import { isRunning, isWaiting, toJob, type Job } from './job.ts';

export interface ClaimOptions {
  /** Who takes the jobs (worker id); complete/fail/extendLease must name it. */
  owner: string;
  now: number;
  leaseMs: number;
  limit: number;
  /** Only jobs of these entities (all when absent). */
  entities?: readonly string[] | undefined;
}

export async function claim(db: Db, options: ClaimOptions): Promise<Job[]> {
  if (options.limit <= 0 || options.entities?.length === 0) return [];
  const expired = await claimWhere(db, options, options.limit, 'lease');
  const due = options.limit > expired.length ? await claimWhere(db, options, options.limit - expired.length, 'due') : [];
  return [...expired, ...due].sort(byClaimOrder).map(toJob);
}

function claimWhere(db: Db, options: ClaimOptions, limit: number, pass: 'lease' | 'due') {
  const { now } = options;
  const picked = db
    .selectFrom('jobs')
    .select('id')
    .where((eb) => {
      const filters: Expression<SqlBool>[] =
        pass === 'lease' ? [isRunning, eb('lease_until', '<=', now)] : [isWaiting, eb('run_at', '<=', now)];
      if (options.entities !== undefined) filters.push(eb('entity', 'in', options.entities));
      return eb.and(filters);
    })
    .$call((qb) => (pass === 'lease' ? qb.orderBy('lease_until').orderBy('id') : qb.orderBy('priority').orderBy('run_at').orderBy('id')))
    .limit(limit);
  const claimed = {
    state: 'running' as const,
    lease_owner: options.owner,
    lease_until: now + options.leaseMs,
    attempts: sql<number>`attempts + 1`,
    // Whoever claims reads the latest payload, so earlier mid-run changes are covered.
    rerun: 0,
    updated_at: now,
  };
  if (dialectOf(db) === 'postgres') {
    return db
      .with((cte) => cte('picked').materialized(), () => picked.forUpdate().skipLocked())
      .updateTable('jobs')
      .from('picked')
      .set(claimed)
      .whereRef('jobs.id', '=', 'picked.id')
      .returningAll('jobs')
      .execute();
  }
  return db.updateTable('jobs').set(claimed).where('id', 'in', picked).returningAll().execute();
}

function byClaimOrder(a: { priority: number; run_at: number; id: number }, b: { priority: number; run_at: number; id: number }): number {
  return a.priority - b.priority || a.run_at - b.run_at || a.id - b.id;
}

/** Pushes the lease of a job still held by `owner`; false when the lease was taken over. */
export async function extendLease(db: Db, id: number, owner: string, options: { now: number; leaseMs: number }): Promise<boolean> {
  const result = await db
    .updateTable('jobs')
    .set({ lease_until: options.now + options.leaseMs, updated_at: options.now })
    .where('id', '=', id)
    .where(isRunning)
    .where('lease_owner', '=', owner)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
