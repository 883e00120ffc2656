// Links remember, per side, the hash of a change the engine gave up on (refused
// permanently, or parked as ambiguous): scans skip that record until it changes
// again, instead of re-queuing the same failure every poll.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('links').addColumn('held_b24_hash', 'text').execute();
  await db.schema.alterTable('links').addColumn('held_nav_hash', 'text').execute();
}
