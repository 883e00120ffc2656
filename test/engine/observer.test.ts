// The engine observer (metrics, alerts) on in-memory sides: it hears every job a
// worker batch finished with its side, outcome, error code and wait; the conflicts
// a pass parks; the scans of `run`. An observer that throws changes nothing.
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { FakeClock } from '../../src/core/clock.ts';
import type { EngineObserver, JobOutcome, ScanOutcome } from '../../src/engine/observer.ts';
import { listJobs } from '../../src/store/index.ts';
import { harness, type Harness } from './harness.ts';

let h: Harness;
afterEach(async () => h.close());

const company = (title: string, extra: Record<string, unknown> = {}) => ({ TITLE: title, 'requisite.TAX_ID': null, PHONE: [], EMAIL: [], WEB: [], ...extra });
const customer = (name: string, extra: Record<string, unknown> = {}) => ({ No: null, Name: name, VAT_Registration_No: '', Phone_No: '', E_Mail: '', Credit_Limit_LCY: 0, Blocked: '', Payment_Terms_Code: '', ...extra });

class Recorder implements EngineObserver {
  jobs: JobOutcome[] = [];
  conflicts: string[] = [];
  scans: ScanOutcome[] = [];
  jobsFinished(outcomes: readonly JobOutcome[]): void {
    this.jobs.push(...outcomes);
  }
  conflictParked(entity: string): void {
    this.conflicts.push(entity);
  }
  scanFinished(outcome: ScanOutcome): void {
    this.scans.push(outcome);
  }
}

async function until(done: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !done(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  assert.ok(done(), 'the engine did not get there');
}

describe('engine observer', () => {
  it('hears each finished job with its side, outcome, error code and how long it waited since it was queued', async () => {
    const seen = new Recorder();
    const clock = new FakeClock();
    h = await harness({}, { observer: seen, clock });
    h.nav.validate = (f) => (String(f['Name']).includes('Blocked') ? 'Salesperson Code XX does not exist.' : undefined);
    await h.engine.enqueueEvent('customers', '1');
    h.b24.put('1', company('Fine One'));
    h.b24.put('2', company('Blocked Co'));
    h.nav.put('10000', customer('Cannon', { No: '10000' }));
    await clock.advance(7000);
    await h.engine.syncOnce();
    const byRecord = (result: string) => seen.jobs.filter((j) => j.result === result).map((j) => [j.side, j.code]).sort();
    assert.deepEqual(byRecord('done'), [['b24', undefined], ['nav', undefined]]);
    assert.deepEqual(byRecord('dead'), [['b24', 'NAV_VALIDATION']]);
    assert.ok(seen.jobs.every((j) => j.entity === 'customers'));
    // The event was queued 7 s before the pass; the scanned records at the pass.
    assert.deepEqual(seen.jobs.map((j) => j.waitedMs).sort((a, b) => a - b), [0, 0, 7000]);
    assert.deepEqual(seen.conflicts, []);
  });

  it('hears a conflict parked for an operator, once per pass that parks it', async () => {
    const seen = new Recorder();
    h = await harness({ customers: { conflictPolicy: 'manual' } }, { observer: seen });
    h.b24.put('1', company('Original'));
    await h.engine.syncOnce();
    const navId = [...h.nav.records.keys()][0] as string;
    h.nav.put(navId, { Name: 'NAV name' });
    h.b24.put('1', { TITLE: 'B24 name' });
    await h.engine.syncOnce();
    assert.deepEqual(seen.conflicts, ['customers']);
    await h.engine.syncOnce();
    assert.deepEqual(seen.conflicts, ['customers'], 'nothing changed, nothing parked again');
  });

  it('an observer that throws is logged and ignored: the records sync all the same', async () => {
    const throwing: EngineObserver = {
      jobsFinished: () => {
        throw new Error('metrics bug');
      },
      conflictParked: () => undefined,
      scanFinished: () => undefined,
    };
    h = await harness({}, { observer: throwing });
    h.b24.put('1', company('Fine One'));
    const report = await h.engine.syncOnce();
    assert.deepEqual(report.entities['customers'], { done: 1, retried: 0, dead: 0 });
    assert.equal(h.nav.records.size, 1);
    assert.deepEqual(await listJobs(h.store.db, { state: 'pending', limit: 10 }), []);
  });

  it('under run, hears each side\'s scans, and a scan that failed', async () => {
    const seen = new Recorder();
    h = await harness({}, { observer: seen });
    h.nav.scanChanges = () => {
      throw new Error('NAV is down');
    };
    h.b24.put('1', company('Fine One'));
    await h.engine.start({ workers: 1 });
    try {
      await until(() => seen.scans.some((s) => s.side === 'b24') && seen.scans.some((s) => s.side === 'nav'));
      assert.deepEqual(seen.scans.find((s) => s.side === 'b24'), { entity: 'customers', side: 'b24', ok: true, queued: 1 });
      assert.deepEqual(seen.scans.find((s) => s.side === 'nav'), { entity: 'customers', side: 'nav', ok: false, queued: 0 });
      await until(() => seen.jobs.some((j) => j.result === 'done'));
    } finally {
      await h.engine.stop();
    }
  });
});
