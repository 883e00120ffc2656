import type { Command } from 'commander';
import { registerB24SandboxCommand } from './sandbox-b24.ts';
import { registerNavSandboxCommand } from './sandbox-nav.ts';

export function registerSandboxCommands(program: Command): void {
  const sandbox = program
    .command('sandbox')
    .description('run a simulator of Bitrix24 or Dynamics NAV for tests, demos and trying mappings offline');
  registerB24SandboxCommand(sandbox);
  registerNavSandboxCommand(sandbox);
}
