// Operator actions on dead-lettered jobs and housekeeping of finished ones.
import { sql, type Expression, type SqlBool } from 'kysely';
import type { Db } from '../database.ts';
import { withTransaction } from '../transaction.ts';

/** Which dead jobs an operator action applies to. */
export type DeadJobs = { ids: readonly number[] } | { entity: string } | { all: true };

export interface RetryDeadResult {
  /** Dead jobs put back to pending. */
  retried: number;
  /** Dead jobs removed because their record already has an active job, which covers them. */
  superseded: number;
}

/**
 * Puts dead jobs back to pending (attempts reset, due now). A record can only have
 * one active job, so per record only its newest selected dead job is revived, and
 * only if no active job exists for it; the other selected dead jobs of that record
 * are superseded by the active one and deleted (their failure stays in history).
 */
export function retryDead(db: Db, which: DeadJobs, now: number): Promise<RetryDeadResult> {
  if ('ids' in which && which.ids.length === 0) return Promise.resolve({ retried: 0, superseded: 0 });
  return withTransaction(db, async (trx) => {
    const revived = await trx
      .updateTable('jobs')
      .set({ state: 'pending', attempts: 0, run_at: now, rerun: 0, finished_at: null, lease_owner: null, lease_until: null, updated_at: now })
      .where((eb) =>
        eb.and([
          selected('jobs', which),
          eb(
            'id',
            '=',
            eb
              .selectFrom('jobs as d')
              .select((d) => d.fn.max('d.id').as('newest'))
              .where(selected('d', which))
              .where(sameRecord('d')),
          ),
          eb.not(eb.exists(eb.selectFrom('jobs as a').select(sql.lit(1).as('one')).where((a) => a.and([activeIn('a'), sameRecord('a')])))),
        ]),
      )
      .executeTakeFirst();
    const superseded = await trx
      .deleteFrom('jobs')
      .where(selected('jobs', which))
      .executeTakeFirst();
    return { retried: Number(revived.numUpdatedRows), superseded: Number(superseded.numDeletedRows) };
  });
}

/** Deletes dead jobs (the operator gave up on them; history keeps what happened). */
export async function dropDead(db: Db, which: DeadJobs): Promise<number> {
  if ('ids' in which && which.ids.length === 0) return 0;
  const result = await db.deleteFrom('jobs').where(selected('jobs', which)).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Deletes done jobs finished before `olderThan` (epoch ms); returns how many. */
export async function purgeDone(db: Db, olderThan: number): Promise<number> {
  const result = await db.deleteFrom('jobs').where('state', '=', 'done').where('finished_at', '<', olderThan).executeTakeFirst();
  return Number(result.numDeletedRows);
}

type Alias = 'jobs' | 'd' | 'a';

// Raw fragments with table aliases: the same filter is applied to the updated row
// and to the correlated subqueries' rows.
function selected(alias: Alias, which: DeadJobs): Expression<SqlBool> {
  const filters = [sql<boolean>`${sql.ref(`${alias}.state`)} = 'dead'`];
  if ('ids' in which) filters.push(sql<boolean>`${sql.ref(`${alias}.id`)} in (${sql.join(which.ids)})`);
  if ('entity' in which) filters.push(sql<boolean>`${sql.ref(`${alias}.entity`)} = ${which.entity}`);
  return sql<boolean>`(${sql.join(filters, sql` and `)})`;
}

function activeIn(alias: Alias): Expression<SqlBool> {
  return sql<boolean>`${sql.ref(`${alias}.state`)} in ('pending', 'running', 'retry')`;
}

/** Row `alias` is about the same record as the row being updated (`jobs`). */
function sameRecord(alias: Alias): Expression<SqlBool> {
  const equal = (['entity', 'source', 'record_id'] as const).map(
    (column) => sql<boolean>`${sql.ref(`${alias}.${column}`)} = ${sql.ref(`jobs.${column}`)}`,
  );
  return sql<boolean>`(${sql.join(equal, sql` and `)})`;
}
