// One fault-suite scenario: both sandboxes started as `b24nav sandbox` processes
// with seeded data, a config for them (the one `b24nav init --sandbox` writes, with
// the suite's choices laid over it), and `b24nav run` started, killed, restarted and
// stopped as a child process. The systems are read through their public APIs.
import BetterSqlite3 from 'better-sqlite3';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDocument, stringify } from 'yaml';
import { sandboxConfig } from '../../../src/config/templates.ts';
import { DEFAULT_WEBHOOK_CODE } from '../../../src/sandbox/bitrix24/index.ts';
import { openStore, type Store } from '../../../src/store/index.ts';
import { spawnCli, startSandbox, type Child, type SandboxProcess } from './processes.ts';
import { readSystems, type SystemsState } from './read-state.ts';
import { B24Rest, NavOData, SandboxAdmin, type Row } from './systems.ts';

export const NAV_USER = 'navuser';
export const NAV_PASSWORD = 'Nav-Sandbox-1';
const COMPANY = 'CRONUS International Ltd.';
const MAX_RESTARTS = 20;
const RESTART_DELAY_MS = 1000;

export interface ScenarioOptions {
  /** Seed of both sandboxes' data. */
  readonly dataSeed: number;
  /** Seed of the sandboxes' fault draws. */
  readonly faultSeed?: number;
  readonly b24: { readonly companies: number; readonly contacts: number; readonly args?: readonly string[] };
  readonly nav: { readonly customers: number; readonly items: number; readonly args?: readonly string[] };
  /** Laid over the sandbox config (deep merge). */
  readonly config?: Row;
  /** Called with the B24 sandbox before the config is written (e.g. to authorize the OAuth app); returns config overrides. */
  readonly prepare?: (s: { b24: SandboxProcess; dir: string }) => Promise<Row>;
}

export interface ServiceStatus {
  readonly entities: ReadonlyArray<{ entity: string; linked: number; ambiguous: number; pending: number; failed: number; done: number }>;
}

function merge(base: Row, over: Row): Row {
  const out: Row = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const b = out[k];
    const plain = (x: unknown): x is Row => x !== null && typeof x === 'object' && !Array.isArray(x);
    out[k] = plain(v) && plain(b) ? merge(b, v) : v;
  }
  return out;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export class Scenario {
  service: Child | undefined;
  private constructor(
    readonly dir: string,
    readonly b24: SandboxProcess,
    readonly nav: SandboxProcess,
    readonly configFile: string,
    readonly serverPort: number,
    readonly storeFile: string,
  ) {}

  readonly rest = (): B24Rest => new B24Rest(`${this.b24.origin}/rest/1/${DEFAULT_WEBHOOK_CODE}/`);
  readonly odata = (): NavOData => new NavOData(`${this.nav.origin}/DynamicsNAV110/ODataV4/Company('${encodeURIComponent(COMPANY)}')`, NAV_USER, NAV_PASSWORD);
  readonly b24Admin = (): SandboxAdmin => new SandboxAdmin(this.b24.origin);
  readonly navAdmin = (): SandboxAdmin => new SandboxAdmin(this.nav.origin);

  static async start(options: ScenarioOptions): Promise<Scenario> {
    const dir = await mkdtemp(join(tmpdir(), 'b24nav-fault-'));
    const faultSeed = String(options.faultSeed ?? 1);
    let b24: SandboxProcess | undefined;
    let nav: SandboxProcess | undefined;
    try {
      [b24, nav] = await Promise.all([
        startSandbox('b24', ['--seed', String(options.dataSeed), '--companies', String(options.b24.companies), '--contacts', String(options.b24.contacts), '--products', '0', '--deals', '0', '--fault-seed', faultSeed, ...(options.b24.args ?? [])], dir),
        startSandbox('nav', ['--auth', 'basic', '--seed', String(options.dataSeed), '--customers', String(options.nav.customers), '--items', String(options.nav.items), '--fault-seed', faultSeed, ...(options.nav.args ?? [])], dir),
      ]);
      const serverPort = await freePort();
      const storeFile = join(dir, 'b24nav.db');
      const base = parseDocument(sandboxConfig({ b24Port: Number(new URL(b24.origin).port), navPort: Number(new URL(nav.origin).port), serverPort }, storeFile)).toJS() as Row;
      const suite: Row = {
        bitrix24: { pollIntervalSeconds: 1, timeoutMs: 5000 },
        nav: { auth: { mode: 'basic', user: NAV_USER, password: NAV_PASSWORD }, pollIntervalSeconds: 1, timeoutMs: 5000 },
        // Short leases: a killed worker's jobs come back within seconds, not two minutes.
        sync: { leaseSeconds: 5, batchSize: 25 },
        entities: { stock: { enabled: false } },
      };
      const prepared = options.prepare ? await options.prepare({ b24, dir }) : {};
      const config = merge(merge(merge(base, suite), options.config ?? {}), prepared);
      // `nav.auth` is a union: the sandbox template's NTLM keys must not survive the merge.
      (config['nav'] as Row)['auth'] = { mode: 'basic', user: NAV_USER, password: NAV_PASSWORD };
      if (prepared['bitrix24'] && (prepared['bitrix24'] as Row)['oauth']) delete (config['bitrix24'] as Row)['webhookUrl'];
      const configFile = join(dir, 'b24nav.config.yaml');
      await writeFile(configFile, stringify(config));
      return new Scenario(dir, b24, nav, configFile, serverPort, storeFile);
    } catch (error) {
      await Promise.all([b24?.stop(), nav?.stop()]);
      await rm(dir, { recursive: true, force: true });
      throw error;
    }
  }

  /**
   * Restart `b24nav run` when it exits on its own with an error, as the process supervisor
   * docs/operations.md asks for does (systemd `Restart=always`); each restart is kept with
   * the error the process ended with.
   */
  supervised = false;
  readonly restarts: string[] = [];

  /** `b24nav run`; resolves once it says it is running (or sooner: `untilRunning: false`). */
  async startService(options: { untilRunning?: boolean } = {}): Promise<Child> {
    if (this.service && this.service.process.exitCode === null && this.service.process.signalCode === null) throw new Error('the service is already running');
    let child = this.spawnService();
    if (!(options.untilRunning ?? true)) return child;
    for (;;) {
      try {
        await child.waitFor(/"msg":"b24nav running"/, 120_000);
        return child;
      } catch (error) {
        if (!this.supervised || this.restarts.length > MAX_RESTARTS) throw error;
        // The supervisor starts the next one; wait for it.
        while (this.service === child) await new Promise((r) => setTimeout(r, 100));
        if (!this.service) throw error;
        child = this.service;
      }
    }
  }

  private spawnService(): Child {
    const child = spawnCli(['run', '--config', this.configFile], { cwd: this.dir, env: { B24NAV_NAV_PASSWORD: NAV_PASSWORD } });
    this.service = child;
    void child.exited.then(({ code, signal }) => {
      // Stopped or killed by the suite: this.service no longer points at it.
      if (!this.supervised || this.service !== child || signal !== null || code === 0) return;
      const lines = child.output().trim().split('\n');
      this.restarts.push(`exit ${String(code)}: ${lines[lines.length - 1] ?? ''}`);
      if (this.restarts.length > MAX_RESTARTS) return;
      setTimeout(() => {
        if (this.service === child) this.spawnService();
      }, RESTART_DELAY_MS);
    });
    return child;
  }

  /**
   * Queue and link counts per entity, read from the store file with a read-only
   * connection (WAL: it never blocks the service). Empty until the service created it.
   */
  progress(): ServiceStatus {
    let db: BetterSqlite3.Database;
    try {
      db = new BetterSqlite3(this.storeFile, { readonly: true, fileMustExist: true });
    } catch {
      return { entities: [] };
    }
    try {
      db.pragma('busy_timeout = 5000');
      const jobs = db.prepare('select entity, state, count(*) as n from jobs group by entity, state').all() as Array<{ entity: string; state: string; n: number }>;
      const links = db.prepare('select entity, state, count(*) as n from links group by entity, state').all() as Array<{ entity: string; state: string; n: number }>;
      const kinds = [...new Set([...jobs, ...links].map((r) => r.entity))].sort();
      const n = (rows: Array<{ entity: string; state: string; n: number }>, entity: string, states: readonly string[]): number =>
        rows.filter((r) => r.entity === entity && states.includes(r.state)).reduce((sum, r) => sum + r.n, 0);
      return {
        entities: kinds.map((entity) => ({
          entity,
          linked: n(links, entity, ['active']),
          ambiguous: n(links, entity, ['ambiguous']),
          pending: n(jobs, entity, ['pending', 'running', 'retry']),
          failed: n(jobs, entity, ['dead']),
          done: n(jobs, entity, ['done']),
        })),
      };
    } catch {
      // Tables not there yet (the service is migrating the new store).
      return { entities: [] };
    } finally {
      db.close();
    }
  }

  /**
   * Waits until the service has nothing left to do: no job pending, running or waiting for
   * a retry, and nothing new for `quietMs` (several scan intervals), so the scans found no
   * change either. Fails after `timeoutMs`, or if the service exits.
   */
  async waitQuiet(quietMs: number, timeoutMs: number): Promise<ServiceStatus> {
    const deadline = Date.now() + timeoutMs;
    let last = '';
    let since = Date.now();
    for (;;) {
      const service = this.service;
      if (!service || service.process.exitCode !== null || service.process.signalCode !== null) {
        if (!service || !this.supervised || this.restarts.length > MAX_RESTARTS) throw new Error(`the service is not running:\n${service?.output().slice(-4000) ?? ''}`);
        // Down until the supervisor starts it again: not quiet.
        since = Date.now();
      }
      const status = this.progress();
      const busy = status.entities.length === 0 || status.entities.some((e) => e.pending > 0);
      const key = JSON.stringify(status.entities);
      if (busy || key !== last) {
        last = key;
        since = Date.now();
      } else if (Date.now() - since >= quietMs) {
        return status;
      }
      if (Date.now() > deadline) throw new Error(`the service did not settle within ${timeoutMs} ms: ${key}\n${service?.output().slice(-3000) ?? ''}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  async stopService(): Promise<void> {
    const service = this.service;
    if (!service) return;
    this.service = undefined;
    const endedAlready = service.process.exitCode !== null || service.process.signalCode !== null;
    const { code, signal } = await service.kill('SIGTERM');
    if (endedAlready && this.supervised) return;
    if (code !== 0 && signal !== 'SIGTERM') throw new Error(`b24nav run stopped with ${String(code ?? signal)}:\n${service.output().slice(-4000)}`);
  }

  readSystems(): Promise<SystemsState> {
    return readSystems(this.rest(), this.odata());
  }

  /** The service's store (open it only while the service is stopped). */
  openStore(): Promise<Store> {
    return openStore({ file: this.storeFile });
  }

  async close(): Promise<void> {
    await this.service?.kill('SIGKILL');
    await Promise.all([this.b24.stop(), this.nav.stop()]);
    await rm(this.dir, { recursive: true, force: true });
  }
}
