import type { Command } from 'commander';
import { listHistory, openStore } from '../../store/index.ts';
import { readConfig, withConfigOption } from '../config-option.ts';
import { intOption } from '../options.ts';

export function registerHistoryCommand(program: Command): void {
  withConfigOption(program.command('history <entity> <id>'))
    .description('the history of one record: what changed, from which side, what was written, which policy decided')
    .option('--side <side>', 'the id is a Bitrix24 id (b24) or a NAV key (nav); both are tried by default')
    .option('--limit <n>', 'rows', intOption('--limit', 1, 10_000), 50)
    .option('--json', 'print JSON')
    .action(async (entity: string, id: string, opts: { config: string; side?: string; limit: number; json?: boolean }) => {
      const config = await readConfig(opts.config);
      const store = await openStore(config.store.url ? { url: config.store.url } : { file: config.store.file });
      try {
        const side = opts.side;
        if (side !== undefined && side !== 'b24' && side !== 'nav') throw new Error(`--side must be b24 or nav, got "${side}"`);
        const rows = await listHistory(store.db, {
          entity,
          ...(side !== 'nav' ? { b24Id: id } : {}),
          ...(side !== 'b24' ? { navKey: id } : {}),
          limit: opts.limit,
        });
        if (opts.json) {
          process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
          return;
        }
        if (rows.length === 0) {
          process.stdout.write(`no history for ${entity} ${id}\n`);
          return;
        }
        for (const r of rows.reverse()) {
          const who = [r.b24Id ? `B24 ${r.b24Id}` : null, r.navKey ? `NAV ${r.navKey}` : null].filter(Boolean).join(' ⇄ ');
          const dir = r.direction === 'b24_to_nav' ? 'B24 → NAV' : r.direction === 'nav_to_b24' ? 'NAV → B24' : '';
          process.stdout.write(`${new Date(r.at).toISOString()}  ${r.action.padEnd(12)} ${who} ${dir}${r.policy ? ` [${r.policy}]` : ''}\n`);
          for (const [field, change] of Object.entries(r.fields ?? {})) process.stdout.write(`    ${field}: ${JSON.stringify(change.from)} → ${JSON.stringify(change.to)}\n`);
          if (r.message) process.stdout.write(`    ${r.message}\n`);
        }
      } finally {
        await store.close();
      }
    });
}
