// ensureUserFields against the sandbox: missing company fields are created once,
// and then appear among the customer field paths and in the records.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startPort, written, type PortFixture } from './test-support.ts';

describe('CrmPort user fields', () => {
  let f: PortFixture;
  before(async () => {
    f = await startPort({ companies: 2 });
  });
  after(async () => f.close());

  it('creates the missing fields, once', async () => {
    const wanted = [
      { name: 'UF_CRM_NAV_BALANCE', type: 'double', label: 'NAV balance' },
      { name: 'nav_blocked', type: 'boolean', label: 'Blocked in NAV' },
    ] as const;
    assert.deepEqual(await f.port.ensureUserFields(wanted), ['UF_CRM_NAV_BALANCE', 'UF_CRM_NAV_BLOCKED']);
    assert.deepEqual(await f.port.ensureUserFields(wanted), []);
    const defs = f.sandbox.portal.state.userFields.filter((u) => u.ENTITY_ID === 'CRM_COMPANY');
    assert.deepEqual(defs.map((d) => [d.FIELD_NAME, d.USER_TYPE_ID]).sort(), [['UF_CRM_NAV_BALANCE', 'double'], ['UF_CRM_NAV_BLOCKED', 'boolean']]);
  });

  it('the new fields are paths of customers, written and read like the others', async () => {
    const paths = await f.port.customers.fieldPaths();
    assert.ok(paths.some((p) => p.path === 'UF_CRM_NAV_BALANCE' && p.writable));
    assert.deepEqual(paths.find((p) => p.path === 'TITLE'), { path: 'TITLE', writable: true, maxLength: 255 });
    const [outcome] = await f.port.customers.update([{ ref: 'u', id: '1', version: null, fields: { UF_CRM_NAV_BALANCE: 1500.5, UF_CRM_NAV_BLOCKED: true } }]);
    const record = written(outcome);
    assert.equal(record.fields['UF_CRM_NAV_BALANCE'], '1500.5');
    assert.equal(record.fields['UF_CRM_NAV_BLOCKED'], '1');
    assert.equal((await f.port.customers.fetch(['2'])).get('2')?.fields['UF_CRM_NAV_BALANCE'], null);
  });
});
