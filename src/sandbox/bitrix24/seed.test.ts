// Seed data (issue 2 item 2): reproducible from the seed, scalable, Russian
// companies with check-digit-valid INN and KPP in their requisites, deals in two
// pipelines; and --data FILE persistence.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { FakeClock } from '../../core/clock.ts';
import { checkInn } from '../../core/tax-id.ts';
import { startB24Sandbox, type RunningB24Sandbox } from './index.ts';
import { dig, hook, list, num, result, str } from './test-support.ts';

const START = Date.UTC(2026, 0, 15, 9, 0, 0);

/** The portal's data without the parts that are random by design (credentials). */
function data(b24: RunningB24Sandbox): Record<string, unknown> {
  const { apps: _apps, tokens: _tokens, webhooks: _webhooks, authCodes: _codes, ...rest } = b24.portal.state.dump();
  return rest;
}

describe('B24 sandbox: seed data', () => {
  let a: RunningB24Sandbox;
  let b: RunningB24Sandbox;
  let other: RunningB24Sandbox;
  let big: RunningB24Sandbox;
  before(async () => {
    const sizes = { companies: 60, contacts: 40, deals: 30, products: 20 };
    a = await startB24Sandbox({ port: 0, limits: false, clock: new FakeClock(START), seed: { seed: 42, ...sizes } });
    b = await startB24Sandbox({ port: 0, limits: false, clock: new FakeClock(START), seed: { seed: 42, ...sizes } });
    other = await startB24Sandbox({ port: 0, limits: false, clock: new FakeClock(START), seed: { seed: 43, ...sizes } });
    big = await startB24Sandbox({ port: 0, limits: false, seed: { companies: 500, contacts: 0, deals: 0, products: 0 } });
  });
  after(async () => {
    for (const s of [a, b, other, big]) await s.close();
  });

  it('is the same for the same seed and differs for another', () => {
    assert.deepEqual(data(a), data(b));
    assert.notDeepEqual(data(a), data(other));
  });

  it('scales: 500 companies when asked', async () => {
    assert.equal(dig((await hook(big, 'crm.company.list', { select: ['ID'] })).body, 'total'), 500);
  });

  it('gives Russian companies requisites with check-digit-valid INN and a KPP of the same tax office, and addresses', async () => {
    let russian = 0;
    for (const rq of big.portal.state.requisites.values()) {
      const inn = rq['RQ_INN'];
      if (typeof inn !== 'string') {
        assert.match(String(rq['RQ_VAT_ID']), /^[A-Z]{2}\d+$/);
        continue;
      }
      russian++;
      const check = checkInn(inn);
      assert.equal(check.valid, true, `${inn}: ${check.valid ? '' : check.reason}`);
      assert.equal(check.valid && check.kind, 'organisation');
      assert.match(String(rq['RQ_KPP']), /^\d{4}[\dA-Z]{2}\d{3}$/);
      assert.equal(String(rq['RQ_KPP']).slice(0, 4), inn.slice(0, 4));
      assert.ok(big.portal.state.addresses.find((x) => x.ENTITY_TYPE_ID === 8 && x.ENTITY_ID === rq.ID), `requisite ${rq.ID} has an address`);
    }
    assert.ok(russian > 250 && russian < 500, `${russian} Russian companies of 500`);
    const rq = list(result(await hook(big, 'crm.requisite.list', { filter: { '!RQ_INN': '' }, select: ['RQ_INN', 'RQ_KPP'] })));
    assert.equal(rq.length, 50);
  });

  it('gives companies phones and e-mails, contacts, a catalog with stock, users, and deals in two pipelines', async () => {
    const company = result(await hook(a, 'crm.company.get', { id: 1 }));
    assert.ok(list(company, 'PHONE').length >= 1);
    assert.ok(list(company, 'EMAIL').length >= 1);
    assert.equal(dig((await hook(a, 'crm.contact.list', { select: ['ID'] })).body, 'total'), 40);
    const pipelines = new Set(list(result(await hook(a, 'crm.deal.list', { select: ['CATEGORY_ID'] }))).map((d) => str(d, 'CATEGORY_ID')));
    assert.deepEqual([...pipelines].sort(), ['0', '1']);
    const rows = list(result(await hook(a, 'crm.deal.productrows.get', { id: 1 })));
    assert.ok(rows.length >= 1);
    const stock = list(result(await hook(a, 'catalog.storeproduct.list', {})), 'storeProducts');
    assert.equal(stock.length, 40);
    assert.ok(list(result(await hook(a, 'user.get'))).length >= 5);
  });
});

describe('B24 sandbox: --data FILE', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'b24-data-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('persists changes and reloads them, webhook code included, ignoring the seed then', async () => {
    const file = join(dir, 'portal.json');
    const first = await startB24Sandbox({ port: 0, limits: false, data: file, seed: { companies: 3, contacts: 0, deals: 0, products: 0 } });
    const id = num(result(await hook(first, 'crm.company.add', { fields: { TITLE: 'Persisted', PHONE: [{ VALUE: '+7 999 000' }] } })));
    await first.close();
    const saved = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
    assert.equal(saved['version'], 1);

    const second = await startB24Sandbox({ port: 0, limits: false, data: file, seed: { companies: 50 } });
    try {
      assert.equal(second.webhookCode, first.webhookCode);
      assert.equal(second.app.clientId, first.app.clientId);
      const company = result(await hook(second, 'crm.company.get', { id }));
      assert.equal(str(company, 'TITLE'), 'Persisted');
      assert.equal(str(company, 'PHONE', 0, 'VALUE'), '+7 999 000');
      assert.equal(second.portal.state.companies.size, 4);
      // New ids continue after the reloaded ones.
      assert.equal(num(result(await hook(second, 'crm.company.add', { fields: { TITLE: 'Next' } }))), id + 1);
    } finally {
      await second.close();
    }
  });

  it('refuses a file that is not sandbox data, naming it', async () => {
    const file = join(dir, 'broken.json');
    await writeFile(file, '{ not json');
    await assert.rejects(startB24Sandbox({ port: 0, data: file }), (error: Error) => error.message.includes(file));
  });
});
