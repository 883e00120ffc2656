// The fault suite runs everything as a user would: both sandboxes and the service
// are `b24nav` child processes, so a SIGKILL hits the real CLI at an arbitrary
// instruction, and the test talks to them only over HTTP and through the store file.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

const BIN = join(import.meta.dirname, '..', '..', '..', 'bin', 'b24nav.js');

export interface Child {
  readonly process: ChildProcess;
  /** Everything written so far (stdout and stderr, interleaved). */
  output(): string;
  /** Resolves with the first match of `pattern` in the output, written later or already. */
  waitFor(pattern: RegExp, timeoutMs: number): Promise<RegExpExecArray>;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill(signal: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

// Children still running when the test process ends (a failed run, an interrupted
// suite) are killed with it, never left listening.
const live = new Set<ChildProcess>();
const killAll = (): void => {
  for (const c of live) c.kill('SIGKILL');
};
process.once('exit', killAll);
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    killAll();
    process.exit(128 + (signal === 'SIGTERM' ? 15 : 2));
  });
}

/** Starts `b24nav <args>` in `cwd`; output is kept (the last 2 MB) for waits and failure messages. */
export function spawnCli(args: readonly string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): Child {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: options.cwd, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  live.add(child);
  child.once('exit', () => live.delete(child));
  let out = '';
  const waiters = new Set<() => void>();
  const take = (chunk: Buffer): void => {
    out += chunk.toString();
    if (out.length > 2_000_000) out = out.slice(-1_000_000);
    for (const w of [...waiters]) w();
  };
  child.stdout?.on('data', take);
  child.stderr?.on('data', take);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => {
      resolve({ code, signal });
      for (const w of [...waiters]) w();
    });
  });
  return {
    process: child,
    output: () => out,
    exited,
    waitFor(pattern, timeoutMs) {
      return new Promise((resolve, reject) => {
        const check = (): void => {
          const m = new RegExp(pattern.source, pattern.flags.replace('g', '')).exec(out);
          if (m) {
            finish();
            resolve(m);
          } else if (child.exitCode !== null || child.signalCode !== null) {
            finish();
            reject(new Error(`b24nav ${args.join(' ')} exited (${String(child.exitCode ?? child.signalCode)}) before printing ${String(pattern)}:\n${out.slice(-4000)}`));
          }
        };
        const timer = setTimeout(() => {
          finish();
          reject(new Error(`b24nav ${args.join(' ')} did not print ${String(pattern)} within ${timeoutMs} ms:\n${out.slice(-4000)}`));
        }, timeoutMs);
        const finish = (): void => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    async kill(signal) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** Runs `b24nav <args>` to its end. */
export async function runCli(args: readonly string[], options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<{ code: number | null; output: string }> {
  const child = spawnCli(args, options);
  const timer = setTimeout(() => child.process.kill('SIGKILL'), options.timeoutMs ?? 300_000);
  const { code } = await child.exited;
  clearTimeout(timer);
  return { code, output: child.output() };
}

export interface SandboxProcess {
  readonly kind: 'b24' | 'nav';
  readonly child: Child;
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  /** What it printed at start (webhook URL, OAuth app, …). */
  readonly banner: string;
  stop(): Promise<void>;
}

/** `b24nav sandbox <kind> --port 0 …`, ready once it printed where it listens. */
export async function startSandbox(kind: 'b24' | 'nav', args: readonly string[], cwd: string): Promise<SandboxProcess> {
  const child = spawnCli(['sandbox', kind, '--port', '0', ...args], { cwd });
  const pattern = kind === 'b24' ? /Bitrix24 sandbox on (http\S+)[\s\S]*?admin API/ : /NAV sandbox \S+ on (http\S+)[\s\S]*?admin API/;
  try {
    const m = await child.waitFor(pattern, 120_000);
    return {
      kind,
      child,
      origin: new URL(m[1] as string).origin,
      banner: child.output(),
      stop: async () => {
        await child.kill('SIGTERM');
      },
    };
  } catch (error) {
    await child.kill('SIGKILL');
    throw error;
  }
}
