// `b24nav sandbox b24` as a user runs it: --help lists the options, a bad value is
// refused naming the option, and a started sandbox prints where it listens.
import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { get, rec, result } from './test-support.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const BIN = 'bin/b24nav.js';

function run(args: readonly string[]): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, [BIN, 'sandbox', 'b24', ...args], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' } });
}

async function finished(child: ChildProcessWithoutNullStreams): Promise<{ code: number | null; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, stdout, stderr };
}

// Each case starts its own process (tsx compiles the sources), so they run side by side.
describe('B24 sandbox: command line', { concurrency: true }, () => {
  it('--help lists the options', async () => {
    const { code, stdout } = await finished(run(['--help']));
    assert.equal(code, 0);
    for (const option of ['--host', '--port', '--plan', '--tls', '--webhook-code', '--seed', '--companies', '--contacts', '--products', '--deals', '--data', '--no-limits']) {
      assert.ok(stdout.includes(option), `--help mentions ${option}`);
    }
  });

  it('refuses a bad --plan with a message naming the option', async () => {
    const { code, stderr } = await finished(run(['--plan', 'gold']));
    assert.notEqual(code, 0);
    assert.match(stderr, /--plan must be one of standard, enterprise, got "gold"/);
  });

  it('starts on --port 0, prints the webhook URL, answers it, and stops on SIGTERM', async () => {
    const child = run(['--port', '0', '--webhook-code', 'clitest1', '--companies', '2', '--contacts', '0', '--deals', '0', '--products', '0', '--no-limits']);
    let out = '';
    const webhook = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (c: Buffer) => {
        out += c.toString();
        const m = /inbound webhook: (\S+)/.exec(out);
        if (m?.[1]) resolve(m[1]);
      });
      child.once('exit', (code) => reject(new Error(`exited with ${String(code)} before printing the webhook: ${out}`)));
    });
    try {
      assert.match(webhook, /^http:\/\/127\.0\.0\.1:\d+\/rest\/1\/clitest1\/$/);
      assert.match(out, /plan standard, limits off/);
      assert.equal(rec(result(await get(`${webhook}crm.company.get?id=2`)))['ID'], '2');
    } finally {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
  });
});

