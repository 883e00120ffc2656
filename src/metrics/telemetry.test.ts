// Telemetry over a real store (both dialects): the exposition is read back as a
// scraper reads it and checked for names, labels and values; each service has its
// own registry; the budget view; reachability from call outcomes.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeClock } from '../core/clock.ts';
import { SyncError } from '../core/failure.ts';
import { Redactor } from '../core/redact.ts';
import { claim, enqueue, fail, openConflict, type Db } from '../store/index.ts';
import { forEachDialect } from '../store/test-support/dialects.ts';
import { parseExposition, type Sample } from './exposition.ts';
import { isOutage } from './reachability.ts';
import { Telemetry } from './telemetry.ts';

const T0 = Date.UTC(2026, 0, 1);

function value(samples: readonly Sample[], name: string, labels: Record<string, string> = {}): number | undefined {
  return samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;
}

async function deadJob(db: Db, recordId: string, now: number): Promise<void> {
  await enqueue(db, { entity: 'customers', source: 'b24', recordId, kind: 'upsert' }, now);
  const [job] = await claim(db, { owner: 'w', now, leaseMs: 1000, limit: 1, entities: ['customers'] });
  assert.ok(job);
  assert.ok(await fail(db, job.id, 'w', { error: { code: 'NAV_VALIDATION', kind: 'permanent', message: 'x' }, dead: true }, now));
}

forEachDialect('telemetry: queue and conflicts from the store', (ctx) => {
  it('exposes jobs per entity and state, due ages per waiting state and open conflicts, zeros for idle kinds', async () => {
    const clock = new FakeClock(T0);
    const t = new Telemetry({ clock, processMetrics: false });
    const db = ctx.store.db;
    t.watch({ db, kinds: ['customers', 'contacts'] });
    await deadJob(db, '7', T0 - 5000);
    await enqueue(db, { entity: 'customers', source: 'nav', recordId: 'C1', kind: 'upsert' }, T0 - 90_000);
    await enqueue(db, { entity: 'customers', source: 'nav', recordId: 'C2', kind: 'upsert' }, T0);
    await openConflict(db, { linkId: 1, entity: 'customers', b24Id: '1', navKey: 'C9', fields: { name: { base: 'a', b24: 'b', nav: 'c' } } }, T0 - 600_000);
    const { samples, types } = parseExposition(await t.metrics());
    assert.equal(value(samples, 'b24nav_queue_jobs', { entity: 'customers', state: 'pending' }), 2);
    assert.equal(value(samples, 'b24nav_queue_jobs', { entity: 'customers', state: 'dead' }), 1);
    assert.equal(value(samples, 'b24nav_queue_jobs', { entity: 'contacts', state: 'pending' }), 0);
    assert.equal(value(samples, 'b24nav_queue_oldest_due_age_seconds', { entity: 'customers', state: 'pending' }), 90);
    assert.equal(value(samples, 'b24nav_queue_oldest_due_age_seconds', { entity: 'customers', state: 'retry' }), 0);
    assert.equal(value(samples, 'b24nav_conflicts_open', { entity: 'customers' }), 1);
    assert.equal(value(samples, 'b24nav_conflicts_oldest_age_seconds', { entity: 'customers' }), 600);
    assert.equal(value(samples, 'b24nav_conflicts_open', { entity: 'contacts' }), 0);
    assert.equal(types.get('b24nav_queue_jobs'), 'gauge');
    // The next scrape reads the store again.
    await clock.advance(10_000);
    const later = parseExposition(await t.metrics()).samples;
    assert.equal(value(later, 'b24nav_queue_oldest_due_age_seconds', { entity: 'customers', state: 'pending' }), 100);
  });
});

describe('telemetry: engine, clients, budget', () => {
  it('counts jobs per entity, side and code, conflicts and scans; sync latency is a histogram', async () => {
    const clock = new FakeClock(T0);
    const t = new Telemetry({ clock, processMetrics: false });
    t.engine.jobsFinished([
      { entity: 'customers', side: 'b24', result: 'done', waitedMs: 1500 },
      { entity: 'customers', side: 'b24', result: 'done', waitedMs: 40_000 },
      { entity: 'customers', side: 'nav', result: 'retry', waitedMs: 10, code: 'NAV_TIMEOUT' },
      { entity: 'products', side: 'nav', result: 'dead', waitedMs: 10, code: 'B24_VALIDATION' },
    ]);
    t.engine.conflictParked('customers');
    t.engine.scanFinished({ entity: 'customers', side: 'nav', ok: true, queued: 2 });
    t.engine.scanFinished({ entity: 'customers', side: 'b24', ok: false, queued: 0 });
    const { samples, types } = parseExposition(await t.metrics());
    assert.equal(value(samples, 'b24nav_jobs_processed_total', { entity: 'customers', side: 'b24' }), 2);
    assert.equal(value(samples, 'b24nav_jobs_failed_total', { entity: 'customers', side: 'nav', code: 'NAV_TIMEOUT' }), 1);
    assert.equal(value(samples, 'b24nav_jobs_dead_total', { entity: 'products', side: 'nav', code: 'B24_VALIDATION' }), 1);
    assert.equal(value(samples, 'b24nav_conflicts_total', { entity: 'customers' }), 1);
    assert.equal(types.get('b24nav_sync_latency_seconds'), 'histogram');
    assert.equal(value(samples, 'b24nav_sync_latency_seconds_bucket', { entity: 'customers', side: 'b24', le: '2' }), 1);
    assert.equal(value(samples, 'b24nav_sync_latency_seconds_bucket', { entity: 'customers', side: 'b24', le: '60' }), 2);
    assert.equal(value(samples, 'b24nav_sync_latency_seconds_count', { entity: 'customers', side: 'b24' }), 2);
    assert.equal(value(samples, 'b24nav_sync_latency_seconds_sum', { entity: 'customers', side: 'b24' }), 41.5);
    assert.equal(value(samples, 'b24nav_scans_total', { entity: 'customers', side: 'b24', outcome: 'failed' }), 1);
    assert.equal(value(samples, 'b24nav_last_scan_success_timestamp_seconds', { entity: 'customers', side: 'nav' }), T0 / 1000);
    assert.deepEqual(t.scans.list().map((s) => [s.side, s.lastOkAt, s.lastFailedAt]), [['nav', T0, null], ['b24', null, T0]]);
  });

  it('NAV calls: durations and errors per operation, the budget latency over its window, a Read not found is no error', async () => {
    const clock = new FakeClock(T0);
    const t = new Telemetry({ clock, processMetrics: false, latencyWindowMs: 60_000 });
    t.clients.navCall({ operation: 'Customer.ReadMultiple', ms: 120 });
    t.clients.navCall({ operation: 'Customer.Read', ms: 8, error: new SyncError('NAV_NOT_FOUND', 'no such customer', { operation: 'Customer.Read' }) });
    t.clients.navCall({ operation: 'Customer.Create', ms: 30_000, error: new SyncError('NAV_TIMEOUT', 'timed out', { operation: 'Customer.Create' }) });
    const { samples } = parseExposition(await t.metrics());
    assert.equal(value(samples, 'b24nav_nav_call_duration_seconds_count', { operation: 'Customer.ReadMultiple' }), 1);
    assert.equal(value(samples, 'b24nav_nav_call_duration_seconds_bucket', { operation: 'Customer.ReadMultiple', le: '0.25' }), 1);
    assert.equal(value(samples, 'b24nav_nav_call_errors_total', { operation: 'Customer.Create', code: 'NAV_TIMEOUT' }), 1);
    assert.equal(value(samples, 'b24nav_nav_call_errors_total', { operation: 'Customer.Read', code: 'NAV_NOT_FOUND' }), undefined);
    assert.equal(value(samples, 'b24nav_system_up', { system: 'nav' }), 0, 'the last NAV call timed out');
    assert.equal(value(samples, 'b24nav_system_up', { system: 'bitrix24' }), 1);
    assert.deepEqual(t.budget().nav, { calls: 3, errors: 1, latencyMs: { p50: 120, p95: 30_000, max: 30_000 }, windowSeconds: 60 });
    assert.equal(t.budget().b24, null, 'no Bitrix24 client watched');
    await clock.advance(61_000);
    assert.deepEqual(t.budget().nav.latencyMs, { p50: null, p95: null, max: null });
    assert.equal(t.budget().nav.calls, 3);
  });

  it('two services in one process keep separate registries', async () => {
    const a = new Telemetry({ processMetrics: true });
    const b = new Telemetry({ processMetrics: true });
    a.engine.conflictParked('customers');
    const pa = parseExposition(await a.metrics()).samples;
    const pb = parseExposition(await b.metrics()).samples;
    assert.equal(value(pa, 'b24nav_conflicts_total', { entity: 'customers' }), 1);
    assert.equal(value(pb, 'b24nav_conflicts_total', { entity: 'customers' }), undefined);
    assert.ok(pa.some((s) => s.name === 'b24nav_process_cpu_user_seconds_total'), 'process metrics carry the prefix');
    for (const s of [...pa, ...pb]) assert.ok(s.name.startsWith('b24nav_'), s.name);
  });

  it('reachability: a refusal is an answer; no answer, TLS or refused credentials is an outage, until a call is answered again', async () => {
    assert.equal(isOutage(new SyncError('B24_NETWORK', 'x')), true);
    assert.equal(isOutage(new SyncError('NAV_SERVER_ERROR', 'x')), true);
    assert.equal(isOutage(new SyncError('NAV_UNKNOWN_OUTCOME', 'x')), true);
    assert.equal(isOutage(new SyncError('B24_AUTH_FAILED', 'x')), true);
    assert.equal(isOutage(new SyncError('NAV_TLS', 'x')), true);
    assert.equal(isOutage(new SyncError('B24_VALIDATION', 'x')), false);
    assert.equal(isOutage(new SyncError('B24_QUERY_LIMIT', 'x')), false);
    assert.equal(isOutage(new SyncError('B24_TOKEN_EXPIRED', 'x')), false);
    const clock = new FakeClock(T0);
    const redactor = new Redactor();
    redactor.add('s3cret-code');
    const t = new Telemetry({ clock, redactor, processMetrics: false });
    t.clients.b24Request({ method: 'crm.company.list', commands: 1, ms: 5, error: new SyncError('B24_NETWORK', 'POST https://p/rest/1/s3cret-code/crm.company.list: ECONNREFUSED') });
    await clock.advance(60_000);
    t.clients.b24Request({ method: 'batch', commands: 3, ms: 5, error: new SyncError('B24_TIMEOUT', 'no answer') });
    const failing = t.reachability.state('bitrix24');
    assert.equal(failing.failingSince, T0);
    assert.equal(failing.lastError?.code, 'B24_TIMEOUT');
    t.clients.b24Request({ method: 'crm.company.get', commands: 1, ms: 5, error: new SyncError('B24_NETWORK', 'POST https://p/rest/1/s3cret-code/x') });
    assert.equal(t.reachability.state('bitrix24').lastError?.message, 'POST https://p/rest/1/[redacted]/x');
    t.clients.b24Request({ method: 'crm.company.get', commands: 1, ms: 5, error: new SyncError('B24_NOT_FOUND', 'gone') });
    assert.equal(t.reachability.state('bitrix24').failingSince, null);
    assert.equal(t.reachability.state('bitrix24').lastOkAt, T0 + 60_000);
  });

  it('token refreshes: failing from a failed refresh until one works', () => {
    const t = new Telemetry({ processMetrics: false });
    assert.equal(t.tokens.state().failing, null);
    t.clients.tokenRefresh({ ok: false, error: new SyncError('B24_TOKEN_REFRESH_FAILED', 'OAuth refresh refused (invalid_grant)') });
    assert.equal(t.tokens.state().failing?.code, 'B24_TOKEN_REFRESH_FAILED');
    t.clients.tokenRefresh({ ok: true });
    assert.equal(t.tokens.state().failing, null);
    assert.equal(t.tokens.state().failures, 1);
  });
});

describe('exposition reader', () => {
  it('reads label values with escapes, special values and TYPE lines; refuses garbage', () => {
    const text = ['# HELP x_total a "b"', '# TYPE x_total counter', 'x_total{a="q\\"uote",b="back\\\\slash",c="new\\nline"} 3', 'y +Inf', 'z{} Nan 1700000000', ''].join('\n');
    const { samples, types } = parseExposition(text);
    assert.deepEqual(samples[0], { name: 'x_total', labels: { a: 'q"uote', b: 'back\\slash', c: 'new\nline' }, value: 3 });
    assert.equal(samples[1]?.value, Number.POSITIVE_INFINITY);
    assert.ok(Number.isNaN(samples[2]?.value));
    assert.equal(types.get('x_total'), 'counter');
    assert.throws(() => parseExposition('not a sample line at all'), /line 1/);
  });
});
