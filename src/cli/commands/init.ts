import { access, mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Command } from 'commander';
import { exampleConfig, sandboxConfig } from '../../config/templates.ts';
import { withConfigOption } from '../config-option.ts';

export function registerInitCommand(program: Command): void {
  withConfigOption(program.command('init'))
    .description('write a commented example configuration (or one for the two sandboxes)')
    .option('--sandbox', 'configure for `b24nav sandbox b24` and `b24nav sandbox nav` with their default options')
    .option('--force', 'overwrite an existing file')
    .action(async (opts: { config: string; sandbox?: boolean; force?: boolean }) => {
      const exists = await access(opts.config).then(
        () => true,
        () => false,
      );
      if (exists && !opts.force) throw new Error(`${opts.config} already exists; pass --force to overwrite it`);
      await mkdir(dirname(opts.config), { recursive: true });
      await writeFile(opts.config, opts.sandbox ? sandboxConfig() : exampleConfig(), { mode: 0o600 });
      process.stdout.write(`wrote ${opts.config}${opts.sandbox ? ' (for the sandboxes on ports 3101 and 3102)' : ''}\nnext: b24nav check${opts.config === 'b24nav.config.yaml' ? '' : ` --config ${opts.config}`}\n`);
    });
}
