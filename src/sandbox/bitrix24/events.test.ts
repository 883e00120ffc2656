// Events (reference §8): online handlers and outgoing webhooks get one form-encoded
// POST per change with only the ID, never retried; the offline queue keeps one record
// per object, reserves under a process_id, and skips writes made with the binding's
// auth_connector. A tiny local HTTP server plays the handler.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import qs from 'qs';
import { FakeClock } from '../../core/clock.ts';
import { addOutgoingWebhook } from './admin-actions.ts';
import { startB24Sandbox, type RunningB24Sandbox } from './index.ts';
import { dig, hook, list, num, oauth, postJson, rec, result, signIn, startReceiver, str, type Receiver, type Tokens } from './test-support.ts';

function form(body: string): Record<string, unknown> {
  return qs.parse(body);
}

describe('B24 sandbox: online events', () => {
  const clock = new FakeClock(Date.UTC(2026, 4, 5, 10, 0, 0));
  let b24: RunningB24Sandbox;
  let receiver: Receiver;
  let app: Tokens;
  before(async () => {
    b24 = await startB24Sandbox({ port: 0, limits: false, clock, seed: { companies: 3, contacts: 0, deals: 3, products: 1 } });
    receiver = await startReceiver();
    app = await signIn(b24);
  });
  after(async () => {
    await b24.close();
    await receiver.close();
  });
  beforeEach(() => {
    receiver.received.length = 0;
    receiver.status = 200;
  });

  it('POSTs event, data[FIELDS][ID], ts and auth[…] form-encoded to an application handler', async () => {
    assert.equal(result(await oauth(b24, app.access, 'event.bind', { event: 'ONCRMCOMPANYADD', handler: receiver.url })), true);
    const id = num(result(await hook(b24, 'crm.company.add', { fields: { TITLE: 'Evented' } })));
    await b24.portal.events.settle();
    assert.equal(receiver.received.length, 1);
    const got = receiver.received[0];
    assert.ok(got);
    assert.equal(got.method, 'POST');
    assert.equal(got.headers['content-type'], 'application/x-www-form-urlencoded');
    assert.match(got.body, /(^|&)data%5BFIELDS%5D%5BID%5D=\d+/);
    const body = form(got.body);
    assert.equal(body['event'], 'ONCRMCOMPANYADD');
    assert.equal(dig(body, 'data', 'FIELDS', 'ID'), String(id));
    assert.equal(body['ts'], String(clock.now() / 1000));
    assert.equal(dig(body, 'auth', 'application_token'), b24.app.applicationToken);
    assert.equal(dig(body, 'auth', 'member_id'), b24.portal.memberId);
    assert.equal(dig(body, 'auth', 'client_endpoint'), `${b24.url}/rest/`);
    // The handler may call back with the token it was given.
    const token = str(body, 'auth', 'access_token');
    assert.equal(str(result(await oauth(b24, token, 'crm.company.get', { id })), 'TITLE'), 'Evented');
    assert.equal(dig(body, 'auth', 'refresh_token'), undefined);
  });

  it('sends the event once and never again when the handler fails', async () => {
    receiver.status = 500;
    await hook(b24, 'crm.company.add', { fields: { TITLE: 'Failing handler' } });
    await b24.portal.events.settle();
    await clock.advance(600_000);
    await b24.portal.events.settle();
    assert.equal(receiver.received.length, 1);
    const last = b24.portal.events.deliveries.at(-1);
    assert.deepEqual([last?.ok, last?.status], [false, 500]);
  });

  it('delivers to an outgoing webhook set up by the admin (programmatically or by the admin API), with only the portal part of auth', async () => {
    const hookConfig = addOutgoingWebhook(b24.portal, ['ONCRMDEALUPDATE'], receiver.url);
    const viaApi = await postJson(`${b24.url}/_sandbox/outgoing-webhooks`, { events: ['ONCRMDEALDELETE'], handler: receiver.url });
    assert.equal(viaApi.status, 200);
    assert.equal(result(await hook(b24, 'crm.deal.update', { id: 1, fields: { TITLE: 'Renamed' } })), true);
    assert.equal(result(await hook(b24, 'crm.deal.delete', { id: 2 })), true);
    await b24.portal.events.settle();
    const bodies = receiver.received.map((r) => form(r.body));
    assert.deepEqual(bodies.map((b) => [b['event'], dig(b, 'data', 'FIELDS', 'ID')]), [['ONCRMDEALUPDATE', '1'], ['ONCRMDEALDELETE', '2']]);
    assert.equal(dig(bodies[0], 'auth', 'application_token'), hookConfig.applicationToken);
    assert.equal(dig(bodies[1], 'auth', 'application_token'), dig(viaApi.body, 'applicationToken'));
    assert.deepEqual(Object.keys(rec(bodies[0], 'auth')).sort(), ['application_token', 'client_endpoint', 'domain', 'member_id', 'server_endpoint']);
  });

  it('fires ONCRMDYNAMICITEM* with ENTITY_TYPE_ID for smart invoices and ONCRMDEALMOVETOCATEGORY for a pipeline change', async () => {
    await oauth(b24, app.access, 'event.bind', { event: 'ONCRMDYNAMICITEMADD', handler: receiver.url });
    await oauth(b24, app.access, 'event.bind', { event: 'ONCRMDEALMOVETOCATEGORY', handler: receiver.url });
    await hook(b24, 'crm.item.add', { entityTypeId: 31, fields: { title: 'Invoice' } });
    const deal = num(result(await hook(b24, 'crm.deal.add', { fields: { TITLE: 'To move', CATEGORY_ID: 0 } })));
    // crm.deal.update does not change the pipeline (the docs send you to crm.item.update).
    assert.equal(result(await hook(b24, 'crm.deal.update', { id: deal, fields: { CATEGORY_ID: 1 } })), true);
    assert.equal(str(result(await hook(b24, 'crm.deal.get', { id: deal })), 'CATEGORY_ID'), '0');
    const moved = rec(result(await hook(b24, 'crm.item.update', { entityTypeId: 2, id: deal, fields: { categoryId: 1 } })), 'item');
    assert.deepEqual([moved['categoryId'], moved['stageId']], [1, 'C1:NEW']);
    await b24.portal.events.settle();
    const bodies = receiver.received.map((r) => form(r.body)).filter((b) => b['event'] !== 'ONCRMDEALUPDATE' && b['event'] !== 'ONCRMDEALADD');
    assert.deepEqual(bodies.map((b) => b['event']), ['ONCRMDYNAMICITEMADD', 'ONCRMDEALMOVETOCATEGORY']);
    assert.equal(dig(bodies[0], 'data', 'FIELDS', 'ENTITY_TYPE_ID'), '31');
  });

  it('event.unbind removes the binding and answers the count', async () => {
    const reply = result(await oauth(b24, app.access, 'event.unbind', { event: 'ONCRMCOMPANYADD', handler: receiver.url }));
    assert.deepEqual(reply, { count: 1 });
    await hook(b24, 'crm.company.add', { fields: { TITLE: 'Unbound' } });
    await b24.portal.events.settle();
    assert.equal(receiver.received.length, 0);
  });
});

describe('B24 sandbox: offline events', () => {
  const clock = new FakeClock(Date.UTC(2026, 4, 5, 10, 0, 0));
  let b24: RunningB24Sandbox;
  let app: Tokens;
  const call = (method: string, params: Record<string, unknown> = {}) => oauth(b24, app.access, method, params);
  const drain = async (connector?: string): Promise<void> => {
    for (;;) {
      const got = result(await call('event.offline.get', { limit: 1000, ...(connector ? { auth_connector: connector } : {}) }));
      if (list(got, 'events').length === 0) return;
    }
  };
  before(async () => {
    b24 = await startB24Sandbox({ port: 0, limits: false, clock, seed: { companies: 6, contacts: 0, deals: 0, products: 0 } });
    app = await signIn(b24);
    assert.equal(result(await call('event.bind', { event: 'ONCRMCOMPANYUPDATE', event_type: 'offline' })), true);
  });
  after(() => b24.close());
  beforeEach(() => drain());

  it('keeps one record per object, with the time of the latest change', async () => {
    for (let i = 0; i < 5; i++) {
      await hook(b24, 'crm.company.update', { id: 1, fields: { COMMENTS: `edit ${i}` } });
      await clock.advance(1000);
    }
    await hook(b24, 'crm.company.update', { id: 2, fields: { COMMENTS: 'other' } });
    const queued = list(result(await call('event.offline.list')));
    assert.equal(queued.length, 2);
    assert.equal(dig(queued, 0, 'EVENT_NAME'), 'ONCRMCOMPANYUPDATE');
    assert.deepEqual(dig(queued, 0, 'EVENT_DATA'), { FIELDS: { ID: 1 } });
    assert.equal(dig(queued, 0, 'TIMESTAMP_X'), b24.portal.formatTime(clock.now() - 1000));
    assert.equal(dig(queued, 0, 'PROCESS_ID'), '');
    assert.equal(dig(queued, 0, 'ERROR'), '0');
  });

  it('deletes what it hands out with the default clear=1', async () => {
    await hook(b24, 'crm.company.update', { id: 3, fields: { COMMENTS: 'x' } });
    const got = result(await call('event.offline.get'));
    assert.equal(dig(got, 'process_id'), null);
    assert.equal(list(got, 'events').length, 1);
    assert.deepEqual(result(await call('event.offline.list')), []);
  });

  it('reserves with clear=0 under a process_id hidden from other readers, re-reads with it, and acks with event.offline.clear', async () => {
    for (const id of [1, 2, 3]) await hook(b24, 'crm.company.update', { id, fields: { COMMENTS: 'reserve' } });
    const first = result(await call('event.offline.get', { clear: 0, limit: 2 }));
    const processId = str(first, 'process_id');
    assert.equal(list(first, 'events').length, 2);
    // A parallel reader gets the rest only.
    const second = result(await call('event.offline.get', { clear: 0 }));
    assert.deepEqual(list(second, 'events').map((e) => dig(e, 'EVENT_DATA', 'FIELDS', 'ID')), [3]);
    assert.deepEqual(list(result(await call('event.offline.get', { clear: 0 })), 'events'), []);
    // The first process can select its unprocessed records again.
    const again = result(await call('event.offline.get', { clear: 0, process_id: processId }));
    assert.equal(list(again, 'events').length, 2);
    assert.equal(dig(again, 'process_id'), processId);
    // A change to a reserved object while it is processed is not lost.
    await hook(b24, 'crm.company.update', { id: 1, fields: { COMMENTS: 'during' } });
    const firstId = str(list(first, 'events')[0], 'ID');
    assert.equal(result(await call('event.offline.clear', { process_id: processId, id: [firstId] })), true);
    const listed = list(result(await call('event.offline.list')));
    assert.equal(listed.filter((e) => dig(e, 'PROCESS_ID') === processId).length, 1);
    assert.equal(result(await call('event.offline.clear', { process_id: processId })), true);
    const left = list(result(await call('event.offline.list')));
    assert.deepEqual(left.map((e) => [dig(e, 'EVENT_DATA', 'FIELDS', 'ID'), dig(e, 'PROCESS_ID') === '']).sort(), [[1, true], [3, false]]);
    assert.equal(result(await call('event.offline.clear', { process_id: str(second, 'process_id') })), true);
  });

  it('marks failed records with event.offline.error, handed out again with error=1', async () => {
    await hook(b24, 'crm.company.update', { id: 4, fields: { COMMENTS: 'will fail' } });
    const got = result(await call('event.offline.get', { clear: 0 }));
    const messageId = str(list(got, 'events')[0], 'MESSAGE_ID');
    assert.equal(result(await call('event.offline.error', { process_id: str(got, 'process_id'), message_id: [messageId] })), true);
    assert.deepEqual(list(result(await call('event.offline.get', { clear: 0 })), 'events'), []);
    const failed = result(await call('event.offline.get', { error: 1 }));
    assert.deepEqual(list(failed, 'events').map((e) => dig(e, 'MESSAGE_ID')), [messageId]);
  });

  it('filters and orders event.offline.get and event.offline.list', async () => {
    for (const id of [5, 6, 4]) {
      await hook(b24, 'crm.company.update', { id, fields: { COMMENTS: 'order' } });
      await clock.advance(1000);
    }
    const newestFirst = list(result(await call('event.offline.list', { order: { TIMESTAMP_X: 'DESC' } })));
    assert.deepEqual(newestFirst.map((e) => dig(e, 'EVENT_DATA', 'FIELDS', 'ID')), [4, 6, 5]);
    const cut = str(newestFirst[1], 'ID');
    const got = result(await call('event.offline.get', { filter: { '>=ID': cut }, order: { ID: 'ASC' } }));
    assert.deepEqual(list(got, 'events').map((e) => dig(e, 'ID')).every((id) => Number(id) >= Number(cut)), true);
  });

  it('keeps a separate queue per auth_connector and skips the writes made with it', async () => {
    assert.equal(result(await call('event.bind', { event: 'ONCRMCOMPANYUPDATE', event_type: 'offline', auth_connector: 'b24nav' })), true);
    await hook(b24, 'crm.company.update', { id: 5, fields: { COMMENTS: 'own write' }, auth_connector: 'b24nav' });
    await hook(b24, 'batch', { cmd: { a: 'crm.company.update?id=6&fields[COMMENTS]=own+batch&auth_connector=b24nav' } });
    await hook(b24, 'crm.company.update', { id: 4, fields: { COMMENTS: 'a user' } });
    const own = list(result(await call('event.offline.get', { auth_connector: 'b24nav', clear: 0 })), 'events');
    assert.deepEqual(own.map((e) => dig(e, 'EVENT_DATA', 'FIELDS', 'ID')), [4]);
    // The queue of the binding without a connector sees every change.
    const plain = list(result(await call('event.offline.get')), 'events');
    assert.deepEqual(plain.map((e) => dig(e, 'EVENT_DATA', 'FIELDS', 'ID')).sort(), [4, 5, 6]);
    const bindings = list(result(await call('event.get'))).filter((b) => dig(b, 'offline') === 1);
    assert.deepEqual(bindings.map((b) => dig(b, 'auth_connector') ?? null).sort(), ['b24nav', null]);
    assert.deepEqual(result(await call('event.unbind', { event: 'ONCRMCOMPANYUPDATE', event_type: 'offline', auth_connector: 'b24nav' })), { count: 1 });
    await drain('b24nav');
  });

  it('rings ONOFFLINEEVENT at most once per minTimeout', async () => {
    const receiver = await startReceiver();
    try {
      assert.equal(result(await call('event.bind', { event: 'ONOFFLINEEVENT', handler: receiver.url, options: { minTimeout: 2 } })), true);
      await hook(b24, 'crm.company.update', { id: 1, fields: { COMMENTS: 'ring 1' } });
      await clock.advance(1000);
      await hook(b24, 'crm.company.update', { id: 2, fields: { COMMENTS: 'ring 2' } });
      await b24.portal.events.settle();
      assert.equal(receiver.received.length, 1);
      await clock.advance(1000);
      await hook(b24, 'crm.company.update', { id: 3, fields: { COMMENTS: 'ring 3' } });
      await b24.portal.events.settle();
      assert.equal(receiver.received.length, 2);
      assert.equal(form(receiver.received[0]?.body ?? '')['event'], 'ONOFFLINEEVENT');
      await call('event.unbind', { event: 'ONOFFLINEEVENT', handler: receiver.url });
    } finally {
      await receiver.close();
    }
  });

  it('lets only an administrator bind offline events and read the queue (403 ACCESS_DENIED)', async () => {
    const manager = await signIn(b24, b24.app, 2);
    for (const [method, params] of [['event.bind', { event: 'ONCRMDEALUPDATE', event_type: 'offline' }], ['event.offline.get', {}]] as const) {
      const reply = await oauth(b24, manager.access, method, params);
      assert.equal(reply.status, 403, method);
      assert.equal(dig(reply.body, 'error'), 'ACCESS_DENIED');
    }
    assert.equal(result(await oauth(b24, manager.access, 'event.bind', { event: 'ONCRMDEALUPDATE', handler: 'https://example.com/h' })), true);
  });

  it('lets any user read the queue with offlineEventsAdminOnly: false (the method pages\' reading)', async () => {
    const open = await startB24Sandbox({ port: 0, limits: false, offlineEventsAdminOnly: false, seed: { companies: 0, contacts: 0, deals: 0, products: 0 } });
    try {
      const manager = await signIn(open, open.app, 2);
      assert.deepEqual(result(await oauth(open, manager.access, 'event.offline.get')), { process_id: null, events: [] });
    } finally {
      await open.close();
    }
  });

  it('needs an application: a webhook gets WRONG_AUTH_TYPE', async () => {
    const reply = await hook(b24, 'event.offline.get');
    assert.equal(reply.status, 403);
    assert.equal(dig(reply.body, 'error'), 'WRONG_AUTH_TYPE');
  });
});
