// Runs the static migration list to the latest version. Kysely's migrator records
// applied migrations in kysely_migration and takes a lock (an advisory lock on
// PostgreSQL), so two processes opening the store at once migrate only once.
import { Migrator, type Kysely } from 'kysely';
import type { Logger } from '../core/log.ts';
import { migrations } from './migrations/index.ts';

export interface MigrateOptions {
  logger: Logger;
  /**
   * PostgreSQL: the schema the store lives in. Kysely's "does the migration table
   * exist" check looks at every schema unless told which one, so without it a
   * kysely_migration table in another schema would be mistaken for ours.
   */
  schema?: string | undefined;
}

/** Applies pending migrations; returns the names applied now (empty when up to date). */
export async function migrateToLatest<DB>(db: Kysely<DB>, options: MigrateOptions): Promise<string[]> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: () => Promise.resolve(migrations) },
    ...(options.schema === undefined ? {} : { migrationTableSchema: options.schema }),
  });
  const { error, results = [] } = await migrator.migrateToLatest();
  const failed = results.find((r) => r.status === 'Error');
  if (error !== undefined) {
    const where = failed === undefined ? '' : ` in ${failed.migrationName}`;
    throw new Error(`store migration failed${where}: ${describe(error)}`, {
      cause: error,
    });
  }
  const applied = results.filter((r) => r.status === 'Success').map((r) => r.migrationName);
  if (applied.length > 0) options.logger.info({ migrations: applied }, 'store migrated');
  return applied;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : JSON.stringify(error);
}
