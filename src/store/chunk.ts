// Bulk statements are split so no statement exceeds the bind-parameter limits
// (SQLite 32,766, PostgreSQL 65,535) and IN lists stay a size planners handle well.

/** Rows per multi-row INSERT: about 10–13 parameters a row stays under both limits. */
export const INSERT_CHUNK = 1000;
/** Values per `IN (…)` list in bulk look-ups. */
export const LOOKUP_CHUNK = 500;

export function* chunks<T>(items: readonly T[], size: number): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}
