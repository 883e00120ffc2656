// Plans in explicit batches against the sandbox: $result references between the
// commands of a record, per-record outcomes from result_error, and the undo of a
// create whose later step was refused.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SyncError } from '../../../core/failure.ts';
import { idIn, resultOf, runPlans, type WritePlan } from './batch-writer.ts';
import { startPort, type PortFixture } from './test-support.ts';

function companyWithRequisite(ref: string, presetId: number): WritePlan {
  return {
    ref,
    commands: [
      { name: 'c', method: 'crm.company.add', params: { fields: { TITLE: ref } } },
      { name: 'r', method: 'crm.requisite.add', params: { fields: { ENTITY_TYPE_ID: 4, ENTITY_ID: resultOf('c'), PRESET_ID: presetId, NAME: ref } } },
    ],
    id: (results) => idIn(results['c']),
    undo: (id) => [{ name: 'd', method: 'crm.company.delete', params: { id } }],
  };
}

describe('runPlans', () => {
  let f: PortFixture;
  before(async () => {
    f = await startPort({});
  });
  after(async () => f.close());

  it('chains commands by reference, reports each record on its own and undoes a half-made create', async () => {
    const plans = Array.from({ length: 30 }, (_, i) => companyWithRequisite(`plan ${i}`, i === 7 ? 999 : 1));
    const before = f.client.stats.requests;
    const outcomes = await runPlans(f.client, [...plans, { ref: 'refused early', error: new SyncError('B24_VALIDATION', 'no') }]);
    assert.equal(f.client.stats.requests - before, 3, '60 commands in 2 batches of whole plans, then one batch of undo');
    assert.equal(outcomes.length, 31);
    assert.deepEqual(outcomes.map((o) => o.ref), [...plans.map((p) => p.ref), 'refused early']);
    const bad = outcomes[7];
    assert.equal(bad?.ok === false && bad.error.code, 'B24_VALIDATION');
    assert.match(bad?.ok === false ? bad.error.message : '', /PRESET_ID/);
    assert.equal(outcomes.filter((o) => o.ok).length, 29);
    const titles = [...f.sandbox.portal.state.companies.values()].map((c) => c['TITLE']);
    assert.ok(!titles.includes('plan 7'), 'the company of the failed plan was deleted again');
    for (const o of outcomes) if (o.ok) assert.equal(f.sandbox.portal.state.requisites.filter((r) => r.ENTITY_ID === Number(o.id)).length, 1);
  });

  it('a plan without commands is done at once, without a request', async () => {
    const before = f.client.stats.requests;
    const [outcome] = await runPlans(f.client, [{ ref: 'noop', commands: [], id: '5' }]);
    assert.deepEqual(outcome, { ref: 'noop', ok: true, id: '5', results: {} });
    assert.equal(f.client.stats.requests, before);
  });
});
