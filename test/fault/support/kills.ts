// Part (a) of the fault suite: `b24nav run` killed with SIGKILL at seeded moments of
// an initial load and started again each time. Most kills wait until the load has
// linked a seeded share of the records (so they spread over the whole load, however
// fast the machine is); every fourth lands during start-up (config, migrations,
// first scans). A kill counts only if the load was still in progress when it landed.
import BetterSqlite3 from 'better-sqlite3';
import { seededRandom, type Random } from '../../../src/core/random.ts';
import type { Scenario } from './scenario.ts';

export interface KillRecord {
  readonly moment: 'start-up' | 'load';
  /** Milliseconds from the process start to the kill. */
  readonly afterMs: number;
  /** Links the store held just before the kill. */
  readonly linked: number;
  /** Work was left (jobs queued, creates in flight, records not linked yet). */
  readonly inProgress: boolean;
  /** Jobs the killed process had leased (state running) when it died. */
  readonly leasedJobs: number;
  /** Creates it had recorded the intent of but not finished (links in creating_*). */
  readonly createsInFlight: number;
}

export interface KillStats {
  readonly kills: readonly KillRecord[];
  /** Kills with jobs leased or a create in flight: the process died in the middle of writing. */
  readonly midWrite: number;
  readonly inProgress: number;
}

interface StoreSnapshot {
  readonly linked: number;
  readonly active: number;
  readonly leased: number;
  readonly creating: number;
}

function snapshot(file: string): StoreSnapshot | null {
  let db: BetterSqlite3.Database;
  try {
    db = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
  } catch {
    return null;
  }
  try {
    db.pragma('busy_timeout = 5000');
    const one = (q: string): number => (db.prepare(q).get() as { n: number }).n;
    return {
      linked: one("select count(*) as n from links where state = 'active'"),
      active: one("select count(*) as n from jobs where state in ('pending', 'running', 'retry')"),
      leased: one("select count(*) as n from jobs where state = 'running'"),
      creating: one("select count(*) as n from links where state like 'creating%'"),
    };
  } catch {
    // The tables are not there yet: the process died before its migrations ran.
    return null;
  } finally {
    db.close();
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Targets in links, spread over the load: sorted seeded shares of `links`. */
function targets(random: Random, count: number, links: number): number[] {
  return Array.from({ length: count }, () => Math.round(links * (0.02 + 0.83 * random()))).sort((a, b) => a - b);
}

/**
 * Kills `b24nav run` `count` times during the initial load, restarting it each time.
 * `links` is a lower bound of the links the finished load holds (it sets where the
 * kills land). Leaves the service stopped.
 */
export async function killDuringLoad(s: Scenario, options: { count: number; seed: number; links: number }): Promise<KillStats> {
  const random = seededRandom(options.seed);
  const goals = targets(random, options.count, options.links);
  const kills: KillRecord[] = [];
  for (let i = 0; i < options.count; i++) {
    const startup = i % 4 === 1;
    const started = Date.now();
    const child = await s.startService({ untilRunning: false });
    if (startup) {
      await sleep(300 + random() * 2200);
    } else {
      await child.waitFor(/"msg":"b24nav running"/, 120_000);
      const goal = goals[i] ?? 0;
      // The load may already be past the goal (an earlier life overshot it): then a short seeded wait.
      const deadline = Date.now() + 30_000;
      while ((snapshot(s.storeFile)?.linked ?? 0) < goal && Date.now() < deadline) await sleep(40);
      await sleep(random() * 250);
    }
    const before = snapshot(s.storeFile);
    if (child.process.exitCode !== null || child.process.signalCode !== null) {
      throw new Error(`b24nav run exited on its own before kill ${i + 1}:\n${child.output().slice(-4000)}`);
    }
    await child.kill('SIGKILL');
    s.service = undefined;
    const after = snapshot(s.storeFile);
    kills.push({
      moment: startup ? 'start-up' : 'load',
      afterMs: Date.now() - started,
      linked: before?.linked ?? 0,
      inProgress: before === null || before.active > 0 || before.creating > 0 || before.linked < options.links,
      leasedJobs: after?.leased ?? 0,
      createsInFlight: after?.creating ?? 0,
    });
  }
  return {
    kills,
    midWrite: kills.filter((k) => k.leasedJobs > 0 || k.createsInFlight > 0).length,
    inProgress: kills.filter((k) => k.inProgress).length,
  };
}
