// `b24nav demo`: both sandboxes, the service with its dashboard and alert loop, and
// simulated users editing both systems. The dashboard has two demo users made at
// start — `admin` and a read-only `viewer` — with fresh passwords printed in the
// banner (hashed with the same scrypt helper as `b24nav hash-password`).
// startDemo() is also used by the screenshot script.
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import type { Command } from 'commander';
import type { FastifyInstance } from 'fastify';
import { parseDocument } from 'yaml';
import type { AlertService } from '../../alerts/index.ts';
import { createAlerting } from '../../app/alerting.ts';
import { startDemoUsers, type DemoUsers } from '../../app/demo-users.ts';
import { openRuntime, userFieldsToEnsure, type AppRuntime } from '../../app/runtime.ts';
import type { Logger } from '../../core/log.ts';
import { parseConfig } from '../../config/load.ts';
import { sandboxConfig } from '../../config/templates.ts';
import { b24Admin, startB24Sandbox, type RunningB24Sandbox } from '../../sandbox/bitrix24/index.ts';
import { startNavSandbox, type RunningNavSandbox } from '../../sandbox/nav/index.ts';
import { hashPassword } from '../../server/access/passwords.ts';
import { buildServer, syncedKinds } from '../../server/app.ts';
import { collectStatus } from '../../server/status.ts';
import { intOption, untilSignal } from '../options.ts';
import { mergeConfig } from '../../config/merge.ts';

const EVENTS = ['ONCRMCOMPANYADD', 'ONCRMCOMPANYUPDATE', 'ONCRMCOMPANYDELETE', 'ONCRMCONTACTADD', 'ONCRMCONTACTUPDATE', 'ONCRMCONTACTDELETE', 'ONCRMREQUISITEADD', 'ONCRMREQUISITEUPDATE', 'ONCRMDEALADD', 'ONCRMDEALUPDATE', 'ONCRMDEALDELETE', 'ONCRMDEALMOVETOCATEGORY'];

export interface DemoCredentials {
  readonly name: string;
  readonly password: string;
  readonly role: 'admin' | 'viewer';
}

export interface DemoOptions {
  readonly port: number;
  readonly b24Port: number;
  readonly navPort: number;
  /** Simulated users editing both systems every few seconds. */
  readonly users: boolean;
  readonly storeFile?: string;
  /** Deep-merged over the demo config (entities, sync, alerts, …). */
  readonly config?: Record<string, unknown>;
  readonly logLevel?: string;
  readonly log?: Logger;
}

export interface Demo {
  readonly url: string;
  readonly b24: RunningB24Sandbox;
  readonly nav: RunningNavSandbox;
  readonly app: AppRuntime;
  readonly server: FastifyInstance;
  readonly alerts: AlertService | undefined;
  readonly credentials: readonly DemoCredentials[];
  /** What the banner prints. */
  banner(): string;
  close(): Promise<void>;
}

/** A password easy to copy from a terminal: 16 letters and digits, no look-alikes. */
export function demoPassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = randomBytes(16);
  let out = '';
  for (const b of bytes) out += alphabet[b % alphabet.length];
  return `${out.slice(0, 4)}-${out.slice(4, 8)}-${out.slice(8, 12)}-${out.slice(12)}`;
}

export async function startDemo(opts: DemoOptions): Promise<Demo> {
  const credentials: DemoCredentials[] = [
    { name: 'admin', password: demoPassword(), role: 'admin' },
    { name: 'viewer', password: demoPassword(), role: 'viewer' },
  ];
  const users = await Promise.all(credentials.map(async (c) => ({ name: c.name, role: c.role, passwordHash: await hashPassword(c.password) })));
  // No products or deals of the portal's own: the catalog is NAV's items (products flow NAV → Bitrix24), so
  // every deal a manager makes can become a NAV order; the seeded deals' rows would name products NAV never had.
  const b24 = await startB24Sandbox({ port: opts.b24Port, seed: { products: 0, deals: 0 } });
  const nav = await startNavSandbox({ port: opts.navPort });
  const b24Port = Number(new URL(b24.url).port);
  const navPort = Number(new URL(nav.baseUrl).port);
  const storeFile = opts.storeFile ?? './data/demo.db';
  await Promise.all(['', '-wal', '-shm'].map((s) => rm(`${storeFile}${s}`, { force: true })));
  const hook = b24Admin.addOutgoingWebhook(b24.portal, EVENTS, `http://127.0.0.1:${opts.port}/webhooks/bitrix24`);
  let raw = parseDocument(sandboxConfig({ b24Port, navPort, serverPort: opts.port }, storeFile)).toJS() as Record<string, unknown>;
  // The demo shows order-to-cash too: deals become NAV orders, posted invoices and payments come back.
  // Company names longer than NAV's Name[50] (the seed has Russian legal names of up to 100 characters) are
  // shortened rather than refused, so the demo starts with no failures: a fault you inject is the only one.
  const name = { name: 'name', b24: 'TITLE', nav: 'Name', direction: 'both', normalize: 'text', navMaxLength: 50, onTooLong: 'truncate' };
  raw = mergeConfig(raw, {
    bitrix24: { applicationToken: hook.applicationToken },
    server: { dashboard: { users } },
    entities: { customers: { fields: [name] }, orders: { enabled: true }, invoices: { enabled: true } },
  });
  if (opts.config) raw = mergeConfig(raw, opts.config);
  const config = parseConfig(raw, process.env, 'demo config');
  const app = await openRuntime(config, opts.log ? { log: opts.log } : { logLevel: opts.logLevel ?? 'warn' });
  const alerts = createAlerting(app);
  const server = buildServer({ engine: app.engine, log: app.log, redactor: app.redactor, applicationTokens: [hook.applicationToken], bodyLimit: config.server.bodyLimitBytes, telemetry: app.telemetry, alerts });
  let simulated: DemoUsers | undefined;
  const close = async (): Promise<void> => {
    simulated?.stop();
    await alerts?.stop();
    await server.close();
    await app.engine.stop();
    await app.close();
    await nav.close();
    await b24.close();
  };
  try {
    await app.crm.ensureUserFields(userFieldsToEnsure(app.engine));
    await server.listen({ host: '127.0.0.1', port: opts.port });
    await app.engine.start();
    alerts?.start();
    if (opts.users) {
      const customers: string[] = [];
      for await (const page of app.nav.customers.pages({ select: ['No'] })) customers.push(...page.map((r) => r.No));
      const items: string[] = [];
      for await (const page of app.nav.items.pages({ select: ['No'] })) items.push(...page.map((r) => r.No));
      simulated = startDemoUsers(b24, nav, { customers, items }, app.log, 4000, 42, config.entities.orders.enabled ? { nav: app.nav } : undefined);
    }
  } catch (error) {
    await close();
    throw error;
  }
  const url = `http://127.0.0.1:${opts.port}`;
  const faults = `${nav.baseUrl.replace(/\/[^/]*$/, '')}/_sandbox/faults`;
  const banner = (): string =>
    [
      'b24nav demo',
      `  dashboard:        ${url}/`,
      ...credentials.map((c) => `    sign in as ${c.name.padEnd(7)} password ${c.password}  (${c.role === 'admin' ? 'may retry, drop and resolve' : 'read-only'})`),
      `  service:          ${url}  (status: /api/status, health: /healthz, metrics: /metrics)`,
      `  Bitrix24 sandbox: ${b24.url}  webhook ${b24.webhookUrl}`,
      `  NAV sandbox:      ${nav.baseUrl}  (NTLM navuser / Nav-Sandbox-1, domain CRONUS)`,
      `  events:           Bitrix24 → ${url}/webhooks/bitrix24`,
      ...(config.alerts.channels.bitrix24 ? [`  alerts:           Bitrix24 notifications to user(s) ${config.alerts.channels.bitrix24.userIds.join(', ')}: ${b24.url}/_sandbox/notifications`] : []),
      `  try a fault:      curl -X POST ${faults} -H 'content-type: application/json' -d '{"kind":"http_500","method":"Customer.*"}'`,
      `                    (NAV refuses customer writes; after ${config.sync.maxAttempts} attempts they are dead letters and an alert fires)`,
      `  fix it:           curl -X DELETE ${faults}   then Retry on the dashboard's Dead letters page`,
      '  Ctrl+C stops everything.',
      '',
    ].join('\n');
  return { url, b24, nav, app, server, alerts, credentials, banner, close };
}

export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('both sandboxes, the service with its dashboard and simulated users editing both systems; prints the URLs, the demo sign-ins and a live status')
    .option('--port <port>', 'port of the service', intOption('--port', 1, 65535), 3000)
    .option('--b24-port <port>', 'port of the Bitrix24 sandbox', intOption('--b24-port', 1, 65535), 3101)
    .option('--nav-port <port>', 'port of the NAV sandbox', intOption('--nav-port', 1, 65535), 3102)
    .option('--no-users', 'no simulated users')
    .action(async (opts: { port: number; b24Port: number; navPort: number; users: boolean }) => {
      const demo = await startDemo(opts);
      let status: NodeJS.Timeout | undefined;
      try {
        process.stdout.write(demo.banner());
        const tty = process.stdout.isTTY;
        status = setInterval(
          () => {
            void collectStatus(demo.app.store.db, Date.now(), syncedKinds(demo.app.engine)).then((s) => {
              const line = s.entities.map((e) => `${e.entity}: ${e.linked} linked, ${e.pending} pending, ${e.failed} failed, ${e.conflicts} conflicts`).join(' | ');
              process.stdout.write(tty ? `\r\x1b[2K${line}` : `${line}\n`);
            });
          },
          tty ? 1000 : 10_000,
        );
        status.unref();
        await untilSignal();
        process.stdout.write('\nstopping…\n');
      } finally {
        if (status) clearInterval(status);
        await demo.close();
      }
    });
}
