// SQLite through better-sqlite3, tuned for one writer process plus readers:
// WAL (readers never block the writer), synchronous=NORMAL (durable at each WAL
// checkpoint, safe against corruption; a power cut may lose the last commits, never
// a process crash), busy_timeout so a second connection waits for the lock instead
// of failing at once.
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import {
  CompiledQuery,
  SqliteDialect,
  SqliteDriver,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type SqliteDatabase,
  type SqliteDialectConfig,
} from 'kysely';

export const SQLITE_BUSY_TIMEOUT_MS = 5000;
const STATEMENT_CACHE_SIZE = 256;

export function createSqliteDialect(file: string): Dialect {
  if (file !== ':memory:') mkdirSync(dirname(resolve(file)), { recursive: true });
  const raw = new BetterSqlite3(file);
  raw.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = NORMAL');
  return new ImmediateSqliteDialect({ database: withStatementCache(raw) });
}

/**
 * Kysely's SQLite driver opens transactions with a plain (deferred) BEGIN. A deferred
 * transaction that reads and then writes must upgrade its lock, and in WAL mode that
 * upgrade fails at once with SQLITE_BUSY(_SNAPSHOT) when another connection wrote in
 * between: busy_timeout does not help. Our transactions are write transactions, so
 * they take the write lock up front (BEGIN IMMEDIATE), where busy_timeout applies.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;

  constructor(config: SqliteDialectConfig) {
    super(config);
    this.#config = config;
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#config);
  }
}

/**
 * Kysely prepares every query again; better-sqlite3 statements are reusable, and the
 * repositories issue the same few statements thousands of times, so keep the most
 * recent ones (keyed by SQL text, least recently used evicted).
 */
function withStatementCache(db: BetterSqlite3.Database): SqliteDatabase {
  const cache = new Map<string, BetterSqlite3.Statement>();
  return {
    close: () => {
      cache.clear();
      db.close();
    },
    prepare: (sql) => {
      let statement = cache.get(sql);
      if (statement === undefined) {
        statement = db.prepare(sql);
        if (cache.size >= STATEMENT_CACHE_SIZE) {
          const oldest = cache.keys().next();
          if (oldest.done !== true) cache.delete(oldest.value);
        }
      } else {
        cache.delete(sql);
      }
      cache.set(sql, statement);
      return statement;
    },
  };
}
