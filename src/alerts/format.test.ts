import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatNotice, type Language } from './format.ts';
import type { Alert, AlertFacts, NoticeKind } from './types.ts';

const T = Date.UTC(2026, 2, 2, 9, 30);

const FACTS: AlertFacts[] = [
  { rule: 'deadLetters', entity: 'customers', count: 4, withinMinutes: 15, threshold: 2 },
  { rule: 'lag', entity: 'products', queueMinutes: 45, scans: [{ side: 'nav', minutes: 50 }], thresholdMinutes: 30 },
  { rule: 'unreachable', system: 'nav', minutes: 7, code: 'NAV_NETWORK', message: 'connect ECONNREFUSED 10.0.0.5:7048', thresholdMinutes: 5 },
  { rule: 'conflicts', entity: 'contacts', count: 1, oldestMinutes: 90, thresholdMinutes: 60 },
  { rule: 'tokenRefresh', code: 'B24_TOKEN_REFRESH_FAILED', message: 'OAuth refresh refused (invalid_grant)' },
];

function alertOf(facts: AlertFacts): Alert {
  const subject = 'entity' in facts ? facts.entity : 'system' in facts ? facts.system : 'bitrix24';
  return { key: `${facts.rule}:${subject}`, rule: facts.rule, subject, severity: 'warning', facts };
}

describe('formatNotice', () => {
  it('says what, since when and what to do, in English and Russian, for every rule and kind', () => {
    for (const language of ['en', 'ru'] as Language[]) {
      for (const facts of FACTS) {
        for (const kind of ['firing', 'reminder', 'resolved'] as NoticeKind[]) {
          const m = formatNotice({ kind, alert: alertOf(facts), since: T, at: T + 42 * 60_000 }, language, 'https://ops.example.com/b24nav/');
          assert.ok(m.subject.startsWith('[b24nav] '), m.subject);
          for (const text of [m.subject, m.text]) assert.ok(!/undefined|null|NaN|\[object/.test(text), `${language} ${facts.rule} ${kind}: ${text}`);
          assert.match(m.text, /2026-03-02 09:30 UTC/);
          assert.match(m.text, /42/);
          assert.match(m.text, /https:\/\/ops\.example\.com\/b24nav\//);
          if (kind !== 'resolved' && (facts.rule === 'unreachable' || facts.rule === 'tokenRefresh')) assert.ok(m.text.includes(facts.code) && m.text.includes(facts.message));
        }
      }
    }
  });

  it('examples', () => {
    const lag = alertOf(FACTS[1] as AlertFacts);
    assert.deepEqual(formatNotice({ kind: 'firing', alert: lag, since: T, at: T }, 'en'), {
      subject: '[b24nav] ALERT: products sync lags by 50 min',
      text: [
        'products: the oldest queued change has waited 45 min; no change scan of NAV has worked for 50 min (the alert fires above 30 min).',
        'Check that both systems answer and that the workers run (b24nav status); a failing scan is in the service log.',
        'Firing since 2026-03-02 09:30 UTC (0 min).',
      ].join('\n'),
    });
    const down = alertOf(FACTS[2] as AlertFacts);
    assert.equal(formatNotice({ kind: 'reminder', alert: down, since: T, at: T + 3600_000 }, 'ru').subject, '[b24nav] ВСЁ ЕЩЁ: нет связи с NAV 7 мин');
    assert.equal(formatNotice({ kind: 'resolved', alert: down, since: T, at: T + 3600_000 }, 'ru').subject, '[b24nav] ВОССТАНОВЛЕНО: NAV снова отвечает');
  });
});
