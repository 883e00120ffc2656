// `npm run screenshots`: pictures of the dashboard's main pages for docs/images/,
// taken in Chromium from the demo (`b24nav demo`: both sandboxes, the service and
// its seed data). Besides what the demo does by itself, it makes the things an
// operator meets so the pages have something to show: a company changed on both
// sides (a conflict; customers use the manual policy here), and a company whose
// address NAV refuses (a dead letter); the seed's over-long company name is one too.
// Not a test: it asserts nothing, it fails only if a page does not come up.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { startDemo, type Demo } from '../src/cli/commands/demo.ts';
import { silentLogger } from '../src/core/log.ts';
import { b24Admin } from '../src/sandbox/bitrix24/index.ts';
import { getLinkByB24, listConflicts, listJobs } from '../src/store/index.ts';
import { collectStatus } from '../src/server/status.ts';
import { syncedKinds } from '../src/server/app.ts';
import { launchBrowser } from '../test/browser/setup.ts';

const OUT = fileURLToPath(new URL('../docs/images/', import.meta.url));
const VIEWPORT = { width: 1280, height: 860 };

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function until<T>(what: string, check: () => Promise<T | undefined | false>, timeoutMs = 60_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > end) throw new Error(`screenshots: timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** The demo's initial load is done: the numbers of linked records stopped moving. */
async function settled(demo: Demo): Promise<void> {
  let last = '';
  let steady = 0;
  await until('the initial load', async () => {
    const s = await collectStatus(demo.app.store.db, Date.now(), syncedKinds(demo.app.engine));
    const now = s.entities.map((e) => e.linked).join(',');
    steady = now === last ? steady + 1 : 0;
    last = now;
    await new Promise((r) => setTimeout(r, 750));
    return steady >= 3 && s.entities.some((e) => e.linked > 0);
  });
}

async function stage(demo: Demo): Promise<{ conflicted: string; failing: string }> {
  const { app, b24, nav } = demo;
  const companies = [...b24.portal.state.companies.values()].map((c) => String(c.ID));
  const linked: Array<{ b24Id: string; navKey: string }> = [];
  for (const id of companies) {
    const link = await getLinkByB24(app.store.db, 'customers', id);
    if (link?.navKey) linked.push({ b24Id: id, navKey: link.navKey });
    if (linked.length === 2) break;
  }
  const [conflicted, failing] = linked;
  if (!conflicted || !failing) throw new Error('screenshots: the demo linked fewer than two companies');

  // NAV first, then Bitrix24: the event of the B24 edit finds NAV changed too.
  nav.sandbox.edit({ page: 'Customer', key: { No: conflicted.navKey }, fields: { Name: 'Альфа-Трейд (NAV)', City: 'Казань' } });
  b24Admin.userEdit(b24.portal, 'company', Number(conflicted.b24Id), { TITLE: 'ООО «Альфа-Трейд»' });
  await until('the conflict', async () => (await listConflicts(app.store.db, { state: 'open', limit: 10 })).length > 0);

  // A change NAV refuses (a country it does not know): a dead letter with NAV's own message.
  const [requisite] = b24Admin.adminCall(b24.portal, 'crm.requisite.list', { filter: { ENTITY_TYPE_ID: 4, ENTITY_ID: Number(failing.b24Id) } }).result as Array<{ ID: string }>;
  const [address] = requisite ? (b24Admin.adminCall(b24.portal, 'crm.address.list', { filter: { ENTITY_TYPE_ID: 8, ENTITY_ID: requisite.ID } }).result as Array<{ TYPE_ID: string; ENTITY_ID: string }>) : [];
  if (!address) throw new Error(`screenshots: company ${failing.b24Id} has no address`);
  b24Admin.adminCall(b24.portal, 'crm.address.update', { fields: { TYPE_ID: address.TYPE_ID, ENTITY_TYPE_ID: 8, ENTITY_ID: address.ENTITY_ID, COUNTRY: 'Kosovo', COUNTRY_CODE: 'XK' } });
  b24Admin.userEdit(b24.portal, 'company', Number(failing.b24Id), { TITLE: 'ООО «Омега Логистик»' });
  await until('the dead letter', async () => (await listJobs(app.store.db, { state: 'dead', limit: 100 })).some((j) => j.recordId === failing.b24Id), 30_000);
  await demo.alerts?.evaluate();
  return { conflicted: conflicted.b24Id, failing: failing.b24Id };
}

async function shoot(page: Page, url: string, ready: string, file: string, fullPage = false): Promise<void> {
  await page.goto(url);
  await page.locator(ready).first().waitFor();
  // Let the live stream's first snapshot and the charts settle.
  await page.waitForTimeout(800);
  await page.screenshot({ path: join(OUT, file), fullPage });
  process.stdout.write(`  docs/images/${file}\n`);
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'b24nav-shots-'));
  const [port, b24Port, navPort] = [await freePort(), await freePort(), await freePort()];
  const demo = await startDemo({
    port,
    b24Port,
    navPort,
    users: false,
    storeFile: join(dir, 'demo.db'),
    log: silentLogger,
    config: { entities: { customers: { conflictPolicy: 'manual' } } },
  });
  const browser = await launchBrowser();
  try {
    await mkdir(OUT, { recursive: true });
    await settled(demo);
    const { conflicted, failing } = await stage(demo);
    const admin = demo.credentials.find((c) => c.role === 'admin');
    if (!admin) throw new Error('screenshots: the demo has no admin');
    const context = await browser.newContext({ viewport: VIEWPORT, locale: 'en-US', deviceScaleFactor: 1 });
    const page = await context.newPage();
    await page.goto(`${demo.url}/login`);
    await page.fill('#name', admin.name);
    await page.fill('#password', admin.password);
    await page.click('#login button[type=submit]');
    await page.waitForURL(`${demo.url}/`);
    const base = demo.url;
    await shoot(page, `${base}/#/overview`, '#alerts [data-alert]', 'overview.png');
    await shoot(page, `${base}/#/dead-letters`, `tr[data-record="${failing}"]`, 'dead-letters.png');
    const [conflict] = await listConflicts(demo.app.store.db, { state: 'open', limit: 1 });
    await shoot(page, `${base}/#/conflicts/${conflict?.id ?? 1}`, '#conflict-fields', 'conflict.png');
    await shoot(page, `${base}/#/history/customers/b24/${conflicted}`, 'ol.timeline li', 'history.png');
    await shoot(page, `${base}/#/budget`, '#budget-b24', 'budget.png');
    // The Russian overview, as a Russian browser shows it by default.
    const ru = await browser.newContext({ viewport: VIEWPORT, locale: 'ru-RU', deviceScaleFactor: 1 });
    const ruPage = await ru.newPage();
    await ruPage.goto(`${demo.url}/login`);
    await ruPage.fill('#name', admin.name);
    await ruPage.fill('#password', admin.password);
    await ruPage.click('#login button[type=submit]');
    await ruPage.waitForURL(`${demo.url}/`);
    await shoot(ruPage, `${base}/#/overview`, '.entity-card', 'overview-ru.png');
  } finally {
    await browser.close();
    await demo.close();
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
