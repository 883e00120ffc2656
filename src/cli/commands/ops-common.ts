// What the operator commands (dlq, replay, conflicts, reconcile) share: opening the
// store with the config's secrets registered for redaction, turning a refused action
// (bad input, unknown id) into a message and exit code 2, and a few text helpers.
import type { Command } from 'commander';
import { secretsOf } from '../../app/runtime.ts';
import { systemClock } from '../../core/clock.ts';
import { Redactor } from '../../core/redact.ts';
import type { Config } from '../../config/schema.ts';
import type { OpsContext } from '../../ops/context.ts';
import { isOpsError, OpsError } from '../../ops/errors.ts';
import { openStore } from '../../store/index.ts';
import { readConfig, withConfigOption } from '../config-option.ts';

/** Exit code of a command refused for its input (an unknown entity, id or a bad date). */
export const BAD_INPUT_EXIT = 2;

/** Where a command's output goes: the process by default; tests pass their own. */
export interface Terminal {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  readonly exit: (code: number) => void;
  /** Whether progress lines may be drawn (stderr is a terminal). */
  readonly tty: boolean;
}

export const processTerminal: Terminal = {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
  exit: (code) => {
    process.exitCode = code;
  },
  tty: process.stderr.isTTY,
};

export function opsCommand(parent: Command, name: string): Command {
  return withConfigOption(parent.command(name));
}

/** The store and an operator context over it; `close()` when done. */
export async function openOps(configFile: string): Promise<{ ctx: OpsContext; config: Config; close(): Promise<void> }> {
  const config = await readConfig(configFile);
  const redactor = new Redactor();
  secretsOf(config, redactor);
  const store = await openStore(config.store.url ? { url: config.store.url } : { file: config.store.file });
  return { ctx: { db: store.db, config, clock: systemClock, redactor }, config, close: () => store.close() };
}

/** Wraps a command's action: a refused action prints its reason and exits with 2. */
export function refusals<A extends unknown[]>(io: Terminal, action: (...args: A) => Promise<void>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await action(...args);
    } catch (error) {
      if (!isOpsError(error)) throw error;
      io.err(`b24nav: ${error.message}\n`);
      io.exit(BAD_INPUT_EXIT);
    }
  };
}

export function badInput(message: string): OpsError {
  return new OpsError('BAD_INPUT', message);
}

/** Collects a repeatable option's values. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

export function printer(io: Terminal): { readonly print: (text: string) => void; readonly printJson: (value: unknown) => void } {
  return {
    print: (text) => io.out(`${text}\n`),
    printJson: (value) => io.out(`${JSON.stringify(value, null, 2)}\n`),
  };
}

/** One line of at most `max` characters (the message column of a table). */
export function oneLine(text: string, max = 80): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return [...flat].length > max ? `${[...flat].slice(0, max - 1).join('')}…` : flat;
}

export function sideLabel(side: string): string {
  return side === 'b24' ? 'Bitrix24' : side === 'nav' ? 'NAV' : side;
}
