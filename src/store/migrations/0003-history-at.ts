// History by time: the dashboard's throughput chart counts the rows of the last
// minutes every few seconds, which without this index reads the whole (ever
// growing, append-only) table each time.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('history_at').on('history').columns(['at']).execute();
}
