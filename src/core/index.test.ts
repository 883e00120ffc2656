import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as core from './index.ts';

describe('src/core index', () => {
  it('offers the domain and keeps the plumbing', () => {
    for (const name of [
      'compileFieldMap', 'resolveConflict', 'decideMatch', 'matchKeys', 'hashCanonical', 'diff', 'applyDiff', 'salesLineAmounts',
      'normalizePhone', 'checkInn', 'canonicalForm', 'SyncError', 'FakeClock', 'decideRetry', 'seededRandom', 'Redactor', 'silentLogger',
    ]) assert.ok(name in core, name);
  });

  it('a customer flows end to end: map, hash, resolve, write', () => {
    const compiled = core.compileFieldMap(
      [
        { name: 'name', b24: 'TITLE', nav: 'Name', direction: 'both', navMaxLength: 50 },
        { name: 'phone', b24: 'PHONE', nav: 'Phone_No', direction: 'both', normalize: 'phone', fromB24: ['first'], toB24: ['list'], toNav: ['phone'] },
        { name: 'creditLimit', b24: 'UF_CRM_LIMIT', nav: 'Credit_Limit_LCY', direction: 'nav_to_b24', normalize: 'money', toB24: ['money'] },
      ],
      {},
      { defaultRegion: 'RU' },
    );
    assert.ok(compiled.ok);
    const map = compiled.fieldMap;
    const base = map.fromNav({ id: 'C1', version: null, modifiedAt: '2024-08-30', fields: { Name: 'Ромашка', Phone_No: '+74951234567', Credit_Limit_LCY: 100 } }).canonical;
    const b24 = map.fromB24({ id: '7', version: null, modifiedAt: '2024-08-31T10:00:00+03:00', fields: { TITLE: 'Ромашка и К', PHONE: ['8 (495) 123-45-67'], UF_CRM_LIMIT: '100.00' } }).canonical;
    const nav = map.fromNav({ id: 'C1', version: null, modifiedAt: '2024-08-31', fields: { Name: 'Ромашка', Phone_No: '+74951234567', Credit_Limit_LCY: 250 } }).canonical;
    const result = core.resolveConflict({ policy: 'merge', owner: 'b24', base, b24, nav, b24ModifiedAt: null, navModifiedAt: null, ...map.policyFields() });
    assert.deepEqual([result.toNav, result.toB24], [['name'], ['creditLimit']]);
    assert.deepEqual(map.toNav(result.merged, result.toNav).fields, { Name: 'Ромашка и К' });
    assert.deepEqual(map.toB24(result.merged, result.toB24).fields, { UF_CRM_LIMIT: 250 });
    assert.equal(map.hashFor(result.merged), map.hashFor({ ...result.merged, phone: '+7 495 123-45-67' }));
  });
});
