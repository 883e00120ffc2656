import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'node:test';
import { sql } from 'kysely';
import { insertLink, getLink } from './links.ts';
import { migrations } from './migrations/index.ts';
import { openStore } from './open-store.ts';
import { forEachDialect } from './test-support/dialects.ts';
import { withTransaction } from './transaction.ts';

forEachDialect('openStore', (ctx) => {
  it('migrates once: reopening the same database applies nothing and keeps the data', async () => {
    const link = await insertLink(ctx.store.db, { entity: 'customer', state: 'active', b24Id: '1', navKey: 'C1' }, 1000);
    assert.ok(link);
    const again = await ctx.openAnother();
    assert.deepEqual(again.migrated, []);
    assert.equal(again.dialect, ctx.dialect);
    assert.deepEqual(await getLink(again.db, link.id), link);
    const applied = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(again.db);
    assert.deepEqual(applied.rows.map((r) => r.name), Object.keys(migrations).sort());
  });

  it('returns bigint columns (ids, epoch-ms timestamps) as JS numbers', async () => {
    const at = Date.UTC(2030, 0, 1, 12, 0, 0, 123);
    const link = await insertLink(ctx.store.db, { entity: 'customer', state: 'active', b24Id: '2', lastSyncedAt: at }, at);
    assert.ok(link);
    assert.equal(typeof link.id, 'number');
    assert.equal(link.createdAt, at);
    assert.equal(link.lastSyncedAt, at);
    const count = await ctx.store.db.selectFrom('links').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    assert.equal(count.n, 1);
  });

  it('rolls a transaction back as a whole, and joins an outer transaction instead of nesting', async () => {
    await assert.rejects(
      withTransaction(ctx.store.db, async (trx) => {
        await insertLink(trx, { entity: 'customer', state: 'active', b24Id: '3' }, 1);
        await withTransaction(trx, async (inner) => {
          await insertLink(inner, { entity: 'customer', state: 'active', b24Id: '4' }, 1);
        });
        throw new Error('boom');
      }),
      /boom/,
    );
    const rows = await ctx.store.db.selectFrom('links').select('b24_id').execute();
    assert.deepEqual(rows, []);
  });
});

it('SQLite: creates the directory of the file and runs in WAL mode with a busy timeout', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'b24nav-open-'));
  try {
    const file = join(dir, 'nested', 'deeper', 'b24nav.db');
    const store = await openStore({ file });
    try {
      assert.ok(existsSync(file));
      const mode = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(store.db);
      assert.equal(mode.rows[0]?.journal_mode, 'wal');
      const timeout = await sql<{ timeout: number }>`pragma busy_timeout`.execute(store.db);
      assert.ok((timeout.rows[0]?.timeout ?? 0) > 0);
      const sync = await sql<{ synchronous: number }>`pragma synchronous`.execute(store.db);
      assert.equal(sync.rows[0]?.synchronous, 1); // NORMAL
    } finally {
      await store.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

it('SQLite: an in-memory store works for unit tests', async () => {
  const store = await openStore({ file: ':memory:' });
  try {
    assert.equal(store.dialect, 'sqlite');
    assert.deepEqual(store.migrated, Object.keys(migrations));
  } finally {
    await store.close();
    await store.close(); // closing twice is harmless
  }
});

it('rejects a url that is not PostgreSQL instead of silently using SQLite', async () => {
  await assert.rejects(openStore({ url: 'mysql://localhost/x' }), /postgres:\/\//);
});
