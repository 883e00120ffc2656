import type { Command } from 'commander';
import { openRuntime, userFieldsToEnsure, type AppRuntime } from '../../app/runtime.ts';
import { isSyncError } from '../../core/failure.ts';
import type { SideName } from '../../core/record.ts';
import { readConfig, withConfigOption } from '../config-option.ts';

interface Finding {
  readonly ok: boolean;
  readonly text: string;
}

const REQUIRED_SCOPES: Record<string, string> = { crm: 'companies, contacts, deals', catalog: 'products and stock', user: 'responsible users' };

/** The scopes this config needs: invoices set payment amounts (sale.payment.update), alerts to Bitrix24 notify (im). */
export function requiredScopes(config: AppRuntime['config']): Record<string, string> {
  return {
    ...REQUIRED_SCOPES,
    ...(config.entities.invoices.enabled ? { sale: 'payment amounts of smart invoices (sale.payment.update; the webhook user must be an administrator)' } : {}),
    ...(config.alerts.enabled && config.alerts.channels.bitrix24 ? { im: 'alerts as Bitrix24 notifications (im.notify.system.add)' } : {}),
  };
}

async function attempt(label: string, fn: () => Promise<Finding[]>): Promise<Finding[]> {
  try {
    return await fn();
  } catch (error) {
    const why = isSyncError(error) ? `${error.code}: ${error.message}` : error instanceof Error ? error.message : String(error);
    return [{ ok: false, text: `${label}: ${why}` }];
  }
}

async function checkBitrix24(app: AppRuntime): Promise<Finding[]> {
  const scopes = await app.b24.call<string[]>('scope', {});
  const out: Finding[] = [{ ok: true, text: 'Bitrix24 reached, credentials accepted' }];
  for (const [scope, why] of Object.entries(requiredScopes(app.config))) {
    out.push(scopes.includes(scope) ? { ok: true, text: `scope ${scope}` } : { ok: false, text: `scope ${scope} missing (needed for ${why}): add it to the inbound webhook or the application` });
  }
  const mode = await app.crm.stock.mode().catch(() => 'quantity' as const);
  out.push({ ok: true, text: `stock goes in as ${mode === 'documents' ? 'conducted store documents (inventory management is on)' : 'product quantity (inventory management is off)'}` });
  return out;
}

async function checkNav(app: AppRuntime): Promise<Finding[]> {
  const companies = await app.nav.companies();
  const company = app.config.nav.company;
  return [
    { ok: true, text: 'NAV reached, credentials accepted' },
    companies.includes(company)
      ? { ok: true, text: `company "${company}" exists` }
      : { ok: false, text: `company "${company}" not found; the user may open: ${companies.map((c) => `"${c}"`).join(', ')} (names are case-sensitive)` },
  ];
}

async function checkFields(app: AppRuntime): Promise<Finding[]> {
  const out: Finding[] = [];
  const creatable = new Set<string>(userFieldsToEnsure(app.engine).map((f) => f.name));
  for (const [kind, rt] of app.engine.runtimes) {
    for (const side of ['b24', 'nav'] as const satisfies readonly SideName[]) {
      const where = side === 'b24' ? 'Bitrix24' : 'NAV';
      const paths = new Map((await rt.sides[side].fieldPaths()).map((p) => [p.path, p]));
      const written = new Set(rt.fieldMap.flowsTo(side).map((f) => rt.fieldMap.pathOf(f, side)));
      for (const path of rt.fieldMap.sidePaths(side)) {
        const known = paths.get(path);
        if (!known) {
          out.push(creatable.has(path) ? { ok: true, text: `${kind}: ${where} field ${path} will be created at start` } : { ok: false, text: `${kind}: ${where} has no field "${path}" (entities.${kind}.fields); check the spelling or publish it` });
        } else if (written.has(path) && !known.writable) {
          out.push({ ok: false, text: `${kind}: ${where} field ${path} is read-only but the map writes to it; set its direction so it does not flow to ${where}` });
        }
      }
    }
    out.push({ ok: true, text: `${kind}: ${rt.fieldMap.compared.length} mapped fields, match keys ${rt.config.matchKeys.join(', ') || '(none)'}` });
  }
  return out;
}

export function registerCheckCommand(program: Command): void {
  withConfigOption(program.command('check'))
    .description('reach both systems, check credentials, scopes, the NAV company and every mapped field; say what to fix')
    .option('--json', 'print JSON')
    .action(async (opts: { config: string; json?: boolean }) => {
      const config = await readConfig(opts.config);
      const app = await openRuntime(config, { logLevel: 'error' });
      try {
        const findings = [
          ...(await attempt('Bitrix24', () => checkBitrix24(app))),
          ...(await attempt('NAV', () => checkNav(app))),
          ...(await attempt('field maps', () => checkFields(app))),
        ];
        if (opts.json) process.stdout.write(`${JSON.stringify(findings, null, 2)}\n`);
        else for (const f of findings) process.stdout.write(`${f.ok ? '✓' : '✗'} ${app.redactor.text(f.text)}\n`);
        if (findings.some((f) => !f.ok)) process.exitCode = 1;
      } finally {
        await app.close();
      }
    });
}
