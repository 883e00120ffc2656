// The alert rules and the loop on a FakeClock over a real store (both dialects):
// each rule fires at its threshold and clears, a firing alert is told once (and
// reminded after the interval), a cleared one gets a recovery notice, a rule that
// cannot be evaluated keeps its alerts, probes go out only when nothing calls.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { FakeClock } from '../core/clock.ts';
import { SyncError } from '../core/failure.ts';
import { Redactor } from '../core/redact.ts';
import { alertsSchema, type AlertsConfig } from '../config/alerts-schema.ts';
import { parseExposition } from '../metrics/exposition.ts';
import { Telemetry } from '../metrics/index.ts';
import { claim, enqueue, fail, openConflict, resolveConflict, retryDead, type Db } from '../store/index.ts';
import { forEachDialect } from '../store/test-support/dialects.ts';
import { AlertService } from './service.ts';
import { capturingLogger, RecordingChannel } from './test-support.ts';
import type { Notice } from './types.ts';

const MIN = 60_000;
const T0 = Date.UTC(2026, 2, 2, 9, 0);

function config(input: Record<string, unknown> = {}): AlertsConfig {
  return alertsSchema.parse(input);
}

async function kill(db: Db, recordId: string, now: number, entity = 'customers'): Promise<void> {
  await enqueue(db, { entity, source: 'nav', recordId, kind: 'upsert' }, now);
  const [job] = await claim(db, { owner: 'w', now, leaseMs: 1000, limit: 1, entities: [entity] });
  assert.ok(job && job.recordId === recordId);
  assert.ok(await fail(db, job.id, 'w', { error: { code: 'NAV_VALIDATION', kind: 'permanent', message: 'Name is blank' }, dead: true }, now));
}

const told = (notices: readonly Notice[]) => notices.map((n) => `${n.kind} ${n.alert.key}`);

forEachDialect('alerts: rules and the loop', (ctx) => {
  const setup = (cfg: AlertsConfig = config(), clock = new FakeClock(T0)) => {
    const telemetry = new Telemetry({ clock, processMetrics: false });
    const channel = new RecordingChannel('test');
    const log = capturingLogger();
    const service = new AlertService({ config: cfg, db: ctx.store.db, watch: telemetry, clock, log, redactor: new Redactor(), channels: [channel], registry: telemetry.registry });
    return { clock, telemetry, channel, log, service };
  };

  it('dead letters: fires at the count within the window, once; clears when the window passes or they are retried', async () => {
    const { clock, service, channel, log } = setup(config({ rules: { deadLetters: { count: 2, withinMinutes: 30 } } }));
    const db = ctx.store.db;
    await kill(db, '1', T0);
    assert.deepEqual(told(await service.evaluate()), [], 'one dead letter is under the threshold');
    await kill(db, '2', T0);
    assert.deepEqual(told(await service.evaluate()), ['firing deadLetters:customers']);
    assert.deepEqual(told(await service.evaluate()), [], 'told once');
    assert.equal(channel.sent.length, 1);
    assert.match(channel.sent[0]?.message.subject ?? '', /ALERT: 2 customers dead-lettered in 30 min/);
    assert.ok(log.lines.some((l) => l.level === 'warn' && /ALERT/.test(l.msg) && l.fields['alert'] === 'deadLetters:customers'), 'logged as well');
    await clock.advance(31 * MIN);
    assert.deepEqual(told(await service.evaluate()), ['resolved deadLetters:customers']);
    await kill(db, '3', clock.now());
    await kill(db, '4', clock.now());
    assert.deepEqual(told(await service.evaluate()), ['firing deadLetters:customers']);
    await retryDead(db, { entity: 'customers' }, clock.now());
    assert.deepEqual(told(await service.evaluate()), ['resolved deadLetters:customers']);
    assert.match(channel.sent.at(-1)?.message.subject ?? '', /RESOLVED: no new customers dead letters/);
  });

  it('lag: the oldest due job above the threshold, or a side whose scans keep failing; reminders after the interval', async () => {
    const { clock, telemetry, service, channel } = setup(config({ remindAfterMinutes: 60, rules: { lag: { minutes: 30 } } }));
    const db = ctx.store.db;
    await enqueue(db, { entity: 'products', source: 'nav', recordId: 'ITEM-1', kind: 'upsert' }, T0);
    telemetry.engine.scanFinished({ entity: 'customers', side: 'nav', ok: true, queued: 0 });
    await clock.advance(30 * MIN);
    telemetry.engine.scanFinished({ entity: 'customers', side: 'nav', ok: false, queued: 0 });
    assert.deepEqual(told(await service.evaluate()), [], 'exactly at the threshold is not above it');
    await clock.advance(MIN);
    telemetry.engine.scanFinished({ entity: 'customers', side: 'nav', ok: false, queued: 0 });
    assert.deepEqual(told(await service.evaluate()).sort(), ['firing lag:customers', 'firing lag:products']);
    const facts = channel.sent.map((s) => s.notice.alert.facts);
    assert.deepEqual(facts.find((f) => f.rule === 'lag' && f.entity === 'products'), { rule: 'lag', entity: 'products', queueMinutes: 31, scans: [], thresholdMinutes: 30 });
    assert.deepEqual(facts.find((f) => f.rule === 'lag' && f.entity === 'customers'), { rule: 'lag', entity: 'customers', queueMinutes: null, scans: [{ side: 'nav', minutes: 31 }], thresholdMinutes: 30 });
    await clock.advance(59 * MIN);
    assert.deepEqual(told(await service.evaluate()), []);
    await clock.advance(MIN);
    assert.deepEqual(told(await service.evaluate()).sort(), ['reminder lag:customers', 'reminder lag:products']);
    telemetry.engine.scanFinished({ entity: 'customers', side: 'nav', ok: true, queued: 0 });
    assert.deepEqual(told(await service.evaluate()), ['resolved lag:customers']);
  });

  it('conflicts: one waiting longer than the threshold fires; resolving it clears', async () => {
    const { clock, service } = setup(config({ rules: { conflicts: { minutes: 60 } } }));
    const db = ctx.store.db;
    const c = await openConflict(db, { linkId: 4, entity: 'contacts', b24Id: '4', navKey: 'CT4', fields: { email: { base: 'a@x.ru', b24: 'b@x.ru', nav: 'c@x.ru' } } }, T0);
    await clock.advance(59 * MIN);
    assert.deepEqual(told(await service.evaluate()), []);
    await clock.advance(MIN);
    const notices = await service.evaluate();
    assert.deepEqual(told(notices), ['firing conflicts:contacts']);
    assert.deepEqual(notices[0]?.alert.facts, { rule: 'conflicts', entity: 'contacts', count: 1, oldestMinutes: 60, thresholdMinutes: 60 });
    await resolveConflict(db, c.id, { by: 'operator' }, clock.now());
    assert.deepEqual(told(await service.evaluate()), ['resolved conflicts:contacts']);
  });

  it('unreachable: calls failing without an answer for the threshold fire a critical alert; an answer clears it', async () => {
    const { clock, telemetry, service, channel } = setup(config({ rules: { unreachable: { minutes: 5 } } }));
    telemetry.clients.navCall({ operation: 'Customer.ReadMultiple', ms: 120_000, error: new SyncError('NAV_TIMEOUT', 'NAV did not answer Customer.ReadMultiple within 120 s') });
    await clock.advance(4 * MIN);
    telemetry.clients.navCall({ operation: 'Customer.ReadMultiple', ms: 3, error: new SyncError('NAV_NETWORK', 'connect ECONNREFUSED 10.0.0.5:7048') });
    assert.deepEqual(told(await service.evaluate()), []);
    await clock.advance(MIN);
    const notices = await service.evaluate();
    assert.deepEqual(told(notices), ['firing unreachable:nav']);
    assert.equal(notices[0]?.alert.severity, 'critical');
    assert.match(channel.sent[0]?.message.text ?? '', /NAV_NETWORK — connect ECONNREFUSED/);
    telemetry.clients.navCall({ operation: 'Customer.ReadMultiple', ms: 40, error: new SyncError('NAV_VALIDATION', 'a refusal is an answer') });
    assert.deepEqual(told(await service.evaluate()), ['resolved unreachable:nav']);
  });

  it('token refresh: a failed OAuth refresh fires at once and clears with the next refresh that works', async () => {
    const { telemetry, service } = setup();
    telemetry.clients.tokenRefresh({ ok: false, error: new SyncError('B24_TOKEN_REFRESH_FAILED', 'OAuth refresh refused (invalid_grant); authorize the application again') });
    assert.deepEqual(told(await service.evaluate()), ['firing tokenRefresh:bitrix24']);
    telemetry.clients.tokenRefresh({ ok: true });
    assert.deepEqual(told(await service.evaluate()), ['resolved tokenRefresh:bitrix24']);
  });

  it('disabled rules are not evaluated; the firing gauge counts alerts per rule', async () => {
    const { telemetry, service } = setup(config({ rules: { deadLetters: { enabled: false }, tokenRefresh: { enabled: false } } }));
    await kill(ctx.store.db, '9', T0);
    telemetry.clients.tokenRefresh({ ok: false, error: new SyncError('B24_TOKEN_REFRESH_FAILED', 'refused') });
    assert.deepEqual(told(await service.evaluate()), []);
    const on = setup();
    await on.service.evaluate();
    const samples = parseExposition(await on.telemetry.metrics()).samples;
    assert.equal(samples.find((s) => s.name === 'b24nav_alerts_firing' && s.labels['rule'] === 'deadLetters')?.value, 1);
    assert.equal(samples.find((s) => s.name === 'b24nav_alerts_firing' && s.labels['rule'] === 'lag')?.value, 0);
    assert.equal(samples.find((s) => s.name === 'b24nav_alert_notifications_total' && s.labels['channel'] === 'test' && s.labels['outcome'] === 'sent')?.value, 1);
  });

  it('a rule that cannot be evaluated keeps its alerts as they were (no false recovery)', async () => {
    const clock = new FakeClock(T0);
    const telemetry = new Telemetry({ clock, processMetrics: false });
    let broken = false;
    const watch = {
      reachability: telemetry.reachability,
      tokens: telemetry.tokens,
      startedAt: telemetry.startedAt,
      scans: {
        list: () => {
          if (broken) throw new Error('scan log unavailable');
          return telemetry.scans.list();
        },
      },
    };
    const log = capturingLogger();
    const service = new AlertService({ config: config({ rules: { lag: { minutes: 1 } } }), db: ctx.store.db, watch, clock, log, redactor: new Redactor(), channels: [] });
    telemetry.engine.scanFinished({ entity: 'customers', side: 'b24', ok: false, queued: 0 });
    await clock.advance(2 * MIN);
    assert.deepEqual(told(await service.evaluate()), ['firing lag:customers']);
    broken = true;
    assert.deepEqual(told(await service.evaluate()), []);
    assert.deepEqual(service.firing().map((f) => f.alert.key), ['lag:customers']);
    assert.ok(log.lines.some((l) => l.level === 'warn' && l.fields['rule'] === 'lag' && /could not be evaluated/.test(l.msg)));
  });

  it('probes a system only when nothing called it for probeEverySeconds, one probe at a time', async () => {
    const clock = new FakeClock(T0);
    const telemetry = new Telemetry({ clock, processMetrics: false });
    let navProbes = 0;
    let b24Probes = 0;
    let release: () => void = () => undefined;
    const service = new AlertService({
      config: config({ rules: { unreachable: { probeEverySeconds: 60 } } }),
      db: ctx.store.db,
      watch: telemetry,
      clock,
      log: capturingLogger(),
      redactor: new Redactor(),
      channels: [],
      probes: {
        nav: () => {
          navProbes++;
          telemetry.clients.navCall({ operation: 'SystemService.Companies', ms: 5 });
          return Promise.resolve();
        },
        bitrix24: () => {
          b24Probes++;
          return new Promise<void>((resolve) => (release = resolve));
        },
      },
    });
    await service.evaluate();
    assert.deepEqual([navProbes, b24Probes], [1, 1]);
    await clock.advance(30_000);
    await service.evaluate();
    assert.deepEqual([navProbes, b24Probes], [1, 1], 'NAV was called 30 s ago; the B24 probe is still out');
    release();
    await clock.advance(30_000);
    await service.evaluate();
    assert.deepEqual([navProbes, b24Probes], [2, 2]);
    telemetry.clients.b24Request({ method: 'crm.company.list', commands: 1, ms: 5 });
    telemetry.clients.navCall({ operation: 'Customer.ReadMultiple', ms: 5 });
    await clock.advance(10_000);
    await service.evaluate();
    assert.deepEqual([navProbes, b24Probes], [2, 2], 'the sync is calling both: no probe');
  });
});
