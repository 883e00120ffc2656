// What the ops tests share: an OpsContext on a test store with a fake clock, the
// config of a sandbox-like installation (overridable per entity), and a way to make
// a dead letter the way a worker does. Only *.test.ts import this.
import assert from 'node:assert/strict';
import { FakeClock } from '../core/clock.ts';
import { Redactor } from '../core/redact.ts';
import { parseConfig } from '../config/load.ts';
import type { ConfigInput } from '../config/schema.ts';
import { claim, enqueue, fail, type Db, type NewJob, type StoredError, type Store } from '../store/index.ts';
import type { OpsContext } from './context.ts';

export const T0 = Date.UTC(2026, 10, 29, 9);

export function testConfig(entities: ConfigInput['entities'] = {}) {
  return parseConfig(
    {
      bitrix24: { webhookUrl: 'https://portal.example/rest/1/secret-webhook-code/' },
      nav: { soapUrl: 'http://nav.example:7047/DynamicsNAV110', company: 'CRONUS', auth: { mode: 'none' } },
      entities: { stock: { enabled: false }, ...entities },
    },
    {},
  );
}

export function opsContext(store: Store, entities: ConfigInput['entities'] = {}, redactor = new Redactor()): OpsContext & { clock: FakeClock } {
  return { db: store.db, config: testConfig(entities), clock: new FakeClock(T0), redactor };
}

/** Enqueues a job and drives it to dead with `error` at `now`, as a worker gives up; returns its id. */
export async function deadLetter(db: Db, job: NewJob, error: StoredError, now: number): Promise<number> {
  const queued = await enqueue(db, job, now);
  const [running] = await claim(db, { owner: 'w', now, leaseMs: 60_000, limit: 1, entities: [job.entity] });
  assert.equal(running?.id, queued.id);
  assert.ok(await fail(db, queued.id, 'w', { error, dead: true }, now));
  return queued.id;
}
