// One transaction helper for both dialects. On SQLite the driver opens write
// transactions with BEGIN IMMEDIATE (see sqlite-dialect.ts); on PostgreSQL it is a
// plain READ COMMITTED transaction, and the queue relies on row locks instead.
import type { Db } from './database.ts';

/**
 * Runs `fn` in a transaction, or inside the caller's transaction when `db` already
 * is one, so a repository function that needs atomicity composes with an outer
 * transaction instead of failing on a nested BEGIN.
 */
export function withTransaction<T>(db: Db, fn: (trx: Db) => Promise<T>): Promise<T> {
  return db.isTransaction ? fn(db) : db.transaction().execute(fn);
}
