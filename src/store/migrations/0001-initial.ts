// The initial schema. Migrations are append-only: once this file has landed it is
// never edited; a change to the schema is a new file (0002-…) added to index.ts.
// Everything a migration needs is in its own file, so later edits to shared code
// cannot change what an old migration does.
//
// Portability choices: timestamps are bigint epoch milliseconds, JSON is text,
// booleans are 0/1 integers, states are text without CHECK constraints (adding a
// state to a CHECK on SQLite would need a table rebuild). Partial indexes spell
// their predicates with literals, and the queries repeat them verbatim, because
// SQLite only uses a partial index whose WHERE the query's WHERE visibly implies.
import { PostgresAdapter, sql, type ColumnDefinitionBuilder, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const idType = pg ? 'bigint' : 'integer';
  // SQLite: AUTOINCREMENT so ids are never reused after deletes (jobs and history
  // are listed by id keyset). PostgreSQL: an identity column.
  const id = (c: ColumnDefinitionBuilder): ColumnDefinitionBuilder =>
    pg ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey().autoIncrement();

  await db.schema
    .createTable('links')
    .addColumn('id', idType, id)
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('b24_id', 'text')
    .addColumn('nav_key', 'text')
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('b24_hash', 'text')
    .addColumn('nav_hash', 'text')
    .addColumn('b24_version', 'text')
    .addColumn('nav_version', 'text')
    .addColumn('base', 'text')
    .addColumn('intent', 'text')
    .addColumn('reason', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('last_synced_at', 'bigint')
    .execute();
  await db.schema.createIndex('links_b24_uq').unique().on('links').columns(['entity', 'b24_id'])
    .where(sql.ref('b24_id'), 'is not', null).execute();
  await db.schema.createIndex('links_nav_uq').unique().on('links').columns(['entity', 'nav_key'])
    .where(sql.ref('nav_key'), 'is not', null).execute();
  await db.schema.createIndex('links_entity_id').on('links').columns(['entity', 'id']).execute();
  await db.schema.createIndex('links_entity_state_id').on('links').columns(['entity', 'state', 'id']).execute();

  await db.schema
    .createTable('cursors')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('jobs')
    .addColumn('id', idType, id)
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('record_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('payload', 'text')
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('priority', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('run_at', 'bigint', (c) => c.notNull())
    .addColumn('lease_owner', 'text')
    .addColumn('lease_until', 'bigint')
    .addColumn('rerun', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('finished_at', 'bigint')
    .execute();
  // One active job per record: the target of enqueue's ON CONFLICT.
  await db.schema.createIndex('jobs_active_uq').unique().on('jobs').columns(['entity', 'source', 'record_id'])
    .where(sql<boolean>`state in ('pending', 'running', 'retry')`).execute();
  // claim: due jobs in (priority, run_at, id) order, read straight off the index.
  await db.schema.createIndex('jobs_due').on('jobs').columns(['priority', 'run_at', 'id'])
    .where(sql<boolean>`state in ('pending', 'retry')`).execute();
  // claim: running jobs whose lease ran out (a crashed worker's).
  await db.schema.createIndex('jobs_lease').on('jobs').columns(['lease_until'])
    .where(sql<boolean>`state = 'running'`).execute();
  // stats (count per entity × state, oldest due run_at) as an index-only scan.
  await db.schema.createIndex('jobs_entity_state').on('jobs').columns(['entity', 'state', 'run_at']).execute();
  // listJobs / dead-letter operations / purgeDone, keyset by id within a state.
  await db.schema.createIndex('jobs_state_id').on('jobs').columns(['state', 'id']).execute();

  await db.schema
    .createTable('history')
    .addColumn('id', idType, id)
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('link_id', 'bigint')
    .addColumn('b24_id', 'text')
    .addColumn('nav_key', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('direction', 'text')
    .addColumn('policy', 'text')
    .addColumn('fields', 'text')
    .addColumn('message', 'text')
    .addColumn('run_id', 'bigint')
    .addColumn('error', 'text')
    .execute();
  await db.schema.createIndex('history_entity_id').on('history').columns(['entity', 'id']).execute();
  await db.schema.createIndex('history_b24').on('history').columns(['entity', 'b24_id', 'id'])
    .where(sql.ref('b24_id'), 'is not', null).execute();
  await db.schema.createIndex('history_nav').on('history').columns(['entity', 'nav_key', 'id'])
    .where(sql.ref('nav_key'), 'is not', null).execute();
  await db.schema.createIndex('history_link').on('history').columns(['link_id', 'id'])
    .where(sql.ref('link_id'), 'is not', null).execute();

  await db.schema
    .createTable('conflicts')
    .addColumn('id', idType, id)
    .addColumn('link_id', 'bigint', (c) => c.notNull())
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('b24_id', 'text')
    .addColumn('nav_key', 'text')
    .addColumn('fields', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('resolution', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('resolved_at', 'bigint')
    .execute();
  await db.schema.createIndex('conflicts_open_uq').unique().on('conflicts').columns(['link_id'])
    .where(sql<boolean>`state = 'open'`).execute();
  await db.schema.createIndex('conflicts_state_entity_id').on('conflicts').columns(['state', 'entity', 'id']).execute();

  await db.schema
    .createTable('runs')
    .addColumn('id', idType, id)
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('entity', 'text')
    .addColumn('started_at', 'bigint', (c) => c.notNull())
    .addColumn('finished_at', 'bigint')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('counts', 'text')
    .addColumn('error', 'text')
    .execute();
  await db.schema.createIndex('runs_entity_id').on('runs').columns(['entity', 'id']).execute();
  await db.schema.createIndex('runs_kind_id').on('runs').columns(['kind', 'id']).execute();
}
