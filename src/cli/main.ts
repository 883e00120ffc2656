// The b24nav command line. Each subcommand lives in commands/ and registers itself here.
import { Command, CommanderError } from 'commander';
import { registerCheckCommand } from './commands/check.ts';
import { registerConflictsCommand } from './commands/conflicts.ts';
import { registerDemoCommand } from './commands/demo.ts';
import { registerDlqCommand } from './commands/dlq.ts';
import { registerHashPasswordCommand } from './commands/hash-password.ts';
import { registerHistoryCommand } from './commands/history.ts';
import { registerInitCommand } from './commands/init.ts';
import { registerReconcileCommand } from './commands/reconcile.ts';
import { registerReplayCommand } from './commands/replay.ts';
import { registerRunCommand } from './commands/run.ts';
import { registerSandboxCommands } from './commands/sandbox.ts';
import { registerStatusCommand } from './commands/status.ts';
import { registerSyncCommand } from './commands/sync.ts';

export function buildProgram(): Command {
  const program = new Command('b24nav')
    .description('Two-way sync between Bitrix24 CRM and Microsoft Dynamics NAV')
    .version('0.1.0')
    .showHelpAfterError();
  registerInitCommand(program);
  registerCheckCommand(program);
  registerSyncCommand(program);
  registerRunCommand(program);
  registerDemoCommand(program);
  registerStatusCommand(program);
  registerHistoryCommand(program);
  registerDlqCommand(program);
  registerReplayCommand(program);
  registerConflictsCommand(program);
  registerReconcileCommand(program);
  registerHashPasswordCommand(program);
  registerSandboxCommands(program);
  return program;
}

export async function main(argv: string[]): Promise<void> {
  const program = buildProgram();
  program.exitOverride();
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode;
      return;
    }
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`b24nav: ${message}\n`);
    process.exitCode = 1;
  }
}
