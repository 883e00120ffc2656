// `b24nav replay --entity E --since T`: re-drives the records of one entity kind that
// b24nav touched since T — read fresh and decided from scratch — after a fix to the
// mapping or to data in either system.
import type { Command } from 'commander';
import { entityKind } from '../../ops/context.ts';
import { parseSince } from '../../ops/dates.ts';
import { replay } from '../../ops/replay.ts';
import { badInput, openOps, opsCommand, printer, processTerminal, refusals, type Terminal } from './ops-common.ts';

export function registerReplayCommand(program: Command, io: Terminal = processTerminal): void {
  const { print, printJson } = printer(io);
  opsCommand(program, 'replay')
    .description('queue again every record of an entity kind whose link or history changed since a time, to be read fresh and synced from scratch')
    .option('--entity <entity>', 'the entity kind (customers, contacts, products, orders, invoices)')
    .option('--since <time>', 'a date (2026-11-29, UTC), a date and time with offset (2026-11-29T10:00:00+03:00), or an age (30m, 2h, 7d)')
    .option('--json', 'print JSON')
    .action(
      refusals(io, async (opts: { config: string; entity?: string; since?: string; json?: boolean }) => {
        if (opts.entity === undefined) throw badInput('--entity is required: the entity kind to replay (customers, contacts, products, orders, invoices)');
        if (opts.since === undefined) throw badInput('--since is required: replay what changed since when (2026-11-29, 2026-11-29T10:00:00+03:00, 2h, 7d)');
        const entity = entityKind(opts.entity);
        const ops = await openOps(opts.config);
        try {
          const since = parseSince(opts.since, ops.ctx.clock.now());
          if (!ops.config.entities[entity].enabled) throw badInput(`${entity} are not synced (entities.${entity}.enabled is false in the config)`);
          const result = await replay(ops.ctx, entity, since);
          if (opts.json) return printJson({ ...result, since: new Date(result.since).toISOString() });
          print(`${entity} since ${new Date(since).toISOString()}: ${result.links} link${result.links === 1 ? '' : 's'} and ${result.historyRows} history row${result.historyRows === 1 ? '' : 's'} looked at, ${result.queued} record${result.queued === 1 ? '' : 's'} queued`);
          if (result.queued > 0) print('`b24nav run` picks them up at once; or run `b24nav sync`');
        } finally {
          await ops.close();
        }
      }),
    );
}
