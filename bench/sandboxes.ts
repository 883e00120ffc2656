// The sandboxes of a benchmark run in their own processes, started through the
// CLI as a user would: the figures (time, memory) are then the engine's alone.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

export interface SandboxProcess {
  readonly url: string;
  stop(): Promise<void>;
}

const BIN = join(import.meta.dirname, '..', 'bin', 'b24nav.js');

/** Starts `b24nav sandbox <kind> --port 0 …` and waits for the line that names its URL. */
export function startSandboxProcess(kind: 'b24' | 'nav', args: readonly string[]): Promise<SandboxProcess> {
  const child: ChildProcess = spawn(process.execPath, [BIN, 'sandbox', kind, '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const pattern = kind === 'b24' ? /Bitrix24 sandbox on (http\S+)/ : /NAV sandbox \S+ on (http\S+)/;
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the ${kind} sandbox did not start within 120 s: ${err || out}`));
    }, 120_000);
    child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = pattern.exec(out);
      if (!m) return;
      clearTimeout(timer);
      resolve({
        url: m[1] as string,
        stop: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null) return done();
            child.once('exit', () => done());
            child.kill('SIGTERM');
          }),
      });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the ${kind} sandbox exited with ${String(code)}: ${err || out}`));
    });
  });
}
