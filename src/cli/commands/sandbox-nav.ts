import type { Command } from 'commander';
import { escapeDataString } from '../../connectors/nav/schema/index.ts';
import { NAV_AUTH_MODES, startNavSandbox } from '../../sandbox/nav/index.ts';
import { DEFAULT_CUSTOMERS, DEFAULT_ITEMS } from '../../sandbox/nav/seed/index.ts';
import { choiceOption, intOption, untilSignal } from '../options.ts';

interface NavSandboxCliOptions {
  host: string;
  port: number;
  instance: string;
  company: string;
  auth: (typeof NAV_AUTH_MODES)[number];
  ntlmScheme: 'Negotiate' | 'NTLM';
  user: string;
  password?: string;
  domain: string;
  tls?: boolean;
  seed: number;
  customers: number;
  items: number;
  odataPageSize: number;
  data?: string;
  faultSeed: number;
}

export function registerNavSandboxCommand(sandbox: Command): void {
  sandbox
    .command('nav')
    .description('a simulated Dynamics NAV server: SOAP page services and OData v4 with NTLM, Basic or no authentication')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--port <port>', 'port to listen on (SOAP and OData share it)', intOption('--port', 0, 65535), 3102)
    .option('--instance <name>', 'server instance, the first segment of every path', 'DynamicsNAV110')
    .option('--company <name>', 'name of the demo company', 'CRONUS International Ltd.')
    .option('--auth <mode>', 'ntlm (Windows), basic (NavUserPassword) or none', choiceOption('--auth', NAV_AUTH_MODES), 'ntlm')
    .option('--ntlm-scheme <scheme>', 'scheme advertised for Windows authentication', choiceOption('--ntlm-scheme', ['Negotiate', 'NTLM'] as const), 'Negotiate')
    .option('--user <name>', 'the NAV user (Windows account without domain, or NAV user name)', 'navuser')
    .option('--password <password>', 'its password (a default is used when absent; see docs/sandbox.md)')
    .option('--domain <domain>', 'the Windows domain of the user', 'CRONUS')
    .option('--tls', 'serve HTTPS with a self-signed certificate (written to data/tls/)')
    .option('--seed <n>', 'seed of the generated data', intOption('--seed', 0, 2 ** 31 - 1), 1)
    .option('--customers <n>', 'customers per company (the demo ones first)', intOption('--customers', 0, 1_000_000), DEFAULT_CUSTOMERS)
    .option('--items <n>', 'items per company (the demo ones first)', intOption('--items', 0, 1_000_000), DEFAULT_ITEMS)
    .option('--odata-page-size <n>', 'OData Max Page Size (ODataServicesMaxPageSize)', intOption('--odata-page-size', 1, 100_000), 1000)
    .option('--data <file>', 'keep the data in this JSON file (reloaded at start)')
    .option('--fault-seed <n>', 'seed of the fault rules\' random draws (a fault run repeats exactly)', intOption('--fault-seed', 0, 2 ** 31 - 1), 1)
    .action(async (opts: NavSandboxCliOptions) => {
      const running = await startNavSandbox({
        host: opts.host,
        port: opts.port,
        instance: opts.instance,
        company: opts.company,
        auth: opts.auth,
        ntlmScheme: opts.ntlmScheme,
        user: opts.user,
        ...(opts.password ? { password: opts.password } : {}),
        domain: opts.domain,
        tls: opts.tls === true,
        seed: opts.seed,
        customers: opts.customers,
        items: opts.items,
        odataPageSize: opts.odataPageSize,
        ...(opts.data ? { dataFile: opts.data } : {}),
        faultSeed: opts.faultSeed,
      });
      const origin = new URL(running.baseUrl).origin;
      const who = opts.domain ? `${opts.domain}\\${opts.user}` : opts.user;
      const password = opts.password ? 'the one given with --password' : 'the sandbox default (docs/sandbox.md)';
      const credentials =
        opts.auth === 'none' ? 'none (no credentials asked)' : opts.auth === 'ntlm' ? `ntlm (WWW-Authenticate: ${opts.ntlmScheme}) as ${who}, password ${password}` : `basic (NavUserPassword) as ${opts.user}, password ${password}`;
      const lines = [
        `Dynamics NAV sandbox ${opts.instance} on ${origin}`,
        `  SOAP:      ${running.baseUrl}/WS/${escapeDataString(opts.company)}/Page/<Service>  (GET it for the WSDL; e.g. …/Page/Customer)`,
        `  codeunit:  ${running.codeunitUrl(opts.company)}`,
        `  system:    ${running.baseUrl}/WS/SystemService`,
        `  OData v4:  ${running.odataUrl(opts.company)}/<Service>  ($metadata: ${running.baseUrl}/ODataV4/$metadata)`,
        `  companies: ${running.companies.join(', ')}`,
        `  auth:      ${credentials}`,
        `  admin API: ${origin}/_sandbox/ (state, reset, faults, post-order, receive-payment, adjust-inventory, post-credit-memo, edit, delete)`,
        ...(running.certPath ? [`  TLS certificate: ${running.certPath} (trust it with nav.tls.caFile in the b24nav config)`] : []),
        ...(opts.data ? [`  data file: ${opts.data}`] : []),
      ];
      process.stdout.write(`${lines.join('\n')}\n`);
      await untilSignal();
      await running.close();
    });
}
