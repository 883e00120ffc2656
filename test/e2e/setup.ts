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
import { mergeConfig } from '../../src/config/merge.ts';

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

export async function startE2E(options: E2EOptions = {}): Promise<E2E> {
  const dir = await mkdtemp(join(tmpdir(), 'b24nav-e2e-'));
  // Whatever fails below must still close what was started: an open sandbox keeps node's test runner alive
  // forever after a failing `before` hook.
  const started: Array<() => Promise<unknown>> = [() => rm(dir, { recursive: true, force: true })];
  const closeStarted = async (): Promise<void> => {
    const results = await Promise.allSettled(started.splice(0).reverse().map((close) => close()));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  };
  try {
    return await startWithin(dir, options, started, closeStarted);
  } catch (error) {
    await closeStarted().catch(() => undefined);
    throw error;
  }
}

async function startWithin(dir: string, options: E2EOptions, started: Array<() => Promise<unknown>>, closeStarted: () => Promise<void>): Promise<E2E> {
  const b24 = await startB24Sandbox({ port: 0, limits: false, seed: { companies: 8, contacts: 8, products: 0, deals: 0 }, ...options.b24 });
  started.push(() => b24.close());
  const nav = await startNavSandbox({ port: 0, auth: 'none', customers: 8, items: 8, ...options.nav });
  started.push(() => nav.close());
  const b24Port = Number(new URL(b24.url).port);
  const navPort = Number(new URL(nav.baseUrl).port);
  const base = parseDocument(sandboxConfig({ b24Port, navPort, serverPort: 0 }, join(dir, 'b24nav.db'))).toJS() as Record<string, unknown>;
  const open = async (overrides: Record<string, unknown> = {}): Promise<AppRuntime> => {
    const raw = mergeConfig(mergeConfig(mergeConfig(base, { nav: { auth: { mode: 'none' } } }), options.config ?? {}), overrides);
    const nauth = (raw['nav'] as Record<string, unknown>)['auth'] as Record<string, unknown>;
    if (nauth['mode'] === 'none') (raw['nav'] as Record<string, unknown>)['auth'] = { mode: 'none' };
    const app = await openRuntime(parseConfig(raw, {}, 'e2e'), { log: silentLogger });
    try {
      await app.crm.ensureUserFields(userFieldsToEnsure(app.engine));
    } catch (error) {
      await app.close();
      throw error;
    }
    return app;
  };
  let appOpen = false;
  const closeApp = async (app: AppRuntime): Promise<void> => {
    if (!appOpen) return;
    appOpen = false;
    await app.close();
  };
  const first = await open();
  appOpen = true;
  const e2e: E2E = {
    b24,
    nav,
    app: first,
    async restart(overrides) {
      await closeApp(e2e.app);
      e2e.app = await open(overrides);
      appOpen = true;
      return e2e.app;
    },
    async close() {
      try {
        await closeApp(e2e.app);
      } finally {
        await closeStarted();
      }
    },
  };
  return e2e;
}
