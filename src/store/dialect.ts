// Which database a Kysely instance (or a transaction of it) talks to, read from
// its adapter, so repository functions keep the `(db, ...)` signature and still
// pick the dialect-specific statement where one is needed (claim, migrations).
import { PostgresAdapter, type Kysely } from 'kysely';

export type StoreDialect = 'sqlite' | 'postgres';

export function dialectOf<DB>(db: Kysely<DB>): StoreDialect {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}
