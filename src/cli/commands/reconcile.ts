// `b24nav reconcile [--entity E] [--fix] [--json]`: compares both systems against the
// links and reports per entity kind — missing on one side, orphans, diverged fields,
// duplicates by match keys, broken links. With --fix, what the policies allow is queued
// and carried out by one sync pass right away (--no-apply leaves it to `b24nav run`),
// and the rest is listed with the reason it was left.
import type { Command } from 'commander';
import { openRuntime, userFieldsToEnsure } from '../../app/runtime.ts';
import type { SyncOnceReport } from '../../engine/engine.ts';
import type { EntityKind } from '../../engine/ports.ts';
import { entityKind, type OpsContext } from '../../ops/context.ts';
import { reconcile } from '../../ops/reconcile.ts';
import { FINDING_KINDS, type Finding, type ReconcileReport } from '../../ops/reconcile-types.ts';
import { readConfig } from '../config-option.ts';
import { intOption } from '../options.ts';
import { table } from '../table.ts';
import { collect, oneLine, opsCommand, printer, processTerminal, refusals, type Terminal, sideLabel } from './ops-common.ts';

interface ReconcileOptions {
  config: string;
  entity?: string[];
  fix?: boolean;
  apply: boolean;
  json?: boolean;
  maxItems: number;
}

function record(f: Finding): string {
  if (f.kind === 'duplicate') return `${sideLabel(f.side ?? '')} ${(f.ids ?? []).join(', ')}`;
  return [f.b24Id === null ? null : `B24 ${f.b24Id}`, f.navKey === null ? null : `NAV ${f.navKey}`].filter(Boolean).join(' ⇄ ');
}

export function reportText(report: ReconcileReport, applied: SyncOnceReport | null): string {
  const lines: string[] = [];
  const headers = ['entity', 'B24 records', 'NAV records', 'links', ...FINDING_KINDS, ...(report.fix ? ['queued', 'left'] : [])];
  lines.push(
    table(
      headers,
      report.entities.map((e) => [e.entity, e.records.b24, e.records.nav, e.links, ...FINDING_KINDS.map((k) => e.counts[k]), ...(report.fix ? [e.queued, e.left] : [])]),
    ),
  );
  for (const e of report.entities) {
    if (e.findings.length === 0) continue;
    lines.push('', `${e.entity}:`);
    for (const f of e.findings) {
      const where = f.kind === 'missing' || f.kind === 'orphan' ? ` in ${sideLabel(f.side ?? '')}` : '';
      lines.push(`  ${f.kind}${where}  ${record(f)}: ${oneLine(f.detail, 160)}`);
      for (const [field, v] of Object.entries(f.fields ?? {})) lines.push(`      ${field}: Bitrix24 ${JSON.stringify(v.b24)} | NAV ${JSON.stringify(v.nav)}`);
      if (f.fix) lines.push(`      → ${f.fix.action === 'queued' ? 'fixed' : 'left'}: ${f.fix.reason}`);
    }
    if (e.omitted > 0) lines.push(`  … and ${e.omitted} more (counted above; --max-items shows more)`);
  }
  const total = report.entities.reduce((n, e) => n + FINDING_KINDS.reduce((m, k) => m + e.counts[k], 0), 0);
  lines.push('', total === 0 ? 'both systems agree with the links' : `${total} finding${total === 1 ? '' : 's'}${report.fix ? '' : '; `--fix` repairs what the policies allow'}`);
  if (applied) {
    const done = Object.values(applied.entities).reduce((n, e) => n + e.done, 0);
    const failed = Object.values(applied.entities).reduce((n, e) => n + e.dead, 0);
    const retry = Object.values(applied.entities).reduce((n, e) => n + e.retried, 0);
    lines.push(`applied by sync run #${applied.runId ?? '?'}: ${done} done, ${retry} to retry, ${failed} failed${failed > 0 ? ' (`b24nav dlq list`)' : ''}`);
  } else if (report.fix) {
    lines.push('queued only (--no-apply): `b24nav run` or `b24nav sync` carries it out');
  }
  return lines.join('\n');
}

export function registerReconcileCommand(program: Command, io: Terminal = processTerminal): void {
  const { print, printJson } = printer(io);
  opsCommand(program, 'reconcile')
    .description('compare both systems against the links: missing on one side, orphans, diverged fields, duplicates by match keys, broken links')
    .option('--entity <entity>', 'only this entity kind; repeatable', collect)
    .option('--fix', 'repair what the policies allow (queued and applied by one sync pass) and list the rest with the reason')
    .option('--no-apply', 'with --fix: only queue the repairs, for `b24nav run` to carry out')
    .option('--max-items <n>', 'findings listed per entity and kind (counts are always complete)', intOption('--max-items', 1, 1_000_000), 1000)
    .option('--json', 'print the report as JSON')
    .action(
      refusals(io, async (opts: ReconcileOptions) => {
        const entities: EntityKind[] | undefined = opts.entity?.map((e) => entityKind(e));
        const config = await readConfig(opts.config);
        const app = await openRuntime(config, { logLevel: 'warn' });
        try {
          const ctx: OpsContext = { db: app.store.db, config, clock: app.engine.clock, redactor: app.redactor };
          const tty = io.tty && !opts.json;
          const report = await reconcile(ctx, app.engine, {
            entities,
            fix: opts.fix ?? false,
            maxItems: opts.maxItems,
            onProgress: (e) => {
              if (tty) io.err(`\x1b[2K${e.entity}: ${e.step}${e.records === undefined ? '' : ` +${e.records}`}\r`);
            },
          });
          if (tty) io.err('\x1b[2K');
          let applied: SyncOnceReport | null = null;
          if (opts.fix && opts.apply) {
            await app.crm.ensureUserFields(userFieldsToEnsure(app.engine));
            applied = await app.engine.syncOnce({ entities: report.entities.map((e) => e.entity as EntityKind), stock: false });
          }
          if (opts.json) return printJson(app.redactor.value({ ...report, applied: applied ? { runId: applied.runId, entities: applied.entities } : null }));
          print(app.redactor.text(reportText(report, applied)));
        } finally {
          await app.close();
        }
      }),
    );
}
