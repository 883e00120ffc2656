// DESIGN §6: standard clients work against the sandboxes unchanged. Here the
// official Bitrix24 SDK (@bitrix24/b24jssdk, which insists on HTTPS) talks to the
// Bitrix24 sandbox started with TLS, trusting its certificate as a user would.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { startB24Sandbox, type RunningB24Sandbox } from '../../src/sandbox/bitrix24/index.ts';

const run = promisify(execFile);

describe('the official Bitrix24 SDK against the sandbox', () => {
  let dir: string;
  let sb: RunningB24Sandbox;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'b24nav-sdk-'));
    sb = await startB24Sandbox({ port: 0, tls: true, tlsDir: dir, seed: { companies: 120, contacts: 0, deals: 0, products: 0 } });
  });
  after(async () => {
    await sb.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('adds, reads, updates by multifield id, lists, batches with references, gets errors and survives a burst', async () => {
    const { stdout } = await run(process.execPath, [join(import.meta.dirname, 'b24-sdk-client.mjs'), sb.webhookUrl], {
      env: { ...process.env, NODE_EXTRA_CA_CERTS: sb.certPath ?? '' },
      timeout: 120_000,
    });
    const report = JSON.parse(stdout) as Record<string, unknown>;
    assert.equal(report['error'], undefined, String(report['error']));
    assert.deepEqual(report['got'], { title: 'SDK Company', phone: '+7 495 000-11-22', phoneId: (report['got'] as { phoneId: string }).phoneId });
    assert.deepEqual(report['updated'], { title: 'SDK Company 2', phones: ['+7 495 000-33-44'] });
    assert.equal(report['listed'], 121);
    assert.equal(report['batch'], 'Batch ref');
    assert.equal((report['missing'] as { ok: boolean }).ok, false);
    assert.equal(report['burst'], 70);
  });
});
