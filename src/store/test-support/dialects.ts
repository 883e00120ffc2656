// One suite, every dialect (the Kysely habit): a test file calls forEachDialect and
// its tests run against a real SQLite file and a real PostgreSQL. Each suite gets a
// fresh SQLite temp file and a fresh PostgreSQL schema (b24nav_test_<random>, the
// pool's search_path), dropped at the end, so concurrent runs never collide.
// PostgreSQL is required: when it cannot be reached the suite fails, it never skips.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, beforeEach, describe } from 'node:test';
import { sql } from 'kysely';
import pg from 'pg';
import type { StoreDialect } from '../dialect.ts';
import { openStore, type Store } from '../open-store.ts';

const DEFAULT_PG_URL = 'postgres://postgres@127.0.0.1:5432/test';
const DIALECTS: readonly StoreDialect[] = ['sqlite', 'postgres'];
const TABLES = ['links', 'cursors', 'jobs', 'history', 'conflicts', 'runs', 'scratch_records', 'scratch_keys'] as const;

export interface DialectContext {
  readonly dialect: StoreDialect;
  /** The suite's store, emptied before each test. */
  readonly store: Store;
  /** Another store on the same database (its own connection/pool); closed after the suite. */
  openAnother(): Promise<Store>;
}

export function forEachDialect(name: string, suite: (ctx: DialectContext) => void): void {
  for (const dialect of DIALECTS) {
    void describe(`${name} [${dialect}]`, () => {
      const ctx = new Context(dialect);
      before(() => ctx.setUp());
      after(() => ctx.tearDown());
      beforeEach(() => ctx.empty());
      afterEach(() => ctx.closeOthers());
      suite(ctx);
    });
  }
}

/** The PostgreSQL URL of the test database (the only env read, in test setup). */
export function testPostgresUrl(): string {
  return process.env['B24NAV_TEST_PG_URL'] ?? DEFAULT_PG_URL;
}

class Context implements DialectContext {
  private current: Store | undefined;
  private others: Store[] = [];
  private dir: string | undefined;
  private readonly schema = `b24nav_test_${randomBytes(6).toString('hex')}`;

  constructor(readonly dialect: StoreDialect) {}

  get store(): Store {
    if (this.current === undefined) throw new Error('the store is opened in before()');
    return this.current;
  }

  async setUp(): Promise<void> {
    if (this.dialect === 'postgres') await assertPostgresReachable(testPostgresUrl());
    else this.dir = mkdtempSync(join(tmpdir(), 'b24nav-store-'));
    this.current = await this.open();
  }

  open(): Promise<Store> {
    return this.dialect === 'postgres'
      ? openStore({ url: testPostgresUrl(), schema: this.schema, poolSize: 4 })
      : openStore({ file: join(this.dir ?? '.', 'store.db') });
  }

  async openAnother(): Promise<Store> {
    const store = await this.open();
    this.others.push(store);
    return store;
  }

  async empty(): Promise<void> {
    for (const table of TABLES) await this.store.db.deleteFrom(table).execute();
  }

  async closeOthers(): Promise<void> {
    const others = this.others;
    this.others = [];
    for (const store of others) await store.close();
  }

  async tearDown(): Promise<void> {
    await this.closeOthers();
    if (this.current !== undefined) {
      if (this.dialect === 'postgres') await sql`drop schema ${sql.id(this.schema)} cascade`.execute(this.current.db);
      await this.current.close();
    }
    if (this.dir !== undefined) rmSync(this.dir, { recursive: true, force: true });
  }
}

async function assertPostgresReachable(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
  } catch (error) {
    const reason = error instanceof Error ? error.message : JSON.stringify(error);
    throw new Error(
      `PostgreSQL is not reachable at ${url} (${reason}). The store suite runs on both dialects and needs it: ` +
        'start PostgreSQL with trust auth and a database "test", or set B24NAV_TEST_PG_URL.',
      { cause: error },
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}
