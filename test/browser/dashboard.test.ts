// The dashboard in Chromium (issue 7, item 5), against both sandboxes and the real
// service: sign in, the overview, a record's history, resolving a conflict per
// field, a fault injected in the NAV sandbox that shows up as a dead letter and an
// alert and is cleared by fixing it and pressing Retry, the language switch, and a
// viewer who can look but not change anything.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Locator, Page } from 'playwright-core';
import { countLinksByState, getLinkByB24, listConflicts, listJobs } from '../../src/store/index.ts';
import { b24Admin } from '../../src/sandbox/bitrix24/index.ts';
import { ADMIN, launchBrowser, signedIn, startDashboard, VIEWER, type DashboardEnv } from './setup.ts';

interface Notification {
  readonly message: string;
}

async function notifications(env: DashboardEnv): Promise<Notification[]> {
  const res = await fetch(`${env.e2e.b24.url}/_sandbox/notifications`);
  return ((await res.json()) as { notifications: Notification[] }).notifications;
}

async function navName(env: DashboardEnv, no: string): Promise<unknown> {
  for await (const page of env.e2e.app.nav.customers.pages()) {
    const hit = (page as unknown as Array<Record<string, unknown>>).find((c) => c['No'] === no);
    if (hit) return hit['Name'];
  }
  return undefined;
}

async function attributes(locator: Locator, name: string): Promise<Array<string | null>> {
  return Promise.all((await locator.all()).map((l) => l.getAttribute(name)));
}

/** The text of the overview's number for `metric` on the card of `entity`. */
function metric(page: Page, entity: string, name: string): Promise<string> {
  return page.locator(`.entity-card[data-entity="${entity}"] [data-metric="${name}"] .metric-value`).innerText();
}

describe('dashboard in a browser', () => {
  let env: DashboardEnv;
  let browser: Browser;
  let page: Page;
  /** A company changed on both sides: parked for an operator. */
  let conflicted: { b24Id: string; navKey: string };
  /** A company whose NAV write failed while the fault was on. */
  let failing: { b24Id: string; navKey: string };

  before(async () => {
    browser = await launchBrowser();
    env = await startDashboard({
      config: {
        entities: { customers: { conflictPolicy: 'manual' }, contacts: { enabled: false }, products: { enabled: false }, stock: { enabled: false } },
        // One attempt: the injected fault makes a dead letter at once instead of after minutes of backoff.
        sync: { maxAttempts: 1 },
      },
    });
    const { app, b24, nav } = env.e2e;
    const first = await app.engine.syncOnce();
    assert.equal(Object.values(first.entities).reduce((n, x) => n + x.dead, 0), 0, 'the initial load fails nothing');

    const companies = [...b24.portal.state.companies.values()].map((c) => String(c.ID));
    const linkOf = async (id: string): Promise<{ b24Id: string; navKey: string }> => {
      const link = await getLinkByB24(app.store.db, 'customers', id);
      assert.ok(link?.navKey, `company ${id} is linked`);
      return { b24Id: id, navKey: link.navKey };
    };
    conflicted = await linkOf(companies[0] as string);
    failing = await linkOf(companies[1] as string);

    b24Admin.userEdit(b24.portal, 'company', Number(conflicted.b24Id), { TITLE: 'Гамма (Bitrix24)' });
    nav.sandbox.edit({ page: 'Customer', key: { No: conflicted.navKey }, fields: { Name: 'Gamma (NAV)' } });

    // The fault: NAV answers every customer update with a 500.
    nav.sandbox.faults.add({ kind: 'http_500', method: 'Customer.Update' });
    b24Admin.userEdit(b24.portal, 'company', Number(failing.b24Id), { TITLE: 'Omega Trading' });
    await app.engine.syncOnce();
    assert.equal((await listConflicts(app.store.db, { state: 'open', limit: 10 })).length, 1, 'the conflict is parked');
    const dead = await listJobs(app.store.db, { state: 'dead', limit: 10 });
    assert.ok(dead.some((j) => j.recordId === failing.b24Id), 'the fault made a dead letter');
    await env.alerts?.evaluate();
    page = (await signedIn(browser, env.url, ADMIN)).page;
  });

  after(async () => {
    await browser?.close();
    await env?.close();
  });

  it('refuses a wrong password on the sign-in page, with the reason', async () => {
    const context = await browser.newContext({ locale: 'en-US' });
    const p = await context.newPage();
    await p.goto(`${env.url}/`);
    await p.waitForURL(`${env.url}/login`);
    await p.fill('#name', ADMIN.name);
    await p.fill('#password', 'not-the-password');
    await p.click('#login button[type=submit]');
    await p.locator('#message').filter({ hasText: 'Wrong name or password' }).waitFor();
    assert.equal(p.url(), `${env.url}/login`);
    await context.close();
  });

  it('shows the overview per entity with the numbers of the store, the failure and the alert', async () => {
    await page.goto(`${env.url}/#/overview`);
    await page.locator('.entity-card[data-entity="customers"]').waitFor();
    const links = await countLinksByState(env.e2e.app.store.db);
    const active = links.filter((l) => l.entity === 'customers' && l.state === 'active').reduce((s, l) => s + l.count, 0);
    assert.ok(active > 0);
    assert.equal(await metric(page, 'customers', 'linked'), String(active));
    assert.equal(await metric(page, 'customers', 'conflicts'), '1');
    const dead = (await listJobs(env.e2e.app.store.db, { state: 'dead', entity: 'customers', limit: 100 })).length;
    assert.equal(await metric(page, 'customers', 'failed'), String(dead));
    assert.ok(await page.locator('.entity-card[data-entity="customers"] svg.chart').isVisible(), 'the throughput chart is drawn');
    const alert = page.locator('#alerts [data-alert="deadLetters:customers"]');
    await alert.waitFor();
    assert.match(await alert.innerText(), /Customers/);
    assert.match(await page.locator('#live').innerText(), /live/);
  });

  it('lists the dead letter with NAV\'s own message; a viewer cannot retry it', async () => {
    await page.goto(`${env.url}/#/dead-letters`);
    const row = page.locator(`tr[data-record="${failing.b24Id}"]`).first();
    await row.waitFor();
    assert.match(await row.locator('code').first().innerText(), /^NAV_/);
    assert.notEqual((await row.locator('.system-message').innerText()).trim(), '', 'the system\'s message is shown');

    const viewer = await signedIn(browser, env.url, VIEWER);
    await viewer.page.goto(`${env.url}/#/dead-letters`);
    const theirRow = viewer.page.locator(`tr[data-record="${failing.b24Id}"]`).first();
    await theirRow.waitFor();
    assert.equal(await theirRow.locator('button[data-action="retry"]').isDisabled(), true);
    assert.equal(await theirRow.locator('button[data-action="drop"]').isDisabled(), true);
    const id = await theirRow.getAttribute('data-dead-letter');
    // Past the disabled button: the server refuses the viewer's change too.
    const answer = await viewer.page.evaluate(async (deadLetter) => {
      const session = (await (await fetch('/api/auth/session')).json()) as { csrfToken: string };
      const res = await fetch(`/api/dead-letters/${deadLetter}/retry`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': session.csrfToken }, body: '{}' });
      return { status: res.status, body: (await res.json()) as { error: string } };
    }, id);
    assert.deepEqual([answer.status, answer.body.error], [403, 'FORBIDDEN']);
    await viewer.page.goto(`${env.url}/#/conflicts`);
    await viewer.page.locator('[data-open-conflict]').first().click();
    await viewer.page.locator('#conflict-fields').waitFor();
    assert.equal(await viewer.page.locator('#resolve').isDisabled(), true);
    await viewer.context.close();
    assert.equal((await listJobs(env.e2e.app.store.db, { state: 'dead', limit: 100 })).some((j) => String(j.id) === id), true, 'the dead letter is still there');
  });

  it('opens a record\'s history from the dead letter: a timeline with the failure', async () => {
    await page.goto(`${env.url}/#/dead-letters`);
    await page.locator(`tr[data-record="${failing.b24Id}"] a.record-link[data-side="b24"]`).first().click();
    await page.waitForURL(new RegExp(`#/history/customers/b24/${failing.b24Id}$`));
    const timeline = page.locator('ol.timeline');
    await timeline.waitFor();
    const actions = await attributes(timeline.locator('li'), 'data-action');
    assert.ok(actions.length >= 2, `several events: ${actions.join(', ')}`);
    assert.ok(actions.includes('failed') || actions.includes('dead'), `the failure is on the timeline: ${actions.join(', ')}`);
    assert.ok(actions.some((a) => a === 'created' || a === 'linked'), `the record's creation or linking is on it: ${actions.join(', ')}`);
  });

  it('resolves a conflict with a choice per field; the next pass writes the chosen value to both sides', async () => {
    await page.goto(`${env.url}/#/conflicts`);
    await page.locator('[data-open-conflict]').first().click();
    const table = page.locator('#conflict-fields');
    await table.waitFor();
    const row = table.locator('tr[data-field="name"]');
    assert.match(await row.locator('td.side-b24').innerText(), /Гамма \(Bitrix24\)/);
    assert.match(await row.locator('td.side-nav').innerText(), /Gamma \(NAV\)/);
    assert.equal(await page.locator('#resolve').isDisabled(), true, 'nothing chosen yet');
    // Every field in conflict gets a side: NAV's name, Bitrix24's for anything else.
    const fields = await attributes(table.locator('tbody tr'), 'data-field');
    for (const field of fields) await page.check(`input[data-field="${field}"][data-side="${field === 'name' ? 'nav' : 'b24'}"]`);
    await page.click('#resolve');
    await page.locator('.notice').filter({ hasText: 'resolved' }).waitFor();
    await page.waitForURL(/#\/conflicts$/);
    await page.locator('.empty').filter({ hasText: 'No open conflicts' }).waitFor();

    await env.e2e.app.engine.syncOnce();
    assert.equal(env.e2e.b24.portal.state.companies.get(Number(conflicted.b24Id))?.['TITLE'], 'Gamma (NAV)');
    assert.equal(await navName(env, conflicted.navKey), 'Gamma (NAV)');
    await page.goto(`${env.url}/#/history/customers/b24/${conflicted.b24Id}`);
    await page.locator('ol.timeline li[data-action="resolved"]').filter({ hasText: 'resolved by admin' }).waitFor();
  });

  it('clears the failure once the fault is fixed and Retry is pressed, and the alert recovers', async () => {
    env.e2e.nav.sandbox.faults.clear();
    await page.goto(`${env.url}/#/dead-letters`);
    const rows = page.locator(`tr[data-record="${failing.b24Id}"]`);
    await rows.first().waitFor();
    // The record may have failed more than once while the fault was on; each is retried.
    while ((await rows.count()) > 0) {
      const id = await rows.first().getAttribute('data-dead-letter');
      await rows.first().locator('button[data-action="retry"]').click();
      await page.locator('.notice').filter({ hasText: `${id}` }).first().waitFor();
      await page.locator(`tr[data-dead-letter="${id}"]`).waitFor({ state: 'detached' });
    }
    await env.e2e.app.engine.syncOnce();
    assert.equal(await navName(env, failing.navKey), 'Omega Trading', 'the retried change reached NAV');
    assert.equal((await listJobs(env.e2e.app.store.db, { state: 'dead', limit: 100 })).length, 0);

    const notices = await env.alerts?.evaluate();
    assert.ok(notices?.some((n) => n.kind === 'resolved' && n.alert.key === 'deadLetters:customers'), 'a recovery notice');
    const sent = (await notifications(env)).map((n) => n.message);
    assert.equal(sent.length, 2, sent.join('\n---\n'));

    await page.goto(`${env.url}/#/overview`);
    await page.locator('.entity-card[data-entity="customers"]').waitFor();
    await page.locator('.entity-card[data-entity="customers"] [data-metric="failed"] .metric-value').filter({ hasText: /^0$/ }).waitFor();
    await page.locator('#alerts [data-alert]').waitFor({ state: 'detached' });
  });

  it('switches to Russian and keeps the choice; a Russian browser gets Russian by default', async () => {
    await page.goto(`${env.url}/#/overview`);
    await page.locator('.entity-card').first().waitFor();
    await page.selectOption('#lang', 'ru');
    await page.locator('#nav a[data-page="overview"]').filter({ hasText: 'Обзор' }).waitFor();
    assert.equal(await page.locator('main h1').innerText(), 'Обзор');
    assert.equal(await page.locator('.entity-card[data-entity="customers"] h2').innerText(), 'Клиенты');
    assert.equal(await page.locator('html').getAttribute('lang'), 'ru');
    await page.reload();
    await page.locator('#nav a[data-page="dead-letters"]').filter({ hasText: 'Ошибки' }).waitFor();
    await page.selectOption('#lang', 'en');
    await page.locator('#nav a[data-page="overview"]').filter({ hasText: 'Overview' }).waitFor();

    const russian = await browser.newContext({ locale: 'ru-RU' });
    const p = await russian.newPage();
    await p.goto(`${env.url}/login`);
    await p.locator('#login button[type=submit]').filter({ hasText: 'Войти' }).waitFor();
    assert.equal(await p.locator('html').getAttribute('lang'), 'ru');
    await russian.close();
  });
});
