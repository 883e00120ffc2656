// Throughput per entity kind and minute, counted from the history: records written
// (created, updated, linked, deleted, unlinked) and records that failed. One grouped
// query over the rows of the window, read through the history_at index.
import { sql } from 'kysely';
import type { Db } from './database.ts';

export const SYNCED_ACTIONS = ['created', 'updated', 'linked', 'deleted', 'unlinked'] as const;
export const FAILED_ACTIONS = ['failed', 'dead'] as const;

export interface EntityThroughput {
  readonly entity: string;
  /** Per minute, oldest first: records written. */
  readonly synced: number[];
  /** Per minute, oldest first: failed attempts and records dead-lettered. */
  readonly failed: number[];
}

export interface Throughput {
  /** Start of the first minute (epoch ms); minute i starts at from + i·60 000. */
  readonly from: number;
  readonly minutes: number;
  readonly entities: EntityThroughput[];
}

const MINUTE = 60_000;

/**
 * The last `minutes` whole minutes up to and including the current one. `kinds`
 * are listed first and always (zeros when idle); other entity kinds found in the
 * history follow in name order.
 */
export async function throughputByMinute(db: Db, now: number, minutes: number, kinds: readonly string[] = []): Promise<Throughput> {
  const from = Math.floor(now / MINUTE) * MINUTE - (minutes - 1) * MINUTE;
  const rows = await db
    .selectFrom('history')
    .select((eb) => [
      'entity',
      sql<string>`case when action in ('failed', 'dead') then 'failed' else 'synced' end`.as('kind'),
      // Literals, not parameters: both are whole numbers of ours, and a bound JS number may
      // reach SQLite as a REAL, which would turn the division fractional.
      sql<number | string>`(at - ${sql.lit(from)}) / ${sql.lit(MINUTE)}`.as('bucket'),
      eb.fn.countAll<number | string>().as('count'),
    ])
    .where('at', '>=', from)
    .where('action', 'in', [...SYNCED_ACTIONS, ...FAILED_ACTIONS])
    .groupBy(['entity', sql`2`, sql`3`])
    .execute();
  const byEntity = new Map<string, EntityThroughput>();
  const series = (entity: string): EntityThroughput => {
    let s = byEntity.get(entity);
    if (!s) {
      s = { entity, synced: new Array<number>(minutes).fill(0), failed: new Array<number>(minutes).fill(0) };
      byEntity.set(entity, s);
    }
    return s;
  };
  for (const kind of kinds) series(kind);
  const others: string[] = [];
  for (const row of rows) {
    const bucket = Math.floor(Number(row.bucket));
    // Rows stamped in the future (a clock step back) are left out rather than misplaced.
    if (bucket < 0 || bucket >= minutes) continue;
    if (!byEntity.has(row.entity)) others.push(row.entity);
    const s = series(row.entity);
    const list = row.kind === 'failed' ? s.failed : s.synced;
    list[bucket] = (list[bucket] ?? 0) + Number(row.count);
  }
  const order = [...kinds, ...[...new Set(others)].sort()];
  return { from, minutes, entities: order.map((e) => byEntity.get(e) as EntityThroughput) };
}
