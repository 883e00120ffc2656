// The b24nav command line. Each subcommand lives in commands/ and registers itself here.
import { Command, CommanderError } from 'commander';
import { registerSandboxCommands } from './commands/sandbox.ts';

export function buildProgram(): Command {
  const program = new Command('b24nav')
    .description('Two-way sync between Bitrix24 CRM and Microsoft Dynamics NAV')
    .version('0.1.0')
    .showHelpAfterError();
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
