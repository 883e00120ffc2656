// Working space of reconcile runs and deletion scans: what one side holds, streamed in
// page by page, so the comparisons with the links run in SQL and memory stays flat
// whatever the number of records. Rows belong to one scan (a text id), are deleted
// when it ends, and rows a crashed scan left behind are purged by the next one.
import { PostgresAdapter, type ColumnDefinitionBuilder, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const id = (c: ColumnDefinitionBuilder): ColumnDefinitionBuilder =>
    pg ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey().autoIncrement();

  await db.schema
    .createTable('scratch_records')
    .addColumn('id', pg ? 'bigint' : 'integer', id)
    .addColumn('scan', 'text', (c) => c.notNull())
    .addColumn('side', 'text', (c) => c.notNull())
    .addColumn('record_id', 'text', (c) => c.notNull())
    // The canonical record as JSON (reconcile), null when only the id was listed.
    .addColumn('canonical', 'text')
    // Why the record cannot be compared (its values do not map).
    .addColumn('problem', 'text')
    // Why the engine leaves the record alone by design (a contact of no company).
    .addColumn('skipped', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('scratch_records_uq').unique().on('scratch_records').columns(['scan', 'side', 'record_id']).execute();
  await db.schema.createIndex('scratch_records_scan_id').on('scratch_records').columns(['scan', 'side', 'id']).execute();
  await db.schema.createIndex('scratch_records_created').on('scratch_records').columns(['created_at']).execute();

  await db.schema
    .createTable('scratch_keys')
    .addColumn('scan', 'text', (c) => c.notNull())
    .addColumn('side', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('record_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('scratch_keys_value').on('scratch_keys').columns(['scan', 'side', 'key', 'value', 'record_id']).execute();
  await db.schema.createIndex('scratch_keys_created').on('scratch_keys').columns(['created_at']).execute();
}
