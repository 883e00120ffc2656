// Issue 6 §6: TLS certificates are verified by default. Both sandboxes serve HTTPS
// with a self-signed certificate (as `b24nav sandbox … --tls` does); the service
// refuses them with NAV_TLS / B24_TLS and a message that names the fix, trusts them
// when given the certificate, and accepts them with `insecure: true` only with a
// warning in its log.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openRuntime, type AppRuntime } from '../../src/app/runtime.ts';
import { parseConfig } from '../../src/config/load.ts';
import { isSyncError } from '../../src/core/failure.ts';
import type { Logger } from '../../src/core/log.ts';
import { startB24Sandbox, type RunningB24Sandbox } from '../../src/sandbox/bitrix24/index.ts';
import { startNavSandbox, type RunningNavSandbox } from '../../src/sandbox/nav/index.ts';

interface Line {
  readonly level: 'debug' | 'info' | 'warn' | 'error';
  readonly text: string;
}

/** A logger that keeps what it is told, for checking warnings. */
function captureLogger(lines: Line[]): Logger {
  const at =
    (level: Line['level']) =>
    (a: object | string, b?: string): void => {
      lines.push({ level, text: typeof a === 'string' ? a : `${JSON.stringify(a)} ${b ?? ''}` });
    };
  const log: Logger = { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error'), child: () => log };
  return log;
}

describe('security: TLS verification', () => {
  let dir: string;
  let b24: RunningB24Sandbox;
  let nav: RunningNavSandbox;
  const apps: AppRuntime[] = [];

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'b24nav-tls-'));
    b24 = await startB24Sandbox({ port: 0, tls: true, tlsDir: join(dir, 'tls'), limits: false, seed: { companies: 1, contacts: 0, products: 0, deals: 0 } });
    nav = await startNavSandbox({ port: 0, tls: true, tlsDir: join(dir, 'tls'), auth: 'none', customers: 1, items: 0 });
  });
  after(async () => {
    await Promise.allSettled(apps.map((a) => a.close()));
    await Promise.allSettled([b24?.close(), nav?.close()]);
    await rm(dir, { recursive: true, force: true });
  });

  async function open(tls: { b24?: Record<string, unknown>; nav?: Record<string, unknown> }, lines: Line[] = []): Promise<AppRuntime> {
    assert.match(b24.webhookUrl, /^https:/);
    assert.match(nav.baseUrl, /^https:/);
    const raw = {
      bitrix24: { webhookUrl: b24.webhookUrl, ...(tls.b24 ? { tls: tls.b24 } : {}) },
      nav: { soapUrl: nav.baseUrl, company: 'CRONUS International Ltd.', transport: 'odata', auth: { mode: 'none' }, ...(tls.nav ? { tls: tls.nav } : {}) },
      store: { file: join(dir, `store-${apps.length}.db`) },
      entities: { contacts: { enabled: false }, products: { enabled: false }, stock: { enabled: false }, orders: { enabled: false }, invoices: { enabled: false } },
    };
    const app = await openRuntime(parseConfig(raw, {}, 'tls test'), { log: captureLogger(lines) });
    apps.push(app);
    return app;
  }

  async function firstNavPage(app: AppRuntime): Promise<number> {
    for await (const page of app.nav.customers.pages()) return page.length;
    return 0;
  }

  it('tls: verification is on when the config says nothing', () => {
    const config = parseConfig({ bitrix24: { webhookUrl: 'https://portal.example/rest/1/abcdef/' }, nav: { soapUrl: 'https://nav:7047/DynamicsNAV110', company: 'C', auth: { mode: 'none' } } }, {}, 'defaults');
    assert.equal(config.nav.tls.insecure, false);
    assert.equal(config.bitrix24.tls.insecure, false);
  });

  it('tls: a self-signed NAV server is refused with NAV_TLS, and the message names nav.tls.caFile', async () => {
    const lines: Line[] = [];
    const app = await open({}, lines);
    await assert.rejects(firstNavPage(app), (error: unknown) => {
      assert.ok(isSyncError(error), String(error));
      assert.equal(error.code, 'NAV_TLS');
      assert.equal(error.kind, 'permanent');
      assert.match(error.message, /nav\.tls\.caFile/);
      return true;
    });
    assert.equal(lines.filter((l) => /verification is OFF/.test(l.text)).length, 0, 'no warning when verification is on');
  });

  it('tls: a self-signed Bitrix24 portal is refused with B24_TLS, and the message names bitrix24.tls.caFile', async () => {
    const app = await open({});
    await assert.rejects(app.b24.call('profile'), (error: unknown) => {
      assert.ok(isSyncError(error), String(error));
      assert.equal(error.code, 'B24_TLS');
      assert.equal(error.kind, 'permanent');
      assert.match(error.message, /bitrix24\.tls\.caFile/);
      return true;
    });
  });

  it('tls: given the certificate with caFile, both are trusted with verification on', async () => {
    assert.ok(nav.certPath && b24.certPath);
    const lines: Line[] = [];
    const app = await open({ b24: { caFile: b24.certPath }, nav: { caFile: nav.certPath } }, lines);
    assert.equal(await firstNavPage(app), 1);
    assert.ok(await app.b24.call('profile'));
    assert.equal(lines.filter((l) => /verification is OFF/.test(l.text)).length, 0);
  });

  it('tls: insecure: true is the explicit opt-out: it connects, and says so as a warning for each system', async () => {
    const lines: Line[] = [];
    const app = await open({ b24: { insecure: true }, nav: { insecure: true } }, lines);
    assert.equal(await firstNavPage(app), 1);
    assert.ok(await app.b24.call('profile'));
    const warnings = lines.filter((l) => l.level === 'warn').map((l) => l.text);
    assert.ok(warnings.some((w) => w.includes('TLS certificate verification is OFF for NAV (nav.tls.insecure: true)')), warnings.join('\n'));
    assert.ok(warnings.some((w) => w.includes('TLS certificate verification is OFF for Bitrix24 (bitrix24.tls.insecure: true)')), warnings.join('\n'));
  });
});
