// Both sandboxes on free ports, a config pointing at them, and the whole service
// wired as `b24nav sync` wires it — for end-to-end tests over real HTTP.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { openRuntime, userFieldsToEnsure, type AppRuntime } from '../../src/app/runtime.ts';
import { silentLogger } from '../../src/core/log.ts';
import { parseConfig } from '../../src/config/load.ts';
import { sandboxConfig } from '../../src/config/templates.ts';
import { startB24Sandbox, type B24SandboxOptions, type RunningB24Sandbox } from '../../src/sandbox/bitrix24/index.ts';
import { startNavSandbox, type NavSandboxOptions, type RunningNavSandbox } from '../../src/sandbox/nav/index.ts';

export interface E2E {
  readonly b24: RunningB24Sandbox;
  readonly nav: RunningNavSandbox;
  app: AppRuntime;
  /** Opens the service again on the same store (a restart). */
  restart(overrides?: Record<string, unknown>): Promise<AppRuntime>;
  close(): Promise<void>;
}

export interface E2EOptions {
  readonly b24?: B24SandboxOptions;
  readonly nav?: NavSandboxOptions;
  /** Deep-merged over the sandbox config (entities, sync, …). */
  readonly config?: Record<string, unknown>;
}

function merge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const b = out[k];
    out[k] = v && typeof v === 'object' && !Array.isArray(v) && b && typeof b === 'object' && !Array.isArray(b) ? merge(b as Record<string, unknown>, v as Record<string, unknown>) : v;
  }
  return out;
}

export async function startE2E(options: E2EOptions = {}): Promise<E2E> {
  const dir = await mkdtemp(join(tmpdir(), 'b24nav-e2e-'));
  const b24 = await startB24Sandbox({ port: 0, limits: false, seed: { companies: 8, contacts: 8, products: 0, deals: 0 }, ...options.b24 });
  const nav = await startNavSandbox({ port: 0, auth: 'none', customers: 8, items: 8, ...options.nav });
  const b24Port = Number(new URL(b24.url).port);
  const navPort = Number(new URL(nav.baseUrl).port);
  const base = parseDocument(sandboxConfig({ b24Port, navPort, serverPort: 0 }, join(dir, 'b24nav.db'))).toJS() as Record<string, unknown>;
  const open = async (overrides: Record<string, unknown> = {}): Promise<AppRuntime> => {
    const raw = merge(merge(merge(base, { nav: { auth: { mode: 'none' } } }), options.config ?? {}), overrides);
    const nauth = (raw['nav'] as Record<string, unknown>)['auth'] as Record<string, unknown>;
    if (nauth['mode'] === 'none') (raw['nav'] as Record<string, unknown>)['auth'] = { mode: 'none' };
    const app = await openRuntime(parseConfig(raw, {}, 'e2e'), { log: silentLogger });
    await app.crm.ensureUserFields(userFieldsToEnsure(app.engine));
    return app;
  };
  const e2e: E2E = {
    b24,
    nav,
    app: await open(),
    async restart(overrides) {
      await e2e.app.close();
      e2e.app = await open(overrides);
      return e2e.app;
    },
    async close() {
      await e2e.app.close();
      await Promise.all([b24.close(), nav.close()]);
      await rm(dir, { recursive: true, force: true });
    },
  };
  return e2e;
}
