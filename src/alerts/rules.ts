// The alert rules. Each reads the store or what the telemetry watched and returns
// the alerts firing now; the tracker turns changes in that set into notices.
//
// - deadLetters: at least `count` jobs dead-lettered within `withinMinutes` (per entity)
// - lag: the oldest due job, or the time since a side's change scan last worked,
//   above `minutes` (per entity)
// - unreachable: calls to Bitrix24 or NAV failing for want of an answer for `minutes`
// - conflicts: a conflict waiting for an operator longer than `minutes` (per entity)
// - tokenRefresh: the last OAuth refresh failed
import type { AlertsConfig } from '../config/alerts-schema.ts';
import { SYSTEMS, type ScanState, type SystemState, type TokenRefreshState, type WatchedSystem } from '../metrics/index.ts';
import { deadSince, dueAges, openConflictStats, type Db } from '../store/index.ts';
import type { Alert, RuleName } from './types.ts';

/** What the rules read besides the store (Telemetry has all of it). */
export interface Watch {
  readonly reachability: { state(system: WatchedSystem): SystemState };
  readonly tokens: { state(): TokenRefreshState };
  readonly scans: { list(): ScanState[] };
  /** When the service started: a scan that never worked counts from then. */
  readonly startedAt: number;
}

export interface RuleInputs {
  readonly db: Db;
  readonly now: number;
  readonly watch: Watch;
}

export type RulesConfig = AlertsConfig['rules'];
export type Rule = (config: RulesConfig, inputs: RuleInputs) => Promise<Alert[]>;

const MINUTE = 60_000;
const minutes = (ms: number): number => Math.floor(ms / MINUTE);

export const deadLettersRule: Rule = async (config, { db, now }) => {
  const cfg = config.deadLetters;
  const rows = await deadSince(db, now - cfg.withinMinutes * MINUTE);
  return rows
    .filter((r) => r.count >= cfg.count)
    .map((r) => ({
      key: `deadLetters:${r.entity}`,
      rule: 'deadLetters',
      subject: r.entity,
      severity: 'warning',
      facts: { rule: 'deadLetters', entity: r.entity, count: r.count, withinMinutes: cfg.withinMinutes, threshold: cfg.count },
    }));
};

export const lagRule: Rule = async (config, { db, now, watch }) => {
  const limitMs = config.lag.minutes * MINUTE;
  const byEntity = new Map<string, { queueMinutes: number | null; scans: Array<{ side: string; minutes: number }> }>();
  const entry = (entity: string) => {
    let e = byEntity.get(entity);
    if (!e) byEntity.set(entity, (e = { queueMinutes: null, scans: [] }));
    return e;
  };
  for (const age of await dueAges(db, now)) {
    if (age.ageMs <= limitMs) continue;
    const e = entry(age.entity);
    e.queueMinutes = Math.max(e.queueMinutes ?? 0, minutes(age.ageMs));
  }
  for (const scan of watch.scans.list()) {
    // Failing scans, and a scan that hangs (under run a side's next scan waits for the last one).
    const idleMs = now - (scan.lastOkAt ?? watch.startedAt);
    if (idleMs > limitMs) entry(scan.entity).scans.push({ side: scan.side, minutes: minutes(idleMs) });
  }
  return [...byEntity].map(([entity, e]) => ({
    key: `lag:${entity}`,
    rule: 'lag',
    subject: entity,
    severity: 'warning',
    facts: { rule: 'lag', entity, queueMinutes: e.queueMinutes, scans: e.scans, thresholdMinutes: config.lag.minutes },
  }));
};

export const unreachableRule: Rule = (config, { now, watch }) => {
  const limitMs = config.unreachable.minutes * MINUTE;
  const alerts: Alert[] = [];
  for (const system of SYSTEMS) {
    const s = watch.reachability.state(system);
    if (s.failingSince === null || now - s.failingSince < limitMs) continue;
    alerts.push({
      key: `unreachable:${system}`,
      rule: 'unreachable',
      subject: system,
      severity: 'critical',
      facts: { rule: 'unreachable', system, minutes: minutes(now - s.failingSince), code: s.lastError?.code ?? '', message: s.lastError?.message ?? '', thresholdMinutes: config.unreachable.minutes },
    });
  }
  return Promise.resolve(alerts);
};

export const conflictsRule: Rule = async (config, { db, now }) => {
  const limitMs = config.conflicts.minutes * MINUTE;
  return (await openConflictStats(db))
    .filter((c) => now - c.oldestAt >= limitMs)
    .map((c) => ({
      key: `conflicts:${c.entity}`,
      rule: 'conflicts',
      subject: c.entity,
      severity: 'warning',
      facts: { rule: 'conflicts', entity: c.entity, count: c.count, oldestMinutes: minutes(now - c.oldestAt), thresholdMinutes: config.conflicts.minutes },
    }));
};

export const tokenRefreshRule: Rule = (_config, { watch }) => {
  const failing = watch.tokens.state().failing;
  if (!failing) return Promise.resolve([]);
  return Promise.resolve([
    { key: 'tokenRefresh:bitrix24', rule: 'tokenRefresh', subject: 'bitrix24', severity: 'critical', facts: { rule: 'tokenRefresh', code: failing.code, message: failing.message } },
  ]);
};

export const RULE_FUNCTIONS: Readonly<Record<RuleName, Rule>> = {
  deadLetters: deadLettersRule,
  lag: lagRule,
  unreachable: unreachableRule,
  conflicts: conflictsRule,
  tokenRefresh: tokenRefreshRule,
};
