import type { Command } from 'commander';
import { startB24Sandbox } from '../../sandbox/bitrix24/index.ts';
import { choiceOption, intOption, untilSignal } from '../options.ts';

interface B24SandboxCliOptions {
  host: string;
  port: number;
  plan: 'standard' | 'enterprise';
  tls?: boolean;
  webhookCode?: string;
  seed: number;
  companies: number;
  contacts: number;
  products: number;
  deals: number;
  data?: string;
  limits: boolean;
  faultSeed: number;
  accessTokenTtl?: number;
}

export function registerB24SandboxCommand(sandbox: Command): void {
  sandbox
    .command('b24')
    .description('a simulated Bitrix24 cloud portal (inbound webhook, OAuth, limits, batch, events, faults)')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--port <port>', 'port to listen on', intOption('--port', 0, 65535), 3101)
    .option('--plan <plan>', 'tariff: standard (50 burst, 2/s) or enterprise (250, 5/s)', choiceOption('--plan', ['standard', 'enterprise'] as const), 'standard')
    .option('--tls', 'serve HTTPS with a self-signed certificate (written to data/tls/)')
    .option('--webhook-code <code>', 'fix the inbound webhook code (random otherwise)')
    .option('--seed <n>', 'seed of the generated data', intOption('--seed', 0, 2 ** 31 - 1), 1)
    .option('--companies <n>', 'companies to generate', intOption('--companies', 0, 1_000_000), 40)
    .option('--contacts <n>', 'contacts to generate', intOption('--contacts', 0, 1_000_000), 60)
    .option('--products <n>', 'catalog products to generate', intOption('--products', 0, 1_000_000), 30)
    .option('--deals <n>', 'deals to generate', intOption('--deals', 0, 1_000_000), 30)
    .option('--data <file>', 'keep the portal in this JSON file (reloaded at start)')
    .option('--no-limits', 'switch off the request bucket and the operating-time limit')
    .option('--fault-seed <n>', 'seed of the fault rules\' random draws (a fault run repeats exactly)', intOption('--fault-seed', 0, 2 ** 31 - 1), 1)
    .option('--access-token-ttl <seconds>', 'lifetime of OAuth access tokens (one hour by default)', intOption('--access-token-ttl', 1, 86_400))
    .action(async (opts: B24SandboxCliOptions) => {
      const running = await startB24Sandbox({
        host: opts.host,
        port: opts.port,
        plan: opts.plan,
        tls: opts.tls === true,
        ...(opts.webhookCode ? { webhookCode: opts.webhookCode } : {}),
        seed: { seed: opts.seed, companies: opts.companies, contacts: opts.contacts, products: opts.products, deals: opts.deals },
        ...(opts.data ? { data: opts.data } : {}),
        limits: opts.limits,
        faultSeed: opts.faultSeed,
        ...(opts.accessTokenTtl === undefined ? {} : { accessTokenTtlMs: opts.accessTokenTtl * 1000 }),
      });
      const lines = [
        `Bitrix24 sandbox on ${running.url} (plan ${opts.plan}, limits ${opts.limits ? 'on' : 'off'})`,
        `  inbound webhook: ${running.webhookUrl}`,
        `  webhook code:    ${running.webhookCode}`,
        `  OAuth app:       client_id=${running.app.clientId} client_secret=${running.app.clientSecret}`,
        `  OAuth token URL: ${running.url}/oauth/token/`,
        `  admin API:       ${running.url}/_sandbox/ (faults, state, reset, edit, ...)`,
        ...(running.certPath ? [`  TLS certificate: ${running.certPath}`] : []),
        ...(opts.data ? [`  data file:       ${opts.data}`] : []),
      ];
      process.stdout.write(`${lines.join('\n')}\n`);
      await untilSignal();
      await running.close();
    });
}
