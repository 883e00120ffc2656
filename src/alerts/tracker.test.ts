import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { AlertTracker } from './tracker.ts';
import type { Alert } from './types.ts';

const MIN = 60_000;

function lagAlert(entity: string, minutes = 40): Alert {
  return { key: `lag:${entity}`, rule: 'lag', subject: entity, severity: 'warning', facts: { rule: 'lag', entity, queueMinutes: minutes, scans: [], thresholdMinutes: 30 } };
}

describe('AlertTracker', () => {
  it('one notice when an alert starts, nothing while it fires, a reminder after the interval, one notice when it clears', () => {
    const t = new AlertTracker(60 * MIN);
    const kinds = (notices: ReturnType<AlertTracker['update']>) => notices.map((n) => [n.kind, n.alert.key, n.since, n.at]);
    assert.deepEqual(kinds(t.update([lagAlert('customers')], 0)), [['firing', 'lag:customers', 0, 0]]);
    assert.deepEqual(kinds(t.update([lagAlert('customers', 41)], MIN)), []);
    assert.deepEqual(kinds(t.update([lagAlert('customers', 42), lagAlert('products')], 59 * MIN)), [['firing', 'lag:products', 59 * MIN, 59 * MIN]]);
    assert.deepEqual(kinds(t.update([lagAlert('customers', 99), lagAlert('products')], 60 * MIN)), [['reminder', 'lag:customers', 0, 60 * MIN]]);
    const customers = t.firing().find((f) => f.alert.key === 'lag:customers');
    assert.equal((customers?.alert.facts as { queueMinutes: number }).queueMinutes, 99, 'the latest facts are kept');
    const cleared = t.update([lagAlert('products')], 61 * MIN);
    assert.deepEqual(kinds(cleared), [['resolved', 'lag:customers', 0, 61 * MIN]]);
    assert.equal((cleared[0]?.alert.facts as { queueMinutes: number }).queueMinutes, 99, 'the resolved notice carries the last facts');
    assert.deepEqual(t.firing().map((f) => f.alert.key), ['lag:products']);
  });

  it('without reminders (0) a long-firing alert is told once', () => {
    const t = new AlertTracker(0);
    assert.equal(t.update([lagAlert('customers')], 0).length, 1);
    for (let i = 1; i < 100; i++) assert.deepEqual(t.update([lagAlert('customers')], i * 60 * MIN), []);
  });

  it('for any sequence of evaluations: firing notices = rising edges, resolved = falling edges, reminders spaced by the interval', () => {
    const keys = ['a', 'b', 'c'];
    fc.assert(
      fc.property(fc.array(fc.subarray(keys), { minLength: 1, maxLength: 60 }), fc.integer({ min: 0, max: 5 }), (steps, remindSteps) => {
        const t = new AlertTracker(remindSteps * MIN);
        const lastNotified = new Map<string, number>();
        let previous = new Set<string>();
        steps.forEach((firingNow, i) => {
          const now = i * MIN;
          const notices = t.update(firingNow.map((k) => lagAlert(k)), now);
          const current = new Set(firingNow);
          for (const k of keys) {
            const mine = notices.filter((n) => n.alert.key === `lag:${k}`).map((n) => n.kind);
            const rising = current.has(k) && !previous.has(k);
            const falling = !current.has(k) && previous.has(k);
            if (rising) {
              assert.deepEqual(mine, ['firing']);
              lastNotified.set(k, now);
            } else if (falling) {
              assert.deepEqual(mine, ['resolved']);
            } else if (current.has(k)) {
              const due = remindSteps > 0 && now - (lastNotified.get(k) ?? 0) >= remindSteps * MIN;
              assert.deepEqual(mine, due ? ['reminder'] : []);
              if (due) lastNotified.set(k, now);
            } else {
              assert.deepEqual(mine, []);
            }
          }
          previous = current;
        });
      }),
    );
  });
});
