import type { Command } from 'commander';

// Placeholder until the Bitrix24 sandbox lands (issue 2).
export function registerB24SandboxCommand(sandbox: Command): void {
  sandbox.command('b24').description('Bitrix24 sandbox (not built yet)').action(() => {
    throw new Error('the Bitrix24 sandbox is not built yet');
  });
}
