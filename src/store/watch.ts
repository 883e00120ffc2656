// Grouped reads for metrics and alerts: how long due jobs have waited per entity
// and state, how many jobs were dead-lettered since a time, and the open conflicts
// with the oldest one's age. Each is one GROUP BY that an index answers (or that
// reads only the few rows in the state asked for), cheap enough for every scrape.
import { sql } from 'kysely';
import type { Db } from './database.ts';

export interface DueAge {
  readonly entity: string;
  readonly state: 'pending' | 'retry';
  /** How long the oldest job of this entity and state has been due (run_at ≤ now). */
  readonly ageMs: number;
}

/** Per entity and waiting state, the age of the oldest due job; states with no due job are absent. */
export async function dueAges(db: Db, now: number): Promise<DueAge[]> {
  const rows = await db
    .selectFrom('jobs')
    .select((eb) => ['entity', 'state', eb.fn.min<number>('run_at').as('oldest')])
    .where('state', 'in', ['pending', 'retry'])
    .where('run_at', '<=', now)
    .groupBy(['entity', 'state'])
    .orderBy('entity')
    .orderBy('state')
    .execute();
  return rows.map((r) => ({ entity: r.entity, state: r.state as DueAge['state'], ageMs: Math.max(0, now - Number(r.oldest)) }));
}

export interface EntityCount {
  readonly entity: string;
  readonly count: number;
}

/** Jobs dead-lettered at or after `since` and still dead (a retried or dropped one no longer counts). */
export async function deadSince(db: Db, since: number): Promise<EntityCount[]> {
  const rows = await db
    .selectFrom('jobs')
    .select((eb) => ['entity', eb.fn.countAll<number>().as('count')])
    .where(sql<boolean>`state = 'dead'`)
    .where('finished_at', '>=', since)
    .groupBy('entity')
    .orderBy('entity')
    .execute();
  return rows.map((r) => ({ entity: r.entity, count: Number(r.count) }));
}

export interface OpenConflicts {
  readonly entity: string;
  readonly count: number;
  /** When the oldest open conflict of the entity was parked (epoch ms). */
  readonly oldestAt: number;
}

/** Open conflicts per entity, with when the oldest was parked. */
export async function openConflictStats(db: Db): Promise<OpenConflicts[]> {
  const rows = await db
    .selectFrom('conflicts')
    .select((eb) => ['entity', eb.fn.countAll<number>().as('count'), eb.fn.min<number>('created_at').as('oldest')])
    .where('state', '=', 'open')
    .groupBy('entity')
    .orderBy('entity')
    .execute();
  return rows.map((r) => ({ entity: r.entity, count: Number(r.count), oldestAt: Number(r.oldest) }));
}
