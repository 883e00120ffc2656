// Several workers on two separate stores (two pools on PostgreSQL; two connections
// to one file on SQLite) drain one queue at the same time. On SQLite both
// connections live in this one process, so the test sticks to single-statement
// operations: a transaction held across an await would make the other connection
// block the event loop in busy_timeout.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { Db } from '../database.ts';
import { forEachDialect } from '../test-support/dialects.ts';
import { claim } from './claim.ts';
import { enqueue, enqueueMany } from './enqueue.ts';
import { complete } from './finish.ts';
import { listJobs } from './inspect.ts';
import type { Job } from './job.ts';

const T = 9_000_000;
const LEASE = 3_600_000; // nobody's lease expires during the test: any double claim is a bug

interface Worker {
  owner: string;
  db: Db;
}

/** Claims and completes until a claim comes back empty; `onJob` runs between the two. */
async function drain(worker: Worker, onJob: (job: Job) => void | Promise<void>): Promise<void> {
  for (;;) {
    const jobs = await claim(worker.db, { owner: worker.owner, now: T, leaseMs: LEASE, limit: 25 });
    if (jobs.length === 0) return;
    for (const job of jobs) {
      await onJob(job);
      assert.equal(await complete(worker.db, job.id, worker.owner, T), true, `${worker.owner} completes job ${job.id}`);
    }
  }
}

forEachDialect('job queue under concurrent workers', (ctx) => {
  async function workers(perStore: number): Promise<Worker[]> {
    const other = await ctx.openAnother();
    const all: Worker[] = [];
    for (let i = 0; i < perStore; i++) {
      all.push({ owner: `a${i}`, db: ctx.store.db }, { owner: `b${i}`, db: other.db });
    }
    return all;
  }

  it('never hands one job to two workers', async () => {
    const count = 2000;
    await enqueueMany(ctx.store.db, Array.from({ length: count }, (_, i) => ({ entity: 'customer', source: 'b24' as const, recordId: String(i), kind: 'upsert' })), T);
    const claimedBy = new Map<number, string>();
    const crew = await workers(4);
    await Promise.all(
      crew.map((worker) =>
        drain(worker, (job) => {
          const first = claimedBy.get(job.id);
          assert.equal(first, undefined, `job ${job.id} claimed by ${first ?? ''} and ${worker.owner}`);
          claimedBy.set(job.id, worker.owner);
        }),
      ),
    );
    assert.equal(claimedBy.size, count);
    assert.ok(new Set(claimedBy.values()).size > 1, 'the work was shared');
    assert.deepEqual(await listJobs(ctx.store.db, { state: 'pending', limit: 1 }), []);
  });

  it('never loses a change that arrives while its record is being processed', async () => {
    const records = 100;
    const rounds = 5;
    const lastSent = new Map<string, number>();
    const lastSeen = new Map<string, number>();
    const send = async (db: Db, record: number, version: number): Promise<void> => {
      await enqueue(db, { entity: 'product', source: 'nav', recordId: String(record), kind: 'upsert', payload: { version } }, T);
      lastSent.set(String(record), version);
    };
    for (let r = 0; r < records; r++) await send(ctx.store.db, r, 0);
    const crew = await workers(2);
    let producing = true;
    const producer = (async () => {
      for (let version = 1; version <= rounds; version++) {
        for (let r = 0; r < records; r++) await send(crew[r % crew.length]?.db ?? ctx.store.db, r, version);
      }
      producing = false;
    })();
    const record = (job: Job): void => {
      const payload = job.payload as { version: number };
      lastSeen.set(job.recordId, payload.version);
    };
    // Workers keep draining while the producer runs, then once more after it stops.
    const consumers = crew.map(async (worker) => {
      while (producing) {
        await drain(worker, record);
        await new Promise((resolve) => setImmediate(resolve));
      }
    });
    await Promise.all([producer, ...consumers]);
    await Promise.all(crew.map((worker) => drain(worker, record)));
    assert.equal(lastSeen.size, records);
    for (const [id, version] of lastSent) assert.equal(lastSeen.get(id), version, `record ${id} processed its last change`);
    assert.deepEqual(await listJobs(ctx.store.db, { state: 'pending', limit: 1 }), []);
  });
});
