// `b24nav run` as a child process against both simulators: a Bitrix24 that fails the
// first calls of the start-up step (user fields) does not end the service — found by
// the fault suite, where a 500 or a lost answer there made `run` exit with code 1.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Scenario } from '../../../test/fault/support/scenario.ts';

describe('b24nav run start-up', () => {
  let s: Scenario;
  before(async () => {
    s = await Scenario.start({ dataSeed: 1, b24: { companies: 2, contacts: 0, args: ['--no-limits'] }, nav: { customers: 2, items: 0 }, config: { entities: { contacts: { enabled: false }, products: { enabled: false } } } });
  });
  after(async () => s.close());

  it('retries the user fields step through 500s and a lost answer, and creates each field once', async () => {
    await s.b24Admin().post('faults', [
      { kind: 'http_500', method: 'crm.company.userfield.list', count: 2 },
      { kind: 'drop_after_commit', method: 'crm.company.userfield.add', count: 1 },
    ]);
    const service = await s.startService();
    assert.match(service.output(), /preparing the Bitrix24 user fields failed; trying again/);
    const injected = await s.b24Admin().injected();
    assert.equal(injected['http_500'], 2);
    assert.equal(injected['drop_after_commit'], 1);
    await s.stopService();
    const { result } = await s.rest().call<Array<{ FIELD_NAME: string }>>('crm.company.userfield.list', {});
    const names = result.map((f) => f.FIELD_NAME).filter((n) => n.startsWith('UF_CRM_B24NAV_'));
    assert.ok(names.length > 0, 'no b24nav user field was created');
    assert.deepEqual(names, [...new Set(names)], 'a user field was created twice');
  });
});
