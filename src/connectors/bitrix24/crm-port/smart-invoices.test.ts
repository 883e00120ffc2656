// invoices = smart invoices (entityTypeId 31) against the sandbox over real HTTP: a
// posted NAV invoice created with rows, payments and stage in one batch; partial then
// full payments shown one by one; credit memos in the comments; stages by config or by
// the pipeline's own semantics; look-ups by invoice No. and external id; lost answers.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FieldValue } from '../../../core/record.ts';
import { drain, startPort, written, type PortFixture } from './test-support.ts';

const ROWS: FieldValue[][] = [
  ['1', 2, 500, 0, 20, 'Стол офисный'],
  ['2', 1.5, 99.99, 10, 20, 'Кресло'],
  [null, 1, 150, 0, null, 'Доставка'],
];

/** What the sandbox holds as payments of an invoice: [sum, paid] by id. */
function payments(f: PortFixture, id: string): Array<[number, string]> {
  return f.sandbox.portal.state.payments
    .filter((p) => p.entityTypeId === 31 && p.entityId === Number(id))
    .sort((a, b) => a.id - b.id)
    .map((p) => [p.sum, p.paid]);
}

describe('CrmPort invoices (smart invoices)', () => {
  let f: PortFixture;
  const side = () => f.port.invoices ?? assert.fail('the Bitrix24 port offers invoices');
  const stages = { Open: 'DT31_2:N', PartiallyPaid: 'DT31_2:S', Paid: 'DT31_2:P', Credited: 'DT31_2:D' } as const;

  before(async () => {
    f = await startPort({ products: 5, companies: 3, deals: 2 }, { invoices: { stages } });
  });
  after(async () => f.close());

  const invoice = {
    accountNumber: 'PS-INV103001',
    companyId: '2',
    parentId2: '1',
    begindate: '2025-03-10',
    closedate: '2025-04-09',
    currencyId: 'EUR',
    opportunity: 1512.23,
    taxValue: 252.04,
    productRows: ROWS,
    payments: [0, 1512.23],
    comments: null,
    invoiceStatus: 'Open',
  };

  async function create(externalId: string, fields: Record<string, FieldValue>) {
    const [outcome] = await side().create([{ ref: 'i', externalId, fields }]);
    return written(outcome);
  }

  it('creates an invoice with rows, an open payment and its stage in one batch, and reads back what was written', async () => {
    const before = f.client.stats.batches;
    const record = await create('nav:PS-INV103001', invoice);
    for (const [path, value] of Object.entries(invoice)) assert.deepEqual(record.fields[path], value, path);
    // One batch writes the invoice, its rows and its payment; one reads the rows and payments back.
    assert.equal(f.client.stats.batches - before, 2);
    assert.deepEqual([record.fields['title'], record.fields['xmlId'], record.fields['stageId'], record.fields['categoryId']], ['Invoice PS-INV103001', 'nav:PS-INV103001', 'DT31_2:N', '2']);
    const item = f.sandbox.portal.state.smartInvoices.get(Number(record.id));
    assert.equal(item?.['IS_MANUAL_OPPORTUNITY'], 'Y', 'the amount is NAV\'s, not the sum of the rows');
    assert.deepEqual(payments(f, record.id), [[1512.23, 'N']]);
    assert.deepEqual((await side().fetch([record.id])).get(record.id), record);
  });

  it('shows a partial and then the full payment one by one, and the stage follows', async () => {
    const record = await create('nav:PS-INV103002', { ...invoice, accountNumber: 'PS-INV103002' });
    const [partial] = await side().update([{ ref: 'p', id: record.id, version: record.version, fields: { payments: [500, 1012.23], invoiceStatus: 'PartiallyPaid' } }]);
    assert.deepEqual([written(partial).fields['payments'], written(partial).fields['invoiceStatus'], written(partial).fields['stageId']], [[500, 1012.23], 'PartiallyPaid', 'DT31_2:S']);
    assert.deepEqual(payments(f, record.id), [[500, 'Y'], [1012.23, 'N']]);

    const [second] = await side().update([{ ref: 'p', id: record.id, version: null, fields: { payments: [1200, 312.23] } }]);
    assert.deepEqual(written(second).fields['payments'], [1200, 312.23]);
    assert.deepEqual(payments(f, record.id), [[500, 'Y'], [700, 'Y'], [312.23, 'N']]);

    const [full] = await side().update([{ ref: 'p', id: record.id, version: null, fields: { payments: [1512.23, 0], invoiceStatus: 'Paid' } }]);
    assert.deepEqual([written(full).fields['payments'], written(full).fields['stageId']], [[1512.23, 0], 'DT31_2:P']);
    assert.deepEqual(payments(f, record.id), [[500, 'Y'], [700, 'Y'], [312.23, 'Y']]);

    const commands = f.client.stats.commands;
    const [again] = await side().update([{ ref: 'p', id: record.id, version: null, fields: { payments: [1512.23, 0], invoiceStatus: 'Paid', productRows: ROWS, opportunity: '1512.23' } }]);
    assert.deepEqual(written(again), written(full));
    // Nothing differs: only the reads (item, rows, payments, then the read back) went out.
    assert.equal(f.client.stats.commands - commands, 6);
  });

  it('a credit memo reduces the amount, is listed in the comments and moves a fully credited invoice to its stage', async () => {
    const record = await create('nav:PS-INV103003', { ...invoice, accountNumber: 'PS-INV103003', payments: [300, 1212.23] });
    assert.deepEqual(payments(f, record.id), [[300, 'Y'], [1212.23, 'N']]);
    const partly = 'Credit memo PS-CR1001 2025-03-15 212.23';
    const [first] = await side().update([{ ref: 'c', id: record.id, version: null, fields: { comments: partly, opportunity: 1300, payments: [300, 1000] } }]);
    assert.deepEqual([written(first).fields['comments'], written(first).fields['opportunity'], written(first).fields['payments']], [partly, 1300, [300, 1000]]);
    const both = `${partly}\nCredit memo PS-CR1002 2025-03-20 1000.00`;
    const [credited] = await side().update([{ ref: 'c', id: record.id, version: null, fields: { comments: both, opportunity: 300, payments: [300, 0], invoiceStatus: 'Credited' } }]);
    assert.deepEqual([written(credited).fields['comments'], written(credited).fields['stageId'], written(credited).fields['invoiceStatus']], [both, 'DT31_2:D', 'Credited']);
    assert.deepEqual(payments(f, record.id), [[300, 'Y']]);
  });

  it('a payment taken back in NAV takes back the newest paid payment', async () => {
    const record = await create('nav:PS-INV103004', { ...invoice, accountNumber: 'PS-INV103004', payments: [1000, 512.23] });
    await side().update([{ ref: 'r', id: record.id, version: null, fields: { payments: [1512.23, 0] } }]);
    assert.deepEqual(payments(f, record.id), [[1000, 'Y'], [512.23, 'Y']]);
    const [back] = await side().update([{ ref: 'r', id: record.id, version: null, fields: { payments: [1000, 512.23] } }]);
    assert.deepEqual(written(back).fields['payments'], [1000, 512.23]);
    assert.deepEqual(payments(f, record.id), [[1000, 'Y'], [512.23, 'N']]);
  });

  it('finds invoices by invoice No. and by external id; a lost answer leaves one invoice that is found', async () => {
    const results = await side().find([
      { ref: 'a', lookups: [{ key: 'invoiceNo', field: 'invoiceNo', kind: 'code', values: ['PS-INV103001'] }] },
      { ref: 'b', lookups: [{ key: 'invoiceNo', field: 'invoiceNo', kind: 'code', values: ['PS-INV999'] }] },
    ]);
    assert.equal(results[0]?.candidates[0]?.ids.length, 1);
    assert.deepEqual(results[1]?.candidates[0]?.ids, []);
    f.sandbox.portal.faults.add({ kind: 'drop_after_commit', method: 'crm.item.add', count: 1 });
    const [lost] = await side().create([{ ref: 'l', externalId: 'nav:PS-INV-LOST', fields: { ...invoice, accountNumber: 'PS-INV-LOST' } }]);
    assert.equal(lost?.ok === false && lost.error.kind, 'unknown_outcome');
    const found = (await side().findByExternalId(['nav:PS-INV-LOST'])).get('nav:PS-INV-LOST');
    assert.deepEqual([found?.fields['accountNumber'], found?.fields['productRows'], found?.fields['payments']], ['PS-INV-LOST', ROWS, [0, 1512.23]]);
  });

  it('refuses what it cannot write, naming it; a stage the pipeline lacks is B24_UNKNOWN_STAGE', async () => {
    const wrong = await startPort({ companies: 1 }, { invoices: { stages: { Open: 'DT31_1:N' } } });
    try {
      const [bad] = await (wrong.port.invoices ?? assert.fail('no invoices')).create([{ ref: 'w', externalId: 'nav:X', fields: { accountNumber: 'X', invoiceStatus: 'Open' } }]);
      assert.equal(bad?.ok === false && bad.error.code, 'B24_UNKNOWN_STAGE');
      assert.match(bad?.ok === false ? bad.error.message : '', /DT31_2:N/);
    } finally {
      await wrong.close();
    }
    const refused = await side().create([
      { ref: 'p', externalId: 'nav:Y', fields: { payments: [100] } },
      { ref: 's', externalId: 'nav:Z', fields: { stageId: 'DT31_2:P' } },
    ]);
    assert.deepEqual(refused.map((o) => (o.ok ? 'ok' : o.error.code)), ['B24_VALIDATION', 'B24_VALIDATION']);
  });

  it('without configured stages (or with an empty map) the pipeline\'s own semantics decide: new, paid (success), credited (failure)', async () => {
    const empty = await startPort({ companies: 1 }, { invoices: { stages: {} } });
    try {
      const [o] = await (empty.port.invoices ?? assert.fail('no invoices')).create([{ ref: 'e', externalId: 'nav:E1', fields: { accountNumber: 'E1', invoiceStatus: 'Open' } }]);
      assert.equal(written(o).fields['stageId'], 'DT31_2:N');
    } finally {
      await empty.close();
    }
    const plain = await startPort({ companies: 1 });
    try {
      const sideOf = plain.port.invoices ?? assert.fail('no invoices');
      const [o] = await sideOf.create([{ ref: 'a', externalId: 'nav:S1', fields: { accountNumber: 'S1', companyId: '1', opportunity: 10, invoiceStatus: 'Paid', payments: [10, 0] } }]);
      assert.deepEqual([written(o).fields['stageId'], written(o).fields['invoiceStatus']], ['DT31_2:P', 'Paid']);
      const [c] = await sideOf.update([{ ref: 'a', id: written(o).id, version: null, fields: { invoiceStatus: 'Credited' } }]);
      assert.equal(written(c).fields['stageId'], 'DT31_2:D');
      const [p] = await sideOf.update([{ ref: 'a', id: written(o).id, version: null, fields: { invoiceStatus: 'PartiallyPaid' } }]);
      assert.equal(written(p).fields['stageId'], 'DT31_2:D', 'PartiallyPaid has no stage of its own: nothing moves');
    } finally {
      await plain.close();
    }
  });

  it('a webhook without the sale scope cannot set payment amounts: the invoice fails whole, naming the method', async () => {
    const hook = f.sandbox.portal.state.webhooks.find(() => true);
    assert.ok(hook);
    const scopes = [...hook.scopes];
    hook.scopes = scopes.filter((s) => s !== 'sale');
    try {
      const before = f.sandbox.portal.state.smartInvoices.size;
      const [o] = await side().create([{ ref: 'n', externalId: 'nav:PS-NOSCOPE', fields: { ...invoice, accountNumber: 'PS-NOSCOPE' } }]);
      assert.equal(o?.ok === false && o.error.code, 'B24_INSUFFICIENT_SCOPE');
      assert.match(o?.ok === false ? o.error.message : '', /sale\.payment\.update/);
      assert.equal(f.sandbox.portal.state.smartInvoices.size, before, 'the invoice made in the same batch was taken back');
    } finally {
      hook.scopes = scopes;
    }
  });

  it('scans every invoice, then only the changed ones', async () => {
    const all = await drain(side().scanChanges(null));
    assert.equal(all.records.length, f.sandbox.portal.state.smartInvoices.size);
    assert.ok(all.records.every((r) => Array.isArray(r.fields['productRows']) && Array.isArray(r.fields['payments'])));
    const ids: string[] = [];
    for await (const page of side().listIds()) ids.push(...page);
    assert.deepEqual(ids.sort(), all.records.map((r) => r.id).sort());
  });
});
