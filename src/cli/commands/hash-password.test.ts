// `b24nav hash-password`: the password comes on stdin, the hash goes to stdout,
// the config schema accepts it and it verifies; bad input is refused with the fix.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, it } from 'node:test';
import { dashboardConfigSchema } from '../../server/access/config.ts';
import { verifyPassword } from '../../server/access/passwords.ts';
import { passwordFromInput } from './hash-password.ts';

async function run(stdin: string): Promise<{ code: number | null; out: string; err: string }> {
  const child = spawn(process.execPath, ['bin/b24nav.js', 'hash-password'], { cwd: new URL('../../../', import.meta.url), stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
  child.stderr.setEncoding('utf8').on('data', (c: string) => (err += c));
  child.stdin.end(stdin);
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, out, err };
}

describe('b24nav hash-password', () => {
  it('prints a scrypt hash of the password read from stdin, which the config takes and which verifies', async () => {
    const { code, out, err } = await run('Correct-Horse-9\n');
    assert.equal(code, 0, err);
    const hash = out.trim();
    assert.match(hash, /^\$scrypt\$ln=15,r=8,p=1\$/);
    assert.ok(!out.includes('Correct-Horse-9'));
    const cfg = dashboardConfigSchema.parse({ users: [{ name: 'anna', passwordHash: hash, role: 'admin' }] });
    assert.equal(cfg.users[0]?.passwordHash, hash);
    assert.equal(await verifyPassword('Correct-Horse-9', hash), true);
    assert.equal(await verifyPassword('Correct-Horse-9\n', hash), false, 'the line break is not part of the password');
  });

  it('refuses an empty or short password, naming the fix', async () => {
    const empty = await run('');
    assert.equal(empty.code, 1);
    assert.match(empty.err, /no password on stdin; pipe it in/);
    const short = await run('short\n');
    assert.equal(short.code, 1);
    assert.match(short.err, /at least 10 characters/);
    assert.equal(short.out, '');
  });

  it('takes one line: a trailing line break is dropped, several lines are refused', () => {
    assert.equal(passwordFromInput('pass word 123\r\n'), 'pass word 123');
    assert.equal(passwordFromInput('no-newline-pw'), 'no-newline-pw');
    assert.throws(() => passwordFromInput('one\ntwo\n'), /expected one line/);
  });
});
