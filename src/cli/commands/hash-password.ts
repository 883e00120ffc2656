// `b24nav hash-password`: reads a dashboard password from stdin and prints the
// scrypt hash that goes into server.dashboard.users[].passwordHash. The password
// never appears on the command line (shell history, `ps`) nor in the output.
import type { Command } from 'commander';
import { hashPassword, passwordProblem } from '../../server/access/passwords.ts';

const MAX_INPUT_BYTES = 4096;

/** All of stdin as text, refusing more than a password could be. */
async function readStdin(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const b = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    size += b.length;
    if (size > MAX_INPUT_BYTES) throw new Error(`hash-password: more than ${MAX_INPUT_BYTES} bytes on stdin; give only the password`);
    chunks.push(b);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The password typed or piped in: one line; the line break that ends it is not part of it. */
export function passwordFromInput(text: string): string {
  const lines = text.replace(/\r?\n$/, '').split(/\r?\n/);
  if (lines.length > 1) throw new Error('hash-password: expected one line on stdin (the password), got several');
  return lines[0] ?? '';
}

export function registerHashPasswordCommand(program: Command): void {
  program
    .command('hash-password')
    .description('read a dashboard password from stdin and print its scrypt hash for server.dashboard.users[].passwordHash')
    .addHelpText('after', '\nExample:\n  printf %s "$PASSWORD" | b24nav hash-password\n  b24nav hash-password < password.txt')
    .action(async () => {
      if (process.stdin.isTTY) process.stderr.write('password (input is shown; end with Enter, then Ctrl+D): ');
      const password = passwordFromInput(await readStdin(process.stdin));
      if (password === '') throw new Error('hash-password: no password on stdin; pipe it in: printf %s "$PASSWORD" | b24nav hash-password');
      const problem = passwordProblem(password);
      if (problem) throw new Error(`hash-password: ${problem}`);
      process.stdout.write(`${await hashPassword(password)}\n`);
    });
}
