// The dashboard in a real browser: Debian's Chromium driven by playwright-core,
// against the service started in-process on both sandboxes (test/e2e/setup.ts),
// with its HTTP server, dashboard users, live updates and alert loop as `b24nav run`
// wires them. Chromium is required, never skipped: without it the tests fail and
// say how to install it.
import { access, constants } from 'node:fs/promises';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { AlertService } from '../../src/alerts/index.ts';
import { createAlerting } from '../../src/app/alerting.ts';
import { hashPassword } from '../../src/server/access/passwords.ts';
import { buildServer } from '../../src/server/app.ts';
import { startE2E, type E2E, type E2EOptions } from '../e2e/setup.ts';

/** Where Debian puts Chromium (`apt-get install -y chromium`); B24NAV_CHROMIUM overrides it. */
export const CHROMIUM = process.env['B24NAV_CHROMIUM'] ?? '/usr/bin/chromium';

export async function launchBrowser(): Promise<Browser> {
  try {
    await access(CHROMIUM, constants.X_OK);
  } catch {
    throw new Error(`the browser tests need Chromium at ${CHROMIUM}, which is missing: install it with \`apt-get install -y chromium\` (or set B24NAV_CHROMIUM to a Chromium binary)`);
  }
  // --no-sandbox: CI containers run as root, where Chromium's sandbox cannot start.
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
}

export const ADMIN = { name: 'admin', password: 'admin-password-1' } as const;
export const VIEWER = { name: 'viewer', password: 'viewer-password-1' } as const;

export interface DashboardEnv {
  readonly e2e: E2E;
  readonly server: FastifyInstance;
  readonly alerts: AlertService | undefined;
  /** http://127.0.0.1:<port> */
  readonly url: string;
  close(): Promise<void>;
}

/** Both sandboxes, the service on a free port with an admin and a viewer. */
export async function startDashboard(options: E2EOptions = {}): Promise<DashboardEnv> {
  // ln=10 keeps sign-in fast in tests; the config accepts it like any scrypt hash.
  const users = [
    { name: ADMIN.name, role: 'admin', passwordHash: await hashPassword(ADMIN.password, { logN: 10 }) },
    { name: VIEWER.name, role: 'viewer', passwordHash: await hashPassword(VIEWER.password, { logN: 10 }) },
  ];
  const e2e = await startE2E({ ...options, config: { ...options.config, server: { dashboard: { users } } } });
  const app = e2e.app;
  const alerts = createAlerting(app);
  const server = buildServer({ engine: app.engine, log: app.log, redactor: app.redactor, applicationTokens: [], bodyLimit: app.config.server.bodyLimitBytes, telemetry: app.telemetry, alerts, liveIntervalMs: 300 });
  await server.listen({ host: '127.0.0.1', port: 0 });
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    e2e,
    server,
    alerts,
    url: `http://127.0.0.1:${port}`,
    async close() {
      await server.close();
      await e2e.close();
    },
  };
}

/** A fresh browser context (own cookies and storage) signed in as `who`. */
export async function signedIn(browser: Browser, url: string, who: { name: string; password: string }, locale = 'en-US'): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ locale, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${url}/`);
  await page.waitForURL(`${url}/login`);
  await page.fill('#name', who.name);
  await page.fill('#password', who.password);
  await page.click('#login button[type=submit]');
  await page.waitForURL(`${url}/`);
  await page.waitForSelector('#user .user-name');
  return { context, page };
}
