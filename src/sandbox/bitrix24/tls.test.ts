// --tls: HTTPS with a self-signed certificate the sandbox generates (reference §1.1:
// portals and standard clients require HTTPS). A client that pins the certificate
// with `ca` works unchanged; one without it fails verification, as it should.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Agent, request } from 'undici';
import { startB24Sandbox, type RunningB24Sandbox } from './index.ts';
import { authorizationCode } from './admin-actions.ts';
import { get, postJson, result, str } from './test-support.ts';

describe('B24 sandbox: --tls', () => {
  let dir: string;
  let b24: RunningB24Sandbox;
  let pinned: Agent;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'b24-tls-'));
    b24 = await startB24Sandbox({ port: 0, limits: false, tls: true, tlsDir: dir, seed: { companies: 2, contacts: 0, deals: 0, products: 0 } });
    pinned = new Agent({ connect: { ca: await readFile(b24.certPath ?? '', 'utf8') } });
  });
  after(async () => {
    await pinned.close();
    await b24.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('serves HTTPS with a certificate written to tlsDir', () => {
    assert.match(b24.url, /^https:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(b24.certPath, join(dir, 'b24-sandbox-cert.pem'));
    assert.match(b24.webhookUrl, /^https:/);
  });

  it('answers a client that pins the certificate with `ca`', async () => {
    const reply = await postJson(`${b24.webhookUrl}crm.company.get`, { id: 1 }, pinned);
    assert.equal(str(result(reply), 'ID'), '1');
  });

  it('fails verification for a client that does not trust the certificate', async () => {
    await assert.rejects(request(`${b24.webhookUrl}scope`), (error: Error & { code?: string }) => /SELF_SIGNED|UNABLE_TO_VERIFY/.test(error.code ?? ''));
  });

  it('hands out https endpoints in OAuth token answers', async () => {
    const code = authorizationCode(b24.portal, b24.app.clientId);
    const query = new URLSearchParams({ grant_type: 'authorization_code', client_id: b24.app.clientId, client_secret: b24.app.clientSecret, code });
    const reply = await get(`${b24.url}/oauth/token/?${query.toString()}`, pinned);
    assert.equal(str(reply.body, 'client_endpoint'), `${b24.url}/rest/`);
  });

  it('reuses the certificate on the next start', async () => {
    const before = await readFile(join(dir, 'b24-sandbox-cert.pem'), 'utf8');
    const again = await startB24Sandbox({ port: 0, limits: false, tls: true, tlsDir: dir, seed: { companies: 0, contacts: 0, deals: 0, products: 0 } });
    try {
      assert.equal(await readFile(again.certPath ?? '', 'utf8'), before);
      assert.equal((await get(`${again.webhookUrl}scope`, pinned)).status, 200);
    } finally {
      await again.close();
    }
  });
});
