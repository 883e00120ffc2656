// A unique-constraint violation from either driver: better-sqlite3 raises
// SqliteError with code SQLITE_CONSTRAINT_UNIQUE (or _PRIMARYKEY), pg raises an
// error with SQLSTATE 23505.
export function isUniqueViolation(error: unknown): boolean {
  if (typeof error !== 'object' || error === null || !('code' in error)) return false;
  const code = error.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
