// Cursors: where each change feed stopped (B24 DATE_MODIFY keyset, NAV
// Last_Date_Modified, the offline event queue). Written compare-and-set so two
// processes polling the same feed cannot move a cursor backwards: the loser of a
// race learns it lost (false) and re-reads instead of overwriting.
import type { Selectable } from 'kysely';
import type { CursorsTable, Db } from './database.ts';

export interface Cursor {
  name: string;
  value: string;
  version: number;
  updatedAt: number;
}

export async function getCursor(db: Db, name: string): Promise<Cursor | undefined> {
  const row = await db.selectFrom('cursors').selectAll().where('name', '=', name).executeTakeFirst();
  return row === undefined ? undefined : toCursor(row);
}

export async function listCursors(db: Db): Promise<Cursor[]> {
  const rows = await db.selectFrom('cursors').selectAll().orderBy('name').execute();
  return rows.map(toCursor);
}

function toCursor(row: Selectable<CursorsTable>): Cursor {
  return { name: row.name, value: row.value, version: row.version, updatedAt: row.updated_at };
}

/**
 * Writes the cursor if its stored version is still `expectedVersion` (0: the cursor
 * must not exist yet); the new version is expectedVersion + 1. False when another
 * writer got there first.
 */
export async function setCursor(db: Db, name: string, expectedVersion: number, value: string, now: number): Promise<boolean> {
  if (expectedVersion === 0) {
    const result = await db
      .insertInto('cursors')
      .values({ name, value, version: 1, updated_at: now })
      .onConflict((oc) => oc.column('name').doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1;
  }
  const result = await db
    .updateTable('cursors')
    .set({ value, version: expectedVersion + 1, updated_at: now })
    .where('name', '=', name)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
