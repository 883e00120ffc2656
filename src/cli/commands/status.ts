import type { Command } from 'commander';
import { systemClock } from '../../core/clock.ts';
import { collectStatus } from '../../server/status.ts';
import { openStore } from '../../store/index.ts';
import { readConfig, withConfigOption } from '../config-option.ts';
import { table } from '../table.ts';

export function registerStatusCommand(program: Command): void {
  withConfigOption(program.command('status'))
    .description('per entity: linked, pending, failed, conflicts, lag; and the last run')
    .option('--json', 'print JSON')
    .action(async (opts: { config: string; json?: boolean }) => {
      const config = await readConfig(opts.config);
      const store = await openStore(config.store.url ? { url: config.store.url } : { file: config.store.file });
      try {
        const kinds = (['customers', 'contacts', 'products'] as const).filter((k) => config.entities[k].enabled);
        const status = await collectStatus(store.db, systemClock.now(), [...kinds, ...(config.entities.stock.enabled ? ['stock'] : [])]);
        if (opts.json) {
          process.stdout.write(`${JSON.stringify(status, null, 2)}\n`);
          return;
        }
        process.stdout.write(
          `${table(
            ['entity', 'linked', 'ambiguous', 'pending', 'failed', 'conflicts', 'lag s'],
            status.entities.map((e) => [e.entity, e.linked, e.ambiguous, e.pending, e.failed, e.conflicts, e.lagSeconds]),
          )}\n`,
        );
        const run = status.lastRun;
        process.stdout.write(run ? `last run: #${run.id} ${run.kind} ${run.status}, started ${run.startedAt}${run.finishedAt ? `, finished ${run.finishedAt}` : ''}\n` : 'no run yet\n');
      } finally {
        await store.close();
      }
    });
}
