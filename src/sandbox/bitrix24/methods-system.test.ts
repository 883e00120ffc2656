// Methods outside the CRM (reference §7.7, §10): users, notifications, and the
// introspection methods `scope` and `methods`.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { addApp } from './admin-actions.ts';
import { startB24Sandbox, type RunningB24Sandbox } from './index.ts';
import { dig, hook, list, num, oauth, result, signIn, str } from './test-support.ts';

describe('B24 sandbox: users, notifications, scope, methods', () => {
  let b24: RunningB24Sandbox;
  before(async () => {
    b24 = await startB24Sandbox({ port: 0, limits: false, seed: { companies: 1, contacts: 0, deals: 0, products: 0 } });
  });
  after(() => b24.close());

  it('user.get lists users with string IDs, filters with FILTER and the same prefixes, sorts', async () => {
    const users = list(result(await hook(b24, 'user.get')));
    assert.ok(users.length >= 5);
    assert.equal(dig(users, 0, 'ID'), '1');
    assert.equal(dig(users, 0, 'ACTIVE'), true);
    const smith = list(result(await hook(b24, 'user.get', { FILTER: { LAST_NAME: 'Smith' } })));
    assert.deepEqual(smith.map((u) => dig(u, 'EMAIL')), ['j.smith@example.com']);
    const above = list(result(await hook(b24, 'user.get', { FILTER: { '>ID': 5 } })));
    assert.ok(above.every((u) => Number(str(u, 'ID')) > 5));
    const desc = list(result(await hook(b24, 'user.get', { sort: 'ID', order: 'DESC' })));
    assert.ok(Number(str(desc, 0, 'ID')) > Number(str(desc, 1, 'ID')));
    assert.equal(str(result(await hook(b24, 'user.current')), 'ID'), '1');
  });

  it('im.notify.system.add sends a notification and answers its id; an unknown user is refused', async () => {
    const id = num(result(await hook(b24, 'im.notify.system.add', { USER_ID: 2, MESSAGE: 'Sync failed for company 7' })));
    assert.ok(id > 0);
    const stored = b24.portal.state.notifications.get(id);
    assert.equal(stored?.userId, 2);
    assert.equal(stored.message, 'Sync failed for company 7');
    const refused = await hook(b24, 'im.notify.system.add', { USER_ID: 999, MESSAGE: 'x' });
    assert.equal(refused.status, 400);
    assert.equal((await hook(b24, 'im.notify.system.add', { USER_ID: 2, MESSAGE: '' })).status, 400);
  });

  it('scope answers the caller\'s scopes; methods the methods they allow', async () => {
    const scopes = list(result(await hook(b24, 'scope')));
    assert.ok(scopes.includes('crm') && scopes.includes('catalog'));
    const all = list(result(await hook(b24, 'methods')));
    for (const m of ['batch', 'crm.company.list', 'crm.item.productrow.set', 'catalog.priceType.list', 'catalog.document.conduct', 'event.offline.get', 'user.get']) {
      assert.ok(all.includes(m), m);
    }
    const crmOnly = await signIn(b24, addApp(b24.portal, { scopes: ['crm'] }));
    const allowed = list(result(await oauth(b24, crmOnly.access, 'methods')));
    assert.ok(allowed.includes('crm.deal.get'));
    assert.ok(!allowed.includes('catalog.product.get'));
    assert.ok(!allowed.includes('user.get'));
  });

  it('app.info answers an application', async () => {
    const t = await signIn(b24);
    assert.equal(dig(result(await oauth(b24, t.access, 'app.info')), 'ID'), b24.app.clientId);
  });
});
