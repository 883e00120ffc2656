// `b24nav run` as a separate process against both sandboxes, with every kind of
// secret in its config and faults that make it fail: what it prints, what its
// store holds, and what its HTTP server answers are collected for the secret
// checks. Between the service and each sandbox sits a TCP relay that records the
// request line of every HTTP request the service sends (NTLM and keep-alive pass
// through untouched), so the tests can tell which URLs the service called.
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, Socket, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { request } from 'undici';
import { stringify } from 'yaml';
import { hashPassword } from '../../src/server/access/passwords.ts';
import { b24Admin, startB24Sandbox, type RunningB24Sandbox } from '../../src/sandbox/bitrix24/index.ts';
import { startNavSandbox, type RunningNavSandbox } from '../../src/sandbox/nav/index.ts';

const ROOT = join(import.meta.dirname, '../..');

/** A named secret and the forms it could leak in. */
export interface Secret {
  readonly name: string;
  readonly values: readonly string[];
  /** Outputs that hold it as record data, put there on purpose by the test (not a leak). */
  readonly asDataIn?: readonly string[];
}

export interface ServiceRun {
  /** Output source (log, a store table, an HTTP answer) → its text. */
  readonly outputs: ReadonlyMap<string, string>;
  readonly secrets: readonly Secret[];
  /** The request lines (`GET /path HTTP/1.1`) the service sent to each sandbox. */
  readonly requests: { readonly b24: readonly string[]; readonly nav: readonly string[] };
  readonly deadLetters: number;
  readonly historyRows: number;
}

/** A relay in front of `target` that keeps the request lines it sees going out. */
async function relay(target: URL): Promise<{ url: (path: string) => string; lines: string[]; close(): Promise<void> }> {
  const lines: string[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = new Socket();
    upstream.connect(Number(target.port), target.hostname);
    sockets.add(client).add(upstream);
    let pending = '';
    client.on('data', (chunk: Buffer) => {
      // A request line ends a CRLF-terminated piece; on a kept-alive connection the body of the previous
      // request (which has no CRLF of its own) comes right before it.
      const pieces = (pending + chunk.toString('latin1')).split('\r\n');
      pending = (pieces.pop() ?? '').slice(-8192);
      for (const piece of pieces) {
        const m = /((?:GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) \/\S* HTTP\/1\.[01])$/.exec(piece);
        if (m) lines.push(m[1] ?? '');
      }
    });
    client.pipe(upstream).pipe(client);
    const end = (): void => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  assert.ok(address && typeof address === 'object');
  return {
    lines,
    url: (path) => `http://127.0.0.1:${address.port}${path}`,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function oauthTokens(b24: RunningB24Sandbox, clientEndpointBase: string): Promise<Record<string, unknown>> {
  const code = b24Admin.authorizationCode(b24.portal, b24.app.clientId);
  const query = new URLSearchParams({ grant_type: 'authorization_code', client_id: b24.app.clientId, client_secret: b24.app.clientSecret, code });
  const res = await request(`${b24.url}/oauth/token/?${query.toString()}`);
  const body = (await res.body.json()) as Record<string, unknown>;
  assert.equal(res.statusCode, 200, JSON.stringify(body));
  return {
    accessToken: body['access_token'],
    refreshToken: body['refresh_token'],
    expiresAt: Date.now() + Number(body['expires_in']) * 1000,
    // Through the relay, so the requests of the service are seen.
    clientEndpoint: `${clientEndpointBase}/rest/`,
    serverEndpoint: `${clientEndpointBase}/rest/`,
  };
}

function dumpStore(file: string): Map<string, string> {
  const db = new Database(file, { readonly: true });
  try {
    const out = new Map<string, string>();
    const tables = db.prepare("select name from sqlite_master where type = 'table'").all() as Array<{ name: string }>;
    for (const { name } of tables) {
      const rows = db.prepare(`select * from "${name}"`).all() as Array<Record<string, unknown>>;
      if (name !== 'jobs') {
        out.set(`store table ${name}`, JSON.stringify(rows));
        continue;
      }
      // A job's payload is the record as a scan read it — data on its way to the other system, kept as is.
      out.set('store table jobs', JSON.stringify(rows.map(({ payload: _payload, ...rest }) => rest)));
      out.set('store table jobs: payload', JSON.stringify(rows.map((r) => r['payload'])));
    }
    return out;
  } finally {
    db.close();
  }
}

async function waitFor(what: string, check: () => Promise<boolean>, ms: number, state: () => string = () => ''): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  assert.fail(`timed out waiting for ${what}: ${state()}`);
}

/** Runs the service with B24 reached through an inbound webhook or an OAuth application, until the work settles. */
export async function runServiceWithFaults(mode: 'webhook' | 'oauth'): Promise<ServiceRun> {
  const dir = await mkdtemp(join(tmpdir(), 'b24nav-security-'));
  const closers: Array<() => Promise<unknown>> = [() => rm(dir, { recursive: true, force: true })];
  let child: ChildProcess | undefined;
  try {
    const webhookCode = 'whk7q2secretcode9x4m1';
    const navPassword = 'Nav-P@ss-7c1e9f3a2b';
    const appToken = 'evtok-5d8e2c7a9f1b4e6d';
    const dashToken = 'dash-token-0f7e3a9c5b1d8e2f4a6c0b9d7e5f3a1c';
    const metricsToken = 'metrics-token-2b7d9f1e3c5a7e9b1d3f5a7c9e1b3d5f';
    const userPassword = 'Correct-Horse-9';
    const passwordHash = await hashPassword(userPassword, { logN: 10 });

    const b24: RunningB24Sandbox = await startB24Sandbox({ port: 0, limits: false, webhookCode, seed: { seed: 7, companies: 6, contacts: 0, products: 0, deals: 0 }, timeoutHoldMs: 3000 });
    closers.push(() => b24.close());
    const nav: RunningNavSandbox = await startNavSandbox({ port: 0, auth: 'basic', user: 'navuser', password: navPassword, customers: 6, items: 0 });
    closers.push(() => nav.close());
    const b24Relay = await relay(new URL(b24.url));
    closers.push(() => b24Relay.close());
    const navRelay = await relay(new URL(nav.baseUrl));
    closers.push(() => navRelay.close());

    const port = await freePort();
    const tokensFile = join(dir, 'tokens.json');
    const b24Base = b24Relay.url('');
    const bitrix24: Record<string, unknown> =
      mode === 'webhook'
        ? { webhookUrl: `${b24Base}/rest/1/${webhookCode}/` }
        : { oauth: { clientId: b24.app.clientId, clientSecret: b24.app.clientSecret, tokensFile } };
    if (mode === 'oauth') await writeFile(tokensFile, JSON.stringify(await oauthTokens(b24, b24Base)));
    const config = {
      bitrix24: { ...bitrix24, applicationToken: appToken, plan: 'standard', pollIntervalSeconds: 1, timeoutMs: 1000 },
      nav: {
        soapUrl: navRelay.url(new URL(nav.baseUrl).pathname),
        company: 'CRONUS International Ltd.',
        transport: 'odata',
        auth: { mode: 'basic', user: 'navuser', password: '${B24NAV_NAV_PASSWORD}' },
        pollIntervalSeconds: 1,
      },
      store: { file: join(dir, 'b24nav.db') },
      server: { host: '127.0.0.1', port, bodyLimitBytes: 4096, metricsToken: '${B24NAV_METRICS_TOKEN}', dashboard: { tokens: [{ name: 'ops', token: '${B24NAV_DASH_TOKEN}', role: 'admin' }], users: [{ name: 'anna', passwordHash, role: 'viewer' }] } },
      sync: { maxAttempts: 2, defaultRegion: 'RU' },
      entities: {
        customers: { valueMaps: { salespeople: { values: { '6': 'ZZ' }, fallback: null } } },
        contacts: { enabled: false },
        products: { enabled: false },
        stock: { enabled: false },
        orders: { enabled: false },
        invoices: { enabled: false },
      },
    };
    const configFile = join(dir, 'b24nav.config.yaml');
    await writeFile(configFile, stringify(config));

    let log = '';
    child = spawn(process.execPath, ['bin/b24nav.js', 'run', '-c', configFile], {
      cwd: ROOT,
      env: { ...process.env, B24NAV_NAV_PASSWORD: navPassword, B24NAV_METRICS_TOKEN: metricsToken, B24NAV_DASH_TOKEN: dashToken },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (c: Buffer) => (log += c.toString('utf8')));
    child.stderr?.on('data', (c: Buffer) => (log += c.toString('utf8')));
    const exited = once(child, 'exit');
    let running = true;
    void exited.then(() => (running = false));
    const base = `http://127.0.0.1:${port}`;
    const auth = { authorization: `Bearer ${dashToken}` };
    const get = async (path: string, headers: Record<string, string> = auth): Promise<string> => {
      const res = await request(`${base}${path}`, { headers, headersTimeout: 10_000, bodyTimeout: 10_000 });
      return `${res.statusCode} ${await res.body.text()}`;
    };

    await waitFor('the service to answer', async () => running && (await request(`${base}/healthz`, { headersTimeout: 5000, bodyTimeout: 5000 })).statusCode === 200, 60_000, () => `exited: ${String(!running)}\n${log.slice(-3000)}`);
    let last = '';
    const customers = async (): Promise<{ pending: number; failed: number; linked: number }> => {
      last = await get('/api/status');
      const status = JSON.parse(last.slice(4)) as { entities: Array<{ entity: string; pending: number; failed: number; linked: number }> };
      const found = status.entities.find((x) => x.entity === 'customers');
      assert.ok(found);
      return found;
    };
    const state = (): string => `${last}\n${log.slice(-3000)}`;
    // Faults on both sides once it runs (`b24nav run` gives up at start when Bitrix24 fails its first calls), until
    // records have failed for them (and, with OAuth, a token was refreshed); then off.
    b24.portal.faults.add({ kind: 'http_500', rate: 0.15 });
    b24.portal.faults.add({ method: 'crm.company.add', kind: 'drop_after_commit', rate: 0.3 });
    b24.portal.faults.add({ kind: 'rate_limit', rate: 0.1 });
    b24.portal.faults.add({ method: 'crm.company.list', kind: 'timeout', rate: 0.1 });
    if (mode === 'oauth') b24.portal.faults.add({ kind: 'expire_tokens', rate: 0.2 });
    nav.sandbox.faults.add({ kind: 'http_500', rate: 0.15 });
    nav.sandbox.faults.add({ method: 'Customer.Create', kind: 'drop_after_commit', rate: 0.3 });
    nav.sandbox.faults.add({ method: 'Customer.Update', kind: 'stale_key', rate: 0.3 });

    const refreshed = (): boolean => mode === 'webhook' || [...b24.portal.state.tokens.values()].filter((t) => t.clientId === b24.app.clientId).length >= 2;
    await waitFor('records to fail (and, with OAuth, a token refresh)', async () => (await customers()).failed >= 1 && refreshed(), 90_000, state);
    b24.portal.faults.clear();
    nav.sandbox.faults.clear();
    // Then records that fail for good, for their data: NAV refuses the salesperson ZZ, a name too long for NAV, and a
    // secret typed into a record by someone (a password pasted into a company name), which reaches history and
    // errors as data and must be masked there too.
    b24Admin.adminCall(b24.portal, 'crm.company.add', { fields: { TITLE: 'Refused by NAV', ASSIGNED_BY_ID: 6 } });
    b24Admin.adminCall(b24.portal, 'crm.company.add', { fields: { TITLE: 'T'.repeat(70) } });
    b24Admin.adminCall(b24.portal, 'crm.company.add', { fields: { TITLE: `Pasted ${navPassword} ${'P'.repeat(40)}` } });
    await waitFor('the records refused for their data', async () => {
      const dead = await get('/api/dead-letters');
      return dead.includes('NAV_VALIDATION') && dead.includes('TTTTT') && dead.includes('Pasted [redacted]');
    }, 90_000, state);
    // The rest settles as far as it does in a while: whether every record converges is the fault suite's question
    // (test/fault/); here what matters is what the outputs say after records failed.
    await waitFor('the queue to drain', async () => (await customers()).pending === 0, 20_000).catch(() => undefined);

    const outputs = new Map<string, string>();
    for (const path of ['/api/status', '/api/budget', '/api/alerts', '/api/mapping', '/api/throughput', '/api/runs', '/api/dead-letters', '/api/conflicts', '/api/auth/session', '/healthz']) outputs.set(`GET ${path}`, await get(path));
    outputs.set('GET /metrics', await get('/metrics', { authorization: `Bearer ${metricsToken}` }));
    outputs.set('GET /metrics without the token', await get('/metrics', {}));
    outputs.set('GET /api/status with a wrong token', await get('/api/status', { authorization: `Bearer ${dashToken.slice(0, -1)}x` }));
    const post = async (path: string, body: string, type: string): Promise<string> => {
      const res = await request(`${base}${path}`, { method: 'POST', headers: { 'content-type': type }, body, headersTimeout: 10_000, bodyTimeout: 10_000 });
      return `${res.statusCode} ${await res.body.text()}`;
    };
    outputs.set('POST /webhooks/bitrix24 wrong token', await post('/webhooks/bitrix24', `event=ONCRMCOMPANYUPDATE&data[FIELDS][ID]=1&auth[application_token]=${appToken}x`, 'application/x-www-form-urlencoded'));
    outputs.set('POST /webhooks/bitrix24 too large', await post('/webhooks/bitrix24', `event=ONCRMCOMPANYUPDATE&auth[application_token]=${appToken}&pad=${'x'.repeat(8000)}`, 'application/x-www-form-urlencoded'));
    outputs.set('POST /api/auth/login wrong password', await post('/api/auth/login', JSON.stringify({ name: 'anna', password: `${userPassword}!` }), 'application/json'));
    outputs.set('POST /api/auth/login too large', await post('/api/auth/login', JSON.stringify({ name: 'anna', password: 'p'.repeat(8000) }), 'application/json'));
    for (const dead of (JSON.parse((await get('/api/dead-letters')).slice(4)) as { items?: Array<{ id: number }> }).items ?? []) outputs.set(`GET /api/dead-letters/${dead.id}`, await get(`/api/dead-letters/${dead.id}`));

    child.kill('SIGTERM');
    await exited;
    child = undefined;
    outputs.set('service log', log);
    const store = dumpStore(join(dir, 'b24nav.db'));
    for (const [k, v] of store) outputs.set(k, v);
    outputs.set('b24nav status --json', spawnSyncText(['status', '--json'], configFile));
    outputs.set('b24nav history customers 1', spawnSyncText(['history', 'customers', '1'], configFile));

    const basic = Buffer.from(`navuser:${navPassword}`).toString('base64');
    const secrets: Secret[] = [
      { name: 'NAV password', values: [navPassword, encodeURIComponent(navPassword), basic], asDataIn: ['store table jobs: payload'] },
      { name: 'application token', values: [appToken] },
      { name: 'dashboard token', values: [dashToken] },
      { name: 'metrics token', values: [metricsToken] },
      { name: 'dashboard user password', values: [userPassword] },
      { name: 'dashboard user password hash', values: [passwordHash] },
    ];
    if (mode === 'webhook') secrets.push({ name: 'webhook code', values: [webhookCode] });
    else {
      secrets.push({ name: 'OAuth client secret', values: [b24.app.clientSecret] });
      const issued = [...b24.portal.state.tokens.values()].filter((t) => t.clientId === b24.app.clientId);
      assert.ok(issued.length >= 2, 'the service refreshed its token at least once');
      for (const t of issued) secrets.push({ name: `OAuth access token #${t.id}`, values: [t.accessToken] }, { name: `OAuth refresh token #${t.id}`, values: [t.refreshToken] });
    }
    const deadLetters = (JSON.parse(store.get('store table jobs') ?? '[]') as Array<{ state: string }>).filter((j) => j.state === 'dead').length;
    const historyRows = (JSON.parse(store.get('store table history') ?? '[]') as unknown[]).length;
    return { outputs, secrets, requests: { b24: [...b24Relay.lines], nav: [...navRelay.lines] }, deadLetters, historyRows };
  } finally {
    if (child && child.exitCode === null && child.signalCode === null) {
      const gone = once(child, 'exit');
      child.kill('SIGKILL');
      await gone;
    }
    await Promise.allSettled(closers.reverse().map((close) => close()));
  }
}

function spawnSyncText(args: string[], configFile: string): string {
  const r = spawnSync(process.execPath, ['bin/b24nav.js', ...args, '-c', configFile], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  return `${String(r.status)}\n${r.stdout}\n${r.stderr}`;
}
