// `b24nav conflicts list|show|resolve`: changes made on both sides that the entity's
// policy (manual) left to an operator — listed, shown side by side, and resolved with
// a choice per field that the next sync pass writes.
import type { Command } from 'commander';
import type { SideName } from '../../core/record.ts';
import { getConflictDetail, listConflictSummaries, resolveByOperator, type ConflictDetail } from '../../ops/conflicts.ts';
import { entityKind, sideName } from '../../ops/context.ts';
import { parseId } from '../../ops/dates.ts';
import { intOption } from '../options.ts';
import { table } from '../table.ts';
import { badInput, oneLine, openOps, opsCommand, printer, processTerminal, refusals, type Terminal, sideLabel } from './ops-common.ts';

const show = (value: unknown): string => (value === null || value === undefined ? '–' : typeof value === 'string' ? value : JSON.stringify(value));

/**
 * Reads `--take`: `b24` or `nav` for every field, `field=side,…` per field, or both
 * (`nav,name=b24`: NAV for every field but name). Every field of the conflict must get a side.
 */
export function parseTake(text: string, fields: readonly string[]): Record<string, SideName> {
  let all: SideName | undefined;
  const chosen: Record<string, SideName> = {};
  for (const part of text.split(',').map((p) => p.trim()).filter((p) => p !== '')) {
    const eq = part.indexOf('=');
    if (eq < 0) {
      if (all !== undefined) throw badInput(`--take names a side for every field twice ("${all}" and "${part}")`);
      all = sideName(part, '--take');
      continue;
    }
    const field = part.slice(0, eq).trim();
    if (!fields.includes(field)) throw badInput(`--take: "${field}" is not a field of this conflict (its fields: ${fields.join(', ')})`);
    chosen[field] = sideName(part.slice(eq + 1).trim(), `--take ${field}`);
  }
  const out: Record<string, SideName> = {};
  for (const field of fields) {
    const side = chosen[field] ?? all;
    if (side === undefined) throw badInput(`--take: choose a side for ${field} too (e.g. --take ${field}=b24, or --take nav for every field not named)`);
    out[field] = side;
  }
  return out;
}

function printDetail(c: ConflictDetail, print: (text: string) => void): void {
  print(`conflict ${c.id}: ${c.entity}, Bitrix24 ${c.b24Id ?? '–'} ⇄ NAV ${c.navKey ?? '–'} (policy ${c.policy}), ${c.state}, opened ${c.openedAt}`);
  print(table(['field', 'base (last synced)', 'Bitrix24', 'NAV'], Object.entries(c.fields).map(([field, v]) => [field, oneLine(show(v.base), 40), oneLine(show(v.b24), 40), oneLine(show(v.nav), 40)])));
  if (c.state === 'open') print(`resolve: b24nav conflicts resolve ${c.id} --take b24|nav|${Object.keys(c.fields).map((f) => `${f}=b24`).join(',')}`);
  else print(`resolved ${c.resolvedAt ?? ''}: ${JSON.stringify(c.resolution)}`);
}

export function registerConflictsCommand(program: Command, io: Terminal = processTerminal): void {
  const { print, printJson } = printer(io);
  const conflicts = program.command('conflicts').description('changes made on both sides that wait for an operator (policy manual)');

  opsCommand(conflicts, 'list')
    .description('list conflicts, oldest first')
    .option('--state <state>', 'open, resolved or all', 'open')
    .option('--entity <entity>', 'only this entity kind')
    .option('--limit <n>', 'at most this many', intOption('--limit', 1, 100_000), 100)
    .option('--json', 'print JSON')
    .action(
      refusals(io, async (opts: { config: string; state: string; entity?: string; limit: number; json?: boolean }) => {
        if (!['open', 'resolved', 'all'].includes(opts.state)) throw badInput(`--state must be open, resolved or all, got "${opts.state}"`);
        const entity = opts.entity === undefined ? undefined : entityKind(opts.entity);
        const ops = await openOps(opts.config);
        try {
          const items = await listConflictSummaries(ops.ctx, { state: opts.state === 'all' ? undefined : (opts.state as 'open' | 'resolved'), entity, limit: opts.limit });
          if (opts.json) return printJson({ items });
          if (items.length === 0) return print(`no ${opts.state === 'all' ? '' : `${opts.state} `}conflicts`);
          print(table(['id', 'entity', 'Bitrix24', 'NAV', 'policy', 'fields', 'state', 'opened (UTC)'], items.map((c) => [c.id, c.entity, c.b24Id, c.navKey, c.policy, c.fields.join(', '), c.state, c.openedAt.slice(0, 19).replace('T', ' ')])));
        } finally {
          await ops.close();
        }
      }),
    );

  opsCommand(conflicts, 'show <id>')
    .description('one conflict, the base and both sides\' values per field')
    .option('--json', 'print JSON')
    .action(
      refusals(io, async (id: string, opts: { config: string; json?: boolean }) => {
        const ops = await openOps(opts.config);
        try {
          const c = await getConflictDetail(ops.ctx, parseId(id, 'the conflict id'));
          if (opts.json) return printJson({ conflict: c });
          printDetail(c, print);
        } finally {
          await ops.close();
        }
      }),
    );

  opsCommand(conflicts, 'resolve <id>')
    .description('resolve a conflict: which side\'s value each field takes; the next sync pass writes it to the other side')
    .option('--take <choice>', 'b24 or nav for every field, or field=b24|nav,… per field (e.g. nav,email=b24)')
    .option('--json', 'print JSON')
    .action(
      refusals(io, async (id: string, opts: { config: string; take?: string; json?: boolean }) => {
        const conflictId = parseId(id, 'the conflict id');
        if (opts.take === undefined) throw badInput('--take is required: b24 or nav for every field, or field=b24|nav,… per field');
        const ops = await openOps(opts.config);
        try {
          const detail = await getConflictDetail(ops.ctx, conflictId);
          const choices = parseTake(opts.take, Object.keys(detail.fields).sort());
          const result = await resolveByOperator(ops.ctx, conflictId, choices, 'operator (cli)');
          if (opts.json) return printJson(result);
          print(`conflict ${conflictId} resolved: ${Object.entries(choices).map(([f, s]) => `${f} ← ${sideLabel(s)}`).join(', ')}`);
          print(`${result.conflict.entity} ${sideLabel(result.queued.side)} ${result.queued.id} is queued; \`b24nav run\` writes it at once, or run \`b24nav sync\``);
        } finally {
          await ops.close();
        }
      }),
    );
}
