// Authentication of the sandbox (nav-web-services.md §4): NTLM challenge and
// response on one kept-alive connection, verified against the password;
// Negotiate or NTLM advertised; Basic (NavUserPassword); none; TLS.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Agent, Client } from 'undici';
import { answerChallenge, decodeMessage, encodeNegotiate, type ChallengeMessage } from '../../../connectors/nav/ntlm/index.ts';
import { startNavSandbox, type RunningNavSandbox } from '../index.ts';

const COMPANY = 'CRONUS International Ltd.';
const ACCOUNT = { user: 'navuser', password: 'S3cret-pass', domain: 'CRONUS' };

interface Reply {
  status: number;
  authenticate: string;
}

async function get(client: Client, path: string, authorization?: string): Promise<Reply> {
  const response = await client.request({ method: 'GET', path, headers: authorization ? { authorization } : {} });
  await response.body.text();
  const header = response.headers['www-authenticate'];
  return { status: response.statusCode, authenticate: Array.isArray(header) ? header.join(', ') : (header ?? '') };
}

/** The three legs of NTLM on one connection; answers the status of the last. */
async function handshake(client: Client, path: string, scheme: string, account = ACCOUNT): Promise<number> {
  const challenge = await get(client, path, `${scheme} ${encodeNegotiate().toString('base64')}`);
  assert.equal(challenge.status, 401);
  const token = challenge.authenticate.split(' ')[1] ?? '';
  const message = decodeMessage(Buffer.from(token, 'base64')) as ChallengeMessage;
  assert.equal(message.type, 2);
  return (await get(client, path, `${scheme} ${answerChallenge(message, account).toString('base64')}`)).status;
}

describe('NTLM (Windows authentication)', () => {
  let nav: RunningNavSandbox;
  let path: string;
  before(async () => {
    nav = await startNavSandbox({ port: 0, auth: 'ntlm', ...ACCOUNT });
    path = new URL(nav.soapUrl(COMPANY, 'Customer')).pathname;
  });
  after(() => nav.close());

  it('answers 401 advertising Negotiate (NAV\'s default) with no token', async () => {
    const client = new Client(new URL(nav.baseUrl).origin);
    try {
      assert.deepEqual(await get(client, path), { status: 401, authenticate: 'Negotiate' });
    } finally {
      await client.close();
    }
  });

  it('accepts the right password after a challenge on the same connection; by default every request runs the handshake', async () => {
    const client = new Client(new URL(nav.baseUrl).origin);
    try {
      assert.equal(await handshake(client, path, 'Negotiate'), 200);
      assert.equal((await get(client, path)).status, 401, 'WCF default: no connection-wide authentication');
      assert.equal(await handshake(client, path, 'Negotiate', { ...ACCOUNT, user: 'NAVUSER', domain: 'cronus' }), 200, 'user and domain without case');
    } finally {
      await client.close();
    }
  });

  it('refuses a wrong password, another user, and an AUTHENTICATE without a challenge on that connection', async () => {
    const client = new Client(new URL(nav.baseUrl).origin);
    const other = new Client(new URL(nav.baseUrl).origin);
    try {
      assert.equal(await handshake(client, path, 'Negotiate', { ...ACCOUNT, password: 'wrong' }), 401);
      assert.equal(await handshake(client, path, 'Negotiate', { ...ACCOUNT, user: 'mallory' }), 401);
      const challenge = await get(client, path, `Negotiate ${encodeNegotiate().toString('base64')}`);
      const message = decodeMessage(Buffer.from(challenge.authenticate.split(' ')[1] ?? '', 'base64')) as ChallengeMessage;
      const answer = answerChallenge(message, ACCOUNT).toString('base64');
      assert.equal((await get(other, path, `Negotiate ${answer}`)).status, 401, 'the challenge belongs to the first connection');
    } finally {
      await client.close();
      await other.close();
    }
  });

  it('with ServicesUseNTLMAuthentication it advertises NTLM and keeps the connection authenticated when told to', async () => {
    const ntlm = await startNavSandbox({ port: 0, auth: 'ntlm', ntlmScheme: 'NTLM', ntlmSession: 'connection', ...ACCOUNT });
    const client = new Client(new URL(ntlm.baseUrl).origin);
    try {
      const p = new URL(ntlm.soapUrl(COMPANY, 'Customer')).pathname;
      assert.equal((await get(client, p)).authenticate, 'NTLM');
      assert.equal((await get(client, p, `Negotiate ${encodeNegotiate().toString('base64')}`)).status, 401, 'Negotiate is not offered');
      assert.equal(await handshake(client, p, 'NTLM'), 200);
      assert.equal((await get(client, p)).status, 200, 'the connection stays authenticated');
    } finally {
      await client.close();
      await ntlm.close();
    }
  });

  it('leaves the admin API open', async () => {
    assert.equal((await fetch(`${new URL(nav.baseUrl).origin}/_sandbox/state`)).status, 200);
  });
});

describe('Basic (NavUserPassword) and none', () => {
  it('Basic: 401 with WWW-Authenticate Basic, then user or DOMAIN\\user with the password', async () => {
    const nav = await startNavSandbox({ port: 0, auth: 'basic', ...ACCOUNT });
    try {
      const url = nav.soapUrl(COMPANY, 'Customer');
      const anonymous = await fetch(url);
      assert.equal(anonymous.status, 401);
      assert.match(anonymous.headers.get('www-authenticate') ?? '', /^Basic realm=/);
      const basic = (login: string, password: string): string => `Basic ${Buffer.from(`${login}:${password}`).toString('base64')}`;
      assert.equal((await fetch(url, { headers: { authorization: basic('navuser', ACCOUNT.password) } })).status, 200);
      assert.equal((await fetch(url, { headers: { authorization: basic('CRONUS\\navuser', ACCOUNT.password) } })).status, 200);
      assert.equal((await fetch(url, { headers: { authorization: basic('navuser', 'nope') } })).status, 401);
    } finally {
      await nav.close();
    }
  });

  it('none: no credentials needed', async () => {
    const nav = await startNavSandbox({ port: 0, auth: 'none' });
    try {
      assert.equal((await fetch(nav.soapUrl(COMPANY, 'Customer'))).status, 200);
    } finally {
      await nav.close();
    }
  });
});

describe('TLS', () => {
  it('serves HTTPS with a self-signed certificate a client can trust with its CA', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'nav-tls-'));
    const nav = await startNavSandbox({ port: 0, auth: 'none', tls: true, tlsDir: dir });
    try {
      assert.match(nav.baseUrl, /^https:/);
      assert.ok(nav.certPath);
      const ca = await readFile(nav.certPath ?? '', 'utf8');
      const trusted = new Agent({ connect: { ca } });
      const response = await fetch(nav.soapUrl(COMPANY, 'Customer'), { dispatcher: trusted } as unknown as RequestInit);
      assert.equal(response.status, 200);
      await trusted.close();
      await assert.rejects(fetch(nav.soapUrl(COMPANY, 'Customer')));
    } finally {
      await nav.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
