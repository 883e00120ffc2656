import { rm } from 'node:fs/promises';
import type { Command } from 'commander';
import { parseDocument } from 'yaml';
import { createAlerting } from '../../app/alerting.ts';
import { startDemoUsers } from '../../app/demo-users.ts';
import { openRuntime, userFieldsToEnsure } from '../../app/runtime.ts';
import { parseConfig } from '../../config/load.ts';
import { sandboxConfig } from '../../config/templates.ts';
import { b24Admin, startB24Sandbox } from '../../sandbox/bitrix24/index.ts';
import { startNavSandbox } from '../../sandbox/nav/index.ts';
import { buildServer } from '../../server/app.ts';
import { collectStatus } from '../../server/status.ts';
import { syncedKinds } from '../../server/app.ts';
import { intOption, untilSignal } from '../options.ts';

const EVENTS = ['ONCRMCOMPANYADD', 'ONCRMCOMPANYUPDATE', 'ONCRMCOMPANYDELETE', 'ONCRMCONTACTADD', 'ONCRMCONTACTUPDATE', 'ONCRMCONTACTDELETE', 'ONCRMREQUISITEADD', 'ONCRMREQUISITEUPDATE'];

export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('both sandboxes, the service and simulated users editing both systems; prints the URLs and a live status')
    .option('--port <port>', 'port of the service', intOption('--port', 1, 65535), 3000)
    .option('--b24-port <port>', 'port of the Bitrix24 sandbox', intOption('--b24-port', 1, 65535), 3101)
    .option('--nav-port <port>', 'port of the NAV sandbox', intOption('--nav-port', 1, 65535), 3102)
    .option('--no-users', 'no simulated users')
    .action(async (opts: { port: number; b24Port: number; navPort: number; users: boolean }) => {
      const b24 = await startB24Sandbox({ port: opts.b24Port });
      const nav = await startNavSandbox({ port: opts.navPort });
      const storeFile = './data/demo.db';
      await Promise.all(['', '-wal', '-shm'].map((s) => rm(`${storeFile}${s}`, { force: true })));
      const hook = b24Admin.addOutgoingWebhook(b24.portal, EVENTS, `http://127.0.0.1:${opts.port}/webhooks/bitrix24`);
      const raw = parseDocument(sandboxConfig({ b24Port: opts.b24Port, navPort: opts.navPort, serverPort: opts.port }, storeFile)).toJS() as { bitrix24: Record<string, unknown> };
      raw.bitrix24['applicationToken'] = hook.applicationToken;
      const config = parseConfig(raw, process.env, 'demo config');
      const app = await openRuntime(config, { logLevel: 'warn' });
      const alerts = createAlerting(app);
      const server = buildServer({ engine: app.engine, log: app.log, redactor: app.redactor, applicationTokens: [hook.applicationToken], bodyLimit: config.server.bodyLimitBytes, telemetry: app.telemetry, alerts });
      let users: ReturnType<typeof startDemoUsers> | undefined;
      let status: NodeJS.Timeout | undefined;
      try {
        await app.crm.ensureUserFields(userFieldsToEnsure(app.engine));
        await server.listen({ host: '127.0.0.1', port: opts.port });
        await app.engine.start();
        alerts?.start();
        process.stdout.write(
          [
            'b24nav demo',
            `  service:          http://127.0.0.1:${opts.port}  (status: /api/status, health: /healthz, metrics: /metrics)`,
            `  Bitrix24 sandbox: ${b24.url}  webhook ${b24.webhookUrl}`,
            `  NAV sandbox:      ${nav.baseUrl}  (NTLM navuser / Nav-Sandbox-1, domain CRONUS)`,
            `  events:           Bitrix24 → http://127.0.0.1:${opts.port}/webhooks/bitrix24`,
            ...(config.alerts.channels.bitrix24 ? [`  alerts:           Bitrix24 notifications to user(s) ${config.alerts.channels.bitrix24.userIds.join(', ')}: ${b24.url}/_sandbox/notifications`] : []),
            '  Ctrl+C stops everything.',
            '',
          ].join('\n'),
        );
        if (opts.users) {
          const customers: string[] = [];
          for await (const page of app.nav.customers.pages({ select: ['No'] })) customers.push(...page.map((r) => r.No));
          const items: string[] = [];
          for await (const page of app.nav.items.pages({ select: ['No'] })) items.push(...page.map((r) => r.No));
          users = startDemoUsers(b24, nav, { customers, items }, app.log);
        }
        const tty = process.stdout.isTTY;
        status = setInterval(() => {
          void collectStatus(app.store.db, Date.now(), syncedKinds(app.engine)).then((s) => {
            const line = s.entities.map((e) => `${e.entity}: ${e.linked} linked, ${e.pending} pending, ${e.failed} failed, ${e.conflicts} conflicts`).join(' | ');
            process.stdout.write(tty ? `\r\x1b[2K${line}` : `${line}\n`);
          });
        }, tty ? 1000 : 10_000);
        status.unref();
        await untilSignal();
        process.stdout.write('\nstopping…\n');
      } finally {
        if (status) clearInterval(status);
        users?.stop();
        await alerts?.stop();
        await server.close();
        await app.engine.stop();
        await app.close();
        await nav.close();
        await b24.close();
      }
    });
}
