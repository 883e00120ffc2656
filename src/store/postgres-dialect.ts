// PostgreSQL through a pg Pool. Timestamps and ids are bigint (int8) columns, which
// pg returns as strings by default; this pool parses them to numbers. The parser is
// set on the pool, not with pg.types.setTypeParser, so other pg users in the same
// process keep their behaviour.
import pg from 'pg';
import { PostgresDialect, type Dialect } from 'kysely';
import type { Logger } from '../core/log.ts';

const INT8_OID = 20;

export interface PostgresOptions {
  url: string;
  /** search_path for every connection of the pool; created if missing. */
  schema?: string | undefined;
  poolSize?: number | undefined;
  logger: Logger;
}

export interface PostgresHandle {
  dialect: Dialect;
  /** The schema tables live in: the given one or the server's current_schema(). */
  schema: string;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export async function createPostgresDialect(options: PostgresOptions): Promise<PostgresHandle> {
  if (options.schema !== undefined && !SCHEMA_NAME.test(options.schema)) {
    throw new Error(`store schema "${options.schema}" must be a lower-case SQL identifier (a-z, 0-9, _)`);
  }
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolSize ?? 10,
    types: { getTypeParser: int8AsNumber },
    ...(options.schema === undefined ? {} : { options: `-c search_path=${options.schema}` }),
  });
  // An idle client can lose its connection (server restart); without a listener the
  // pool's 'error' event would crash the process. The next query reconnects.
  pool.on('error', (error) => options.logger.warn({ err: error.message }, 'postgres idle connection lost'));
  try {
    if (options.schema !== undefined) await pool.query(`create schema if not exists "${options.schema}"`);
    const result = await pool.query<{ schema: string }>('select current_schema() as schema');
    const schema = result.rows[0]?.schema;
    if (schema === undefined) throw new Error('PostgreSQL has no current schema: check search_path');
    return { dialect: new PostgresDialect({ pool }), schema };
  } catch (error) {
    await pool.end();
    throw error;
  }
}

const int8AsNumber: typeof pg.types.getTypeParser = (oid: number, format?: 'text' | 'binary'): unknown =>
  oid === INT8_OID && format !== 'binary' ? parseInt8 : (pg.types.getTypeParser(oid, format) as unknown);

function parseInt8(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new RangeError(`int8 value ${text} does not fit a JS number`);
  return value;
}
