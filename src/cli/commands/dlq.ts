// `b24nav dlq list|show|retry|drop`: the dead letters — records the engine gave up on,
// with the system's own message — listed with filters, shown with the record's
// history, retried after a fix (read fresh, decided from scratch) or dropped.
import type { Command } from 'commander';
import { entityKind, sideName, type OpsContext } from '../../ops/context.ts';
import { parseId, parseSince } from '../../ops/dates.ts';
import { countDeadLetters, dropDeadLetters, getDeadLetter, listDeadLetters, retryDeadLetters, type DeadLetterFilter } from '../../ops/dead-letters.ts';
import { intOption } from '../options.ts';
import { table } from '../table.ts';
import { badInput, oneLine, openOps, opsCommand, printer, processTerminal, refusals, type Terminal, sideLabel } from './ops-common.ts';

interface FilterOptions {
  config: string;
  entity?: string;
  code?: string;
  since?: string;
  side?: string;
  json?: boolean;
}

function withFilters(command: Command): Command {
  return command
    .option('--entity <entity>', 'only this entity kind (customers, contacts, products, orders, invoices)')
    .option('--code <code>', 'only this error code (NAV_VALIDATION), or a prefix (NAV_ or NAV_*)')
    .option('--since <time>', 'only those that failed since: a date (2026-11-29), a date and time with offset, or an age (30m, 2h, 7d)')
    .option('--side <side>', 'only records of this side (b24 or nav)')
    .option('--json', 'print JSON');
}

function filterOf(ctx: OpsContext, opts: FilterOptions): DeadLetterFilter {
  return {
    entity: opts.entity === undefined ? undefined : entityKind(opts.entity),
    code: opts.code,
    since: opts.since === undefined ? undefined : parseSince(opts.since, ctx.clock.now()),
    side: opts.side === undefined ? undefined : sideName(opts.side, '--side'),
  };
}

const hasFilter = (opts: FilterOptions): boolean => [opts.entity, opts.code, opts.since, opts.side].some((v) => v !== undefined);

/** The dead letters an action applies to: ids given, or every one matching the filters with --all. */
async function target(ctx: OpsContext, ids: string[], opts: FilterOptions & { all?: boolean }, verb: string): Promise<DeadLetterFilter> {
  if (ids.length > 0 && (opts.all || hasFilter(opts))) throw badInput(`give dead letter ids or --all with filters, not both`);
  if (ids.length === 0) {
    if (!opts.all) throw badInput(`say which dead letters to ${verb}: their ids (\`b24nav dlq list\`), or --all with filters (--entity, --code, --since, --side) for every matching one`);
    return filterOf(ctx, opts);
  }
  const parsed = ids.map((id) => parseId(id, 'a dead letter id'));
  for (const id of parsed) await getDeadLetter(ctx, id, 1);
  return { ids: parsed };
}

export function registerDlqCommand(program: Command, io: Terminal = processTerminal): void {
  const { print, printJson } = printer(io);
  const dlq = program.command('dlq').description('dead letters: records that failed for good, with the system\'s own message');

  withFilters(opsCommand(dlq, 'list'))
    .description('list dead letters, oldest first')
    .option('--limit <n>', 'at most this many', intOption('--limit', 1, 100_000), 100)
    .option('--after <id>', 'those after this dead letter id (the next page)')
    .action(
      refusals(io, async (opts: FilterOptions & { limit: number; after?: string }) => {
        const ops = await openOps(opts.config);
        try {
          const filter = filterOf(ops.ctx, opts);
          const items = await listDeadLetters(ops.ctx, filter, { limit: opts.limit, after: opts.after === undefined ? undefined : parseId(opts.after, '--after') });
          if (opts.json) return printJson({ items });
          if (items.length === 0) return print('no dead letters');
          const total = items.length < opts.limit && opts.after === undefined ? items.length : await countDeadLetters(ops.ctx, filter);
          print(
            table(
              ['id', 'entity', 'side', 'record', 'linked to', 'tries', 'code', 'failed at (UTC)', 'message'],
              items.map((d) => [
                d.id,
                d.entity,
                sideLabel(d.side),
                d.recordId,
                d.link ? (d.side === 'b24' ? d.link.navKey : d.link.b24Id) : null,
                d.attempts,
                d.code,
                d.failedAt.slice(0, 19).replace('T', ' '),
                oneLine(d.message, 70),
              ]),
            ),
          );
          const last = items.at(-1);
          print(total > items.length && last ? `${items.length} of ${total}; next page: --after ${last.id}` : `${items.length} dead letter${items.length === 1 ? '' : 's'}`);
        } finally {
          await ops.close();
        }
      }),
    );

  opsCommand(dlq, 'show <id>')
    .description('one dead letter in full, with its record\'s history')
    .option('--json', 'print JSON')
    .action(
      refusals(io, async (id: string, opts: { config: string; json?: boolean }) => {
        const ops = await openOps(opts.config);
        try {
          const { item, history } = await getDeadLetter(ops.ctx, parseId(id, 'the dead letter id'));
          if (opts.json) return printJson({ item, history });
          print(`dead letter ${item.id}: ${item.entity} ${sideLabel(item.side)} ${item.recordId}`);
          if (item.link) print(`linked:    Bitrix24 ${item.link.b24Id ?? '–'} ⇄ NAV ${item.link.navKey ?? '–'}`);
          print(`failed:    ${item.failedAt} after ${item.attempts} attempt${item.attempts === 1 ? '' : 's'}`);
          print(`error:     ${item.code} (${item.kind})`);
          print(`message:   ${item.message}`);
          if (history.length > 0) print('history (newest first):');
          for (const h of history) {
            print(`  ${new Date(h.at).toISOString()}  ${h.action.padEnd(10)} ${h.message ?? ''}${h.error ? ` [${h.error.code}: ${h.error.message}]` : ''}`);
          }
          print(`retry after the fix: b24nav dlq retry ${item.id}`);
        } finally {
          await ops.close();
        }
      }),
    );

  for (const verb of ['retry', 'drop'] as const) {
    withFilters(opsCommand(dlq, `${verb} [ids...]`))
      .description(
        verb === 'retry'
          ? 'queue dead letters again, read fresh and decided from scratch (after fixing the cause); by ids, or --all matching the filters'
          : 'drop dead letters (their history keeps why they failed); by ids, or --all matching the filters',
      )
      .option('--all', `${verb} every dead letter matching the filters (all of them without filters)`)
      .action(
        refusals(io, async (ids: string[], opts: FilterOptions & { all?: boolean }) => {
          const ops = await openOps(opts.config);
          try {
            const filter = await target(ops.ctx, ids, opts, verb);
            if (verb === 'retry') {
              const result = await retryDeadLetters(ops.ctx, filter, 'operator (cli)');
              if (opts.json) return printJson(result);
              if (result.ids.length === 0) return print('no dead letters match the filters');
              print(`retried ${result.ids.length} dead letter${result.ids.length === 1 ? '' : 's'} (${result.retried} pending again, ${result.superseded} covered by a job already queued for the same record)`);
              print('`b24nav run` picks them up at once; or run `b24nav sync`');
            } else {
              const result = await dropDeadLetters(ops.ctx, filter, 'operator (cli)');
              if (opts.json) return printJson(result);
              if (result.ids.length === 0) return print('no dead letters match the filters');
              print(`dropped ${result.dropped} dead letter${result.dropped === 1 ? '' : 's'}: ${result.ids.join(', ')}`);
            }
          } finally {
            await ops.close();
          }
        }),
      );
  }
}
