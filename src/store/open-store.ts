// openStore: one entry point for both databases. A postgres:// URL selects
// PostgreSQL; otherwise SQLite at `file`. Migrations run to the latest version
// before the store is handed out, so every caller sees the current schema.
//
// SQLite: open one Store per file per process. better-sqlite3 is synchronous, so a
// second connection in the same process waiting in busy_timeout for the first one's
// transaction blocks the event loop the first one needs to finish. Separate
// processes (the `run` service and a CLI command) are fine: they wait for each other.
import { Kysely } from 'kysely';
import { silentLogger, type Logger } from '../core/log.ts';
import type { Database, Db } from './database.ts';
import type { StoreDialect } from './dialect.ts';
import { migrateToLatest } from './migrate.ts';
import { createPostgresDialect } from './postgres-dialect.ts';
import { createSqliteDialect } from './sqlite-dialect.ts';

export const DEFAULT_SQLITE_FILE = './data/b24nav.db';

export interface StoreOptions {
  /** postgres://… or postgresql://… ; when absent, SQLite at `file`. */
  url?: string | undefined;
  /** SQLite file (its directory is created); ':memory:' for throwaway stores. */
  file?: string | undefined;
  /** PostgreSQL schema to live in (set as the pool's search_path, created if missing). */
  schema?: string | undefined;
  /** PostgreSQL pool size (default 10). */
  poolSize?: number | undefined;
  logger?: Logger | undefined;
}

export interface Store {
  readonly db: Db;
  readonly dialect: StoreDialect;
  /** Migrations applied by this open (empty when the schema was already current). */
  readonly migrated: readonly string[];
  /** Closes the database or pool; calling it again is harmless. */
  close(): Promise<void>;
}

const POSTGRES_URL = /^postgres(ql)?:\/\//;

export async function openStore(options: StoreOptions = {}): Promise<Store> {
  const logger = options.logger ?? silentLogger;
  let dialect: StoreDialect;
  let db: Db;
  let schema: string | undefined;
  if (options.url !== undefined) {
    if (!POSTGRES_URL.test(options.url)) {
      throw new Error('store.url must be a postgres:// URL; for SQLite leave it out and set store.file');
    }
    const pg = await createPostgresDialect({ url: options.url, schema: options.schema, poolSize: options.poolSize, logger });
    dialect = 'postgres';
    schema = pg.schema;
    db = new Kysely<Database>({ dialect: pg.dialect });
  } else {
    dialect = 'sqlite';
    db = new Kysely<Database>({ dialect: createSqliteDialect(options.file ?? DEFAULT_SQLITE_FILE) });
  }
  let migrated: string[];
  try {
    migrated = await migrateToLatest(db, { logger, schema });
  } catch (error) {
    await db.destroy();
    throw error;
  }
  let closing: Promise<void> | undefined;
  return { db, dialect, migrated, close: () => (closing ??= db.destroy()) };
}
