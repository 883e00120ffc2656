// The --config option every command shares, and loading the config with the
// process environment (the only place b24nav reads process.env).
import type { Command } from 'commander';
import { loadConfig } from '../config/load.ts';
import type { Config } from '../config/schema.ts';

export const DEFAULT_CONFIG_FILE = 'b24nav.config.yaml';

export function withConfigOption(command: Command): Command {
  return command.option('-c, --config <file>', 'configuration file', DEFAULT_CONFIG_FILE);
}

export function readConfig(file: string): Promise<Config> {
  return loadConfig(file, process.env);
}
