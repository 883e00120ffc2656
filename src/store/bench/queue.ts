// A measurement, not a test: enqueue (bulk), claim and complete N jobs on each
// dialect and print rows/s. Run:
//   node --import tsx src/store/bench/queue.ts [--jobs 10000] [--pg postgres://postgres@127.0.0.1:5432/test]
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { claim } from '../jobs/claim.ts';
import { enqueueMany, type NewJob } from '../jobs/enqueue.ts';
import { complete, completeMany } from '../jobs/finish.ts';
import { openStore, type Store } from '../open-store.ts';

const { values } = parseArgs({
  options: {
    jobs: { type: 'string', default: '10000' },
    pg: { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/test' },
    batch: { type: 'string', default: '100' },
  },
});
const count = Number(values.jobs);
const batch = Number(values.batch);

type Completion = 'one by one' | 'per page';

async function measure(store: Store, completion: Completion): Promise<void> {
  await store.db.deleteFrom('jobs').execute();
  const now = Date.now();
  const jobs: NewJob[] = Array.from({ length: count }, (_, i) => ({ entity: 'customer', source: 'b24', recordId: String(i), kind: 'upsert', payload: { id: i } }));
  let t = performance.now();
  await enqueueMany(store.db, jobs, now);
  const enqueueS = (performance.now() - t) / 1000;
  t = performance.now();
  let done = 0;
  for (;;) {
    const claimed = await claim(store.db, { owner: 'bench', now, leaseMs: 60_000, limit: batch });
    if (claimed.length === 0) break;
    if (completion === 'per page') {
      done += (await completeMany(store.db, claimed.map((job) => job.id), 'bench', now)).length;
    } else {
      for (const job of claimed) if (await complete(store.db, job.id, 'bench', now)) done++;
    }
  }
  const drainS = (performance.now() - t) / 1000;
  const rate = (n: number, s: number): string => `${Math.round(n / s).toLocaleString('en-US')}/s`;
  console.log(
    `${store.dialect.padEnd(8)} enqueueMany ${count}: ${enqueueS.toFixed(2)} s (${rate(count, enqueueS)}); ` +
      `claim(${batch}) + complete ${completion} ${done}: ${drainS.toFixed(2)} s (${rate(done, drainS)}); ` +
      `end to end ${rate(done, enqueueS + drainS)}`,
  );
}

async function both(store: Store): Promise<void> {
  await measure(store, 'per page');
  await measure(store, 'one by one');
}

const dir = mkdtempSync(join(tmpdir(), 'b24nav-bench-'));
const sqlite = await openStore({ file: join(dir, 'bench.db') });
try {
  await both(sqlite);
} finally {
  await sqlite.close();
  rmSync(dir, { recursive: true, force: true });
}
const schema = `b24nav_bench_${randomBytes(4).toString('hex')}`;
const pg = await openStore({ url: values.pg, schema });
try {
  await both(pg);
} finally {
  await sql`drop schema ${sql.id(schema)} cascade`.execute(pg.db);
  await pg.close();
}
