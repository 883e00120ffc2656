import type { Command } from 'commander';

// Placeholder until the NAV sandbox lands (issue 3).
export function registerNavSandboxCommand(sandbox: Command): void {
  sandbox.command('nav').description('Dynamics NAV sandbox (not built yet)').action(() => {
    throw new Error('the NAV sandbox is not built yet');
  });
}
