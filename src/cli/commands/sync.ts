import type { Command } from 'commander';
import { openRuntime, userFieldsToEnsure } from '../../app/runtime.ts';
import { ENTITY_KINDS, type EntityKind } from '../../engine/ports.ts';
import type { ProgressEvent, SyncOnceReport } from '../../engine/engine.ts';
import { readConfig, withConfigOption } from '../config-option.ts';
import { table } from '../table.ts';

function entityList(value: string, previous: EntityKind[] = []): EntityKind[] {
  if (!(ENTITY_KINDS as readonly string[]).includes(value)) throw new Error(`--entity must be one of ${ENTITY_KINDS.join(', ')}, got "${value}"`);
  return [...previous, value as EntityKind];
}

/** One line per entity on a terminal, rewritten in place; nothing when the output is not a terminal. */
class Progress {
  private readonly lines = new Map<string, string>();
  constructor(private readonly tty: boolean) {}

  update(event: ProgressEvent): void {
    if (event.type === 'scanned') {
      const key = `${event.entity} ${event.side}`;
      const previous = Number(/(\d+) read/.exec(this.lines.get(key) ?? '')?.[1] ?? 0);
      this.lines.set(key, `${key.padEnd(16)} ${previous + event.records} read`);
    } else if (event.type === 'processed') {
      for (const [entity, c] of Object.entries(event.report.byEntity)) {
        const key = `${entity} jobs`;
        const prev = /(\d+) done, (\d+) retried, (\d+) failed/.exec(this.lines.get(key) ?? '');
        const n = (i: number): number => Number(prev?.[i] ?? 0);
        this.lines.set(key, `${key.padEnd(16)} ${bar(n(1) + c.done)} ${n(1) + c.done} done, ${n(2) + c.retried} retried, ${n(3) + c.dead} failed`);
      }
    } else {
      this.lines.set('stock', `${'stock'.padEnd(16)} ${event.report.levels} levels, ${event.report.changed} moved`);
    }
    this.draw();
  }

  private drawn = 0;
  private draw(): void {
    if (!this.tty) return;
    if (this.drawn > 0) process.stderr.write(`\x1b[${this.drawn}A`);
    for (const line of this.lines.values()) process.stderr.write(`\x1b[2K${line}\n`);
    this.drawn = this.lines.size;
  }
}

function bar(done: number): string {
  const width = 20;
  const filled = Math.min(width, Math.round(Math.log10(done + 1) * 5));
  return `[${'#'.repeat(filled)}${' '.repeat(width - filled)}]`;
}

function summary(report: SyncOnceReport): string {
  const kinds = [...new Set([...report.scans.map((s) => s.entity), ...Object.keys(report.entities)])];
  const rows = kinds.map((k) => {
    const scans = report.scans.filter((s) => s.entity === k);
    const e = report.entities[k];
    return [k, scans.find((s) => s.side === 'b24')?.records ?? null, scans.find((s) => s.side === 'nav')?.records ?? null, scans.reduce((n, s) => n + s.queued, 0), e?.done ?? 0, e?.retried ?? 0, e?.dead ?? 0];
  });
  let out = table(['entity', 'read B24', 'read NAV', 'queued', 'done', 'retry', 'failed'], rows);
  if (report.stock) out += `\nstock: ${report.stock.levels} levels read, ${report.stock.changed} moved, ${report.stock.failed} failed, ${report.stock.skipped} skipped (item not linked or location without store)`;
  return out;
}

function plan(report: SyncOnceReport): string {
  const groups = new Map<string, number>();
  for (const p of report.planned) groups.set(`${p.entity}|${p.action}|${p.side}`, (groups.get(`${p.entity}|${p.action}|${p.side}`) ?? 0) + 1);
  const rows = [...groups].map(([k, n]) => [...k.split('|'), n] as [string, string, string, number]);
  const details = report.planned
    .slice(0, 200)
    .map((p) => `  ${p.action.padEnd(9)} ${p.entity} in ${p.side === 'b24' ? 'Bitrix24' : 'NAV'}${p.id ? ` ${p.id}` : ''} ← ${p.source}${Object.keys(p.fields).length ? `: ${Object.keys(p.fields).join(', ')}` : ''}`);
  return `${rows.length === 0 ? 'nothing to do' : table(['entity', 'action', 'side', 'records'], rows.map(([e, a, s, n]) => [e, a, s === 'b24' ? 'Bitrix24' : 'NAV', n]))}\n${details.join('\n')}${report.planned.length > 200 ? `\n  … and ${report.planned.length - 200} more` : ''}`;
}

export function registerSyncCommand(program: Command): void {
  withConfigOption(program.command('sync'))
    .description('one sync pass: read changes on both sides, write what must be written, report')
    .option('--entity <entity>', `only this entity kind (${ENTITY_KINDS.join(', ')}); repeatable`, entityList)
    .option('--dry-run', 'list what would be created, updated or linked on each side, and change nothing')
    .option('--full', 're-read every record instead of the changes since the last pass')
    .option('--json', 'print the report as JSON')
    .action(async (opts: { config: string; entity?: EntityKind[]; dryRun?: boolean; full?: boolean; json?: boolean }) => {
      const config = await readConfig(opts.config);
      const app = await openRuntime(config, { logLevel: 'warn' });
      try {
        if (!opts.dryRun) await app.crm.ensureUserFields(userFieldsToEnsure(app.engine));
        const progress = new Progress(process.stderr.isTTY && !opts.json);
        const report = await app.engine.syncOnce({ entities: opts.entity, dryRun: opts.dryRun ?? false, full: opts.full ?? false, onProgress: (e) => progress.update(e) });
        if (opts.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
        else process.stdout.write(`${opts.dryRun ? plan(report) : summary(report)}\n`);
        if (Object.values(report.entities).some((e) => e.dead > 0)) process.exitCode = 2;
      } finally {
        await app.close();
      }
    });
}
