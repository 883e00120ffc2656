// The `b24nav sandbox nav` command: it starts, prints where SOAP and OData are,
// serves them, and stops cleanly on SIGTERM.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, it } from 'node:test';

describe('b24nav sandbox nav', () => {
  it('prints the SOAP and OData URLs and the credentials mode, serves, and stops on SIGTERM', async () => {
    const child = spawn(process.execPath, ['bin/b24nav.js', 'sandbox', 'nav', '--port', '0', '--auth', 'basic', '--user', 'cli', '--password', 'Cli-Secret-1', '--customers', '20', '--items', '20'], {
      cwd: new URL('../../../', import.meta.url),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.setEncoding('utf8');
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: string) => {
        out += chunk;
        if (out.includes('admin API')) resolve();
      });
      child.once('exit', (code) => reject(new Error(`exited with ${String(code)} before starting`)));
    });
    const soap = /SOAP: +(\S+)\/WS\//.exec(out)?.[1];
    assert.ok(soap, out);
    assert.match(out, /OData v4: +http:\/\/127\.0\.0\.1:\d+\/DynamicsNAV110\/ODataV4\/Company\('CRONUS%20International%20Ltd\.'\)/);
    assert.match(out, /auth: +basic \(NavUserPassword\) as cli/);
    assert.ok(!out.includes('Cli-Secret-1'), 'the password is never printed');
    const response = await fetch(`${soap}/WS/SystemService`, { headers: { authorization: `Basic ${Buffer.from('cli:Cli-Secret-1').toString('base64')}` } });
    assert.equal(response.status, 200);
    child.kill('SIGTERM');
    const [code] = (await once(child, 'exit')) as [number | null];
    assert.equal(code, 0);
  });

  it('refuses a bad option value with its name', async () => {
    const child = spawn(process.execPath, ['bin/b24nav.js', 'sandbox', 'nav', '--auth', 'kerberos'], { cwd: new URL('../../../', import.meta.url), stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => (err += chunk));
    const [code] = (await once(child, 'exit')) as [number | null];
    assert.notEqual(code, 0);
    assert.match(err, /--auth must be one of ntlm, basic, none, got "kerberos"/);
  });
});
