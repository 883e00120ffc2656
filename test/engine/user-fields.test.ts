// Which Bitrix24 user fields b24nav creates at start: the default ones the maps use,
// and fields of the user's own naming that carry NAV values (issue 5: names configurable).
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { userFieldsToEnsure } from '../../src/app/runtime.ts';
import { harness, type Harness } from './harness.ts';

let h: Harness;
afterEach(async () => h.close());

describe('user fields to create', () => {
  it('the defaults the maps use, a renamed balance typed by its normalize kind, and the deal fields with orders on', async () => {
    h = await harness({
      customers: {
        fields: [
          { name: 'balance', b24: 'UF_CRM_MY_DEBT', nav: 'Balance_LCY', direction: 'nav_to_b24', owner: 'nav', normalize: 'money' },
          { name: 'note', b24: 'UF_CRM_TYPED_IN_B24', nav: 'Name_2', direction: 'b24_to_nav' },
        ],
        omitFields: ['overdue'],
      },
      products: { enabled: true },
      orders: { enabled: true },
    });
    const wanted = userFieldsToEnsure(h.engine);
    const byName = new Map(wanted.map((f) => [`${f.entity}:${f.name}`, f]));
    assert.deepEqual(byName.get('company:UF_CRM_MY_DEBT'), { name: 'UF_CRM_MY_DEBT', type: 'double', label: 'balance (NAV)', entity: 'company' });
    assert.equal(byName.get('company:UF_CRM_B24NAV_CREDIT_LIMIT')?.type, 'double', 'a default the map still uses');
    assert.equal(byName.has('company:UF_CRM_B24NAV_BALANCE'), false, 'the default balance field is no longer mapped');
    assert.equal(byName.has('company:UF_CRM_B24NAV_OVERDUE'), false, 'a field left out is not created');
    assert.equal(byName.has('company:UF_CRM_TYPED_IN_B24'), false, 'a field typed in Bitrix24 is the user\'s to create');
    assert.equal(byName.get('deal:UF_CRM_B24NAV_SHIPMENTS')?.multiple, true);
    assert.ok(byName.has('deal:UF_CRM_B24NAV_SYNC_STATUS'), 'where a deal shows why it waits');
  });
});
