// Bitrix24 events → queued work: which events b24nav uses and for which entity kind,
// and deal events from the B24 sandbox's outgoing webhook reaching the service over
// real HTTP as `orders` jobs.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { silentLogger } from '../core/log.ts';
import { Redactor } from '../core/redact.ts';
import { b24Admin, startB24Sandbox, type RunningB24Sandbox } from '../sandbox/bitrix24/index.ts';
import { listJobs } from '../store/index.ts';
import { harness, type Harness } from '../../test/engine/harness.ts';
import { buildServer } from './app.ts';
import { eventTarget } from './b24-events.ts';

describe('eventTarget', () => {
  it('maps deal events, and a deal moved to another pipeline, to orders', () => {
    assert.deepEqual(eventTarget('ONCRMDEALADD', { ID: '41' }), { kind: 'record', entity: 'orders', id: '41', deleted: false });
    assert.deepEqual(eventTarget('onCrmDealUpdate', { ID: 42 }), { kind: 'record', entity: 'orders', id: '42', deleted: false });
    assert.deepEqual(eventTarget('ONCRMDEALDELETE', { ID: '43' }), { kind: 'record', entity: 'orders', id: '43', deleted: true });
    assert.deepEqual(eventTarget('ONCRMDEALMOVETOCATEGORY', { ID: '44' }), { kind: 'record', entity: 'orders', id: '44', deleted: false });
  });

  it('keeps the other kinds as they were', () => {
    assert.deepEqual(eventTarget('ONCRMCOMPANYUPDATE', { ID: '7' }), { kind: 'record', entity: 'customers', id: '7', deleted: false });
    assert.deepEqual(eventTarget('CATALOG.PRODUCT.ON.DELETE', { ID: 8 }), { kind: 'record', entity: 'products', id: '8', deleted: true });
    assert.deepEqual(eventTarget('ONCRMREQUISITEADD', { ID: '3' }), { kind: 'scan', entity: 'customers' });
  });

  it('ignores smart-invoice events (invoices flow from NAV only) and a deal event without a usable ID', () => {
    assert.equal(eventTarget('ONCRMDYNAMICITEMUPDATE', { ID: '5', ENTITY_TYPE_ID: '31' }).kind, 'ignore');
    const missing = eventTarget('ONCRMDEALUPDATE', {});
    assert.equal(missing.kind, 'ignore');
    assert.match(missing.kind === 'ignore' ? missing.reason : '', /without data\[FIELDS\]\[ID\]/);
    const bad = eventTarget('ONCRMDEALUPDATE', { ID: '1 OR 1=1' });
    assert.match(bad.kind === 'ignore' ? bad.reason : '', /malformed ID/);
  });
});

describe('deal events from the B24 sandbox', () => {
  let h: Harness;
  let b24: RunningB24Sandbox;
  let server: ReturnType<typeof buildServer>;
  let token = '';
  before(async () => {
    h = await harness({ products: { enabled: true }, orders: { enabled: true } });
    b24 = await startB24Sandbox({ port: 0, limits: false, seed: { companies: 1, contacts: 0, products: 0, deals: 0 } });
    const hook = b24Admin.addOutgoingWebhook(b24.portal, ['ONCRMDEALADD', 'ONCRMDEALUPDATE', 'ONCRMDEALDELETE'], 'http://127.0.0.1:1/placeholder');
    token = hook.applicationToken;
    server = buildServer({ engine: h.engine, log: silentLogger, redactor: new Redactor(), applicationTokens: [token], bodyLimit: 65_536 });
    const address = await server.listen({ host: '127.0.0.1', port: 0 });
    hook.handler = `${address}/webhooks/bitrix24`;
  });
  after(async () => {
    await server.close();
    await b24.close();
    await h.close();
  });

  it('a deal added, changed (rows too) and deleted in the portal queues orders work for that deal', async () => {
    const id = Number(b24Admin.adminCall(b24.portal, 'crm.deal.add', { fields: { TITLE: 'Event test', STAGE_ID: 'NEW' } }).result);
    b24Admin.userEdit(b24.portal, 'deal', id, { STAGE_ID: 'WON' });
    b24Admin.adminCall(b24.portal, 'crm.deal.productrows.set', { id, rows: [{ PRODUCT_NAME: 'Service', PRICE: 100, QUANTITY: 2 }] });
    b24Admin.adminCall(b24.portal, 'crm.deal.delete', { id });
    await b24.portal.events.settle();
    const delivered = b24.portal.events.deliveries.map((d) => [d.event, d.ok]);
    assert.deepEqual(delivered, [['ONCRMDEALADD', true], ['ONCRMDEALUPDATE', true], ['ONCRMDEALUPDATE', true], ['ONCRMDEALDELETE', true]]);
    const jobs = await listJobs(h.store.db, { limit: 100 });
    assert.ok(jobs.length > 0, 'the events queued work');
    assert.deepEqual([...new Set(jobs.map((j) => [j.entity, j.source, j.recordId].join(' ')))], [`orders b24 ${id}`], 'one record, coalesced');
  });
});
