// Every CRM method family b24nav uses, answered with its documented shape
// (reference §7): legacy crm.company/contact/deal, bindings, product rows,
// dictionaries, requisites and addresses, crm.item for 2/3/4/31, duplicates, user fields.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startB24Sandbox, type RunningB24Sandbox } from './index.ts';
import { dig, hook, list, num, rec, result, str } from './test-support.ts';

describe('B24 sandbox: legacy crm.company / crm.contact / crm.deal', () => {
  let b24: RunningB24Sandbox;
  before(async () => {
    b24 = await startB24Sandbox({ port: 0, limits: false, seed: { companies: 5, contacts: 5, deals: 5, products: 5 } });
  });
  after(() => b24.close());

  for (const entity of ['company', 'contact', 'deal'] as const) {
    it(`crm.${entity}: add → id, get, update → true, list, fields, delete → true`, async () => {
      const fields = entity === 'contact' ? { NAME: 'Пётр', LAST_NAME: 'Иванов' } : { TITLE: `New ${entity}` };
      const id = num(result(await hook(b24, `crm.${entity}.add`, { fields })));
      assert.equal(str(result(await hook(b24, `crm.${entity}.get`, { id })), 'ID'), String(id));
      assert.equal(result(await hook(b24, `crm.${entity}.update`, { id, fields: { COMMENTS: 'changed' } })), true);
      assert.equal(str(result(await hook(b24, `crm.${entity}.get`, { id })), 'COMMENTS'), 'changed');
      const listed = list(result(await hook(b24, `crm.${entity}.list`, { filter: { ID: id }, select: ['ID', 'COMMENTS'] })));
      assert.deepEqual(listed, [{ ID: String(id), COMMENTS: 'changed' }]);
      const described = rec(result(await hook(b24, `crm.${entity}.fields`)));
      assert.equal(dig(described, 'ID', 'type'), 'integer');
      assert.equal(dig(described, 'DATE_MODIFY', 'isReadOnly'), true);
      assert.equal(result(await hook(b24, `crm.${entity}.delete`, { id })), true);
    });
  }

  it('links contacts and companies both ways (crm.contact.company.items.*, crm.company.contact.items.*)', async () => {
    const contact = num(result(await hook(b24, 'crm.contact.add', { fields: { NAME: 'Link' } })));
    assert.equal(result(await hook(b24, 'crm.contact.company.items.set', { id: contact, items: [{ COMPANY_ID: 2 }, { COMPANY_ID: 3, IS_PRIMARY: 'Y' }] })), true);
    const links = list(result(await hook(b24, 'crm.contact.company.items.get', { id: contact })));
    assert.deepEqual(links.map((l) => [dig(l, 'COMPANY_ID'), dig(l, 'IS_PRIMARY')]).sort(), [[2, 'N'], [3, 'Y']]);
    assert.equal(str(result(await hook(b24, 'crm.contact.get', { id: contact })), 'COMPANY_ID'), '3');
    const contactsOf2 = list(result(await hook(b24, 'crm.company.contact.items.get', { id: 2 }))).map((l) => dig(l, 'CONTACT_ID'));
    assert.ok(contactsOf2.includes(contact));
    assert.equal(result(await hook(b24, 'crm.company.contact.items.set', { id: 2, items: [] })), true);
    assert.deepEqual(list(result(await hook(b24, 'crm.company.contact.items.get', { id: 2 }))), []);
    assert.deepEqual(list(result(await hook(b24, 'crm.contact.company.items.get', { id: contact }))).map((l) => dig(l, 'COMPANY_ID')), [3]);
  });

  it('reads and replaces deal product rows (crm.deal.productrows.get/set), mixed types as documented', async () => {
    const deal = num(result(await hook(b24, 'crm.deal.add', { fields: { TITLE: 'Rows' } })));
    assert.deepEqual(result(await hook(b24, 'crm.deal.productrows.get', { id: deal })), []);
    assert.equal(result(await hook(b24, 'crm.deal.productrows.set', { id: deal, rows: [{ PRODUCT_ID: 1, PRICE: 120, QUANTITY: 2, TAX_RATE: 20 }] })), true);
    const rows = list(result(await hook(b24, 'crm.deal.productrows.get', { id: deal })));
    assert.equal(rows.length, 1);
    const row = rec(rows[0]);
    assert.equal(typeof row['ID'], 'string');
    assert.equal(row['OWNER_ID'], String(deal));
    assert.equal(row['OWNER_TYPE'], 'D');
    assert.equal(row['PRODUCT_ID'], 1);
    assert.equal(row['PRICE'], 120);
    assert.equal(row['PRICE_EXCLUSIVE'], 100);
    assert.equal(row['PRICE_ACCOUNT'], '120.00');
    assert.equal(row['MEASURE_CODE'], 796);
  });

  it('lists pipelines (crm.category.list) and stages and dictionaries (crm.status.list)', async () => {
    const categories = list(result(await hook(b24, 'crm.category.list', { entityTypeId: 2 })), 'categories');
    assert.deepEqual(categories.map((c) => dig(c, 'id')), [0, 1]);
    assert.equal(dig(categories, 0, 'isDefault'), 'Y');
    const stages = list(result(await hook(b24, 'crm.status.list', { filter: { ENTITY_ID: 'DEAL_STAGE_1' } })));
    assert.ok(stages.every((s) => str(s, 'STATUS_ID').startsWith('C1:')));
    const won = rec(stages.find((s) => dig(s, 'SEMANTICS') === 'S'));
    assert.equal(dig(won, 'EXTRA', 'SEMANTICS'), 'success');
    const types = list(result(await hook(b24, 'crm.status.list', { filter: { ENTITY_ID: 'COMPANY_TYPE' } }))).map((s) => dig(s, 'STATUS_ID'));
    assert.ok(types.includes('CUSTOMER'));
  });

  it('moves a deal between pipelines with the C<id>: stage prefix', async () => {
    const deal = num(result(await hook(b24, 'crm.deal.add', { fields: { TITLE: 'Wholesale', CATEGORY_ID: 1 } })));
    const got = result(await hook(b24, 'crm.deal.get', { id: deal }));
    assert.equal(str(got, 'STAGE_ID'), 'C1:NEW');
    assert.equal(str(got, 'CATEGORY_ID'), '1');
    assert.equal(result(await hook(b24, 'crm.deal.update', { id: deal, fields: { STAGE_ID: 'C1:WON' } })), true);
    const won = result(await hook(b24, 'crm.deal.get', { id: deal }));
    assert.equal(str(won, 'STAGE_SEMANTIC_ID'), 'S');
    assert.equal(str(won, 'CLOSED'), 'Y');
  });

  it('lists currencies with every value a string (crm.currency.list)', async () => {
    const currencies = list(result(await hook(b24, 'crm.currency.list')));
    const rub = rec(currencies.find((c) => dig(c, 'CURRENCY') === 'RUB'));
    assert.equal(rub['BASE'], 'Y');
    assert.equal(rub['AMOUNT'], '1.0000');
    assert.equal(rub['AMOUNT_CNT'], '1');
  });
});

describe('B24 sandbox: requisites, addresses, duplicates and user fields', () => {
  let b24: RunningB24Sandbox;
  before(async () => {
    b24 = await startB24Sandbox({ port: 0, limits: false, seed: { companies: 5, contacts: 5, deals: 2, products: 2 } });
  });
  after(() => b24.close());

  it('crm.requisite.preset.list, add/get/update/list/delete', async () => {
    const presets = list(result(await hook(b24, 'crm.requisite.preset.list')));
    const preset = rec(presets.find((p) => dig(p, 'NAME') === 'Организация'));
    const id = num(result(await hook(b24, 'crm.requisite.add', {
      fields: { ENTITY_TYPE_ID: 4, ENTITY_ID: 2, PRESET_ID: preset['ID'], NAME: 'Второй', RQ_INN: '7707083893', RQ_KPP: '773601001', UNKNOWN_FIELD: 'x' },
    })));
    const rq = result(await hook(b24, 'crm.requisite.get', { id }));
    assert.equal(str(rq, 'RQ_INN'), '7707083893');
    assert.equal(str(rq, 'ENTITY_ID'), '2');
    assert.equal(dig(rq, 'UNKNOWN_FIELD'), undefined);
    assert.equal(result(await hook(b24, 'crm.requisite.update', { id, fields: { RQ_KPP: '773601002' } })), true);
    const listed = list(result(await hook(b24, 'crm.requisite.list', { filter: { ENTITY_TYPE_ID: 4, ENTITY_ID: 2 }, select: ['ID', 'RQ_KPP'] })));
    assert.ok(listed.some((r) => dig(r, 'RQ_KPP') === '773601002'));
    const missingOwner = await hook(b24, 'crm.requisite.add', { fields: { ENTITY_TYPE_ID: 4, ENTITY_ID: 999999, PRESET_ID: 1, NAME: 'x' } });
    assert.deepEqual(missingOwner.body, { error: '', error_description: 'ENTITY_ID is not defined or invalid.' });
    assert.equal(result(await hook(b24, 'crm.requisite.delete', { id })), true);
    assert.equal((await hook(b24, 'crm.requisite.get', { id })).status, 400);
  });

  it('crm.address.add/update/list/delete keyed by (TYPE_ID, ENTITY_TYPE_ID, ENTITY_ID), add → true', async () => {
    const rq = num(result(await hook(b24, 'crm.requisite.add', { fields: { ENTITY_TYPE_ID: 4, ENTITY_ID: 3, PRESET_ID: 1, NAME: 'Адрес' } })));
    const key = { TYPE_ID: 1, ENTITY_TYPE_ID: 8, ENTITY_ID: rq };
    assert.equal(result(await hook(b24, 'crm.address.add', { fields: { ...key, CITY: 'Казань', ADDRESS_1: 'ул. Баумана, 1' } })), true);
    assert.equal((await hook(b24, 'crm.address.add', { fields: { ...key, CITY: 'again' } })).status, 400);
    assert.equal(result(await hook(b24, 'crm.address.update', { fields: { ...key, POSTAL_CODE: '420111' } })), true);
    const rows = list(result(await hook(b24, 'crm.address.list', { filter: { ENTITY_TYPE_ID: 8, ENTITY_ID: rq } })));
    assert.equal(rows.length, 1);
    assert.deepEqual([dig(rows, 0, 'CITY'), dig(rows, 0, 'POSTAL_CODE'), dig(rows, 0, 'TYPE_ID')], ['Казань', '420111', '1']);
    assert.equal(result(await hook(b24, 'crm.address.delete', { fields: key })), true);
    assert.deepEqual(result(await hook(b24, 'crm.address.list', { filter: { ENTITY_TYPE_ID: 8, ENTITY_ID: rq } })), []);
  });

  it('crm.duplicate.findbycomm finds by phone (whole number, formatting ignored) and e-mail, grouped by entity', async () => {
    const company = num(result(await hook(b24, 'crm.company.add', { fields: { TITLE: 'Dup', PHONE: [{ VALUE: '+7 (495) 111-22-33' }], EMAIL: [{ VALUE: 'Dup@Example.ru' }] } })));
    const contact = num(result(await hook(b24, 'crm.contact.add', { fields: { NAME: 'Dup', PHONE: [{ VALUE: '+74951112233' }] } })));
    const byPhone = rec(result(await hook(b24, 'crm.duplicate.findbycomm', { type: 'PHONE', values: ['+7 495 111 22 33'] })));
    assert.deepEqual(byPhone, { COMPANY: [company], CONTACT: [contact] });
    // No normalization of formats: 8… is another number than +7….
    assert.deepEqual(result(await hook(b24, 'crm.duplicate.findbycomm', { type: 'PHONE', values: ['84951112233'] })), []);
    const onlyContacts = rec(result(await hook(b24, 'crm.duplicate.findbycomm', { type: 'PHONE', values: ['+74951112233'], entity_type: 'CONTACT' })));
    assert.deepEqual(onlyContacts, { CONTACT: [contact] });
    assert.deepEqual(rec(result(await hook(b24, 'crm.duplicate.findbycomm', { type: 'EMAIL', values: ['dup@example.ru'] }))), { COMPANY: [company] });
  });

  for (const entity of ['company', 'deal'] as const) {
    it(`crm.${entity}.userfield.add/get/list/update/delete, and the value read and written through crm.${entity}.* and crm.item.*`, async () => {
      const id = num(result(await hook(b24, `crm.${entity}.userfield.add`, {
        fields: { FIELD_NAME: 'KIND', USER_TYPE_ID: 'enumeration', EDIT_FORM_LABEL: { en: 'Kind' }, LIST: [{ VALUE: 'Retail' }, { VALUE: 'Wholesale' }] },
      })));
      const uf = rec(result(await hook(b24, `crm.${entity}.userfield.get`, { id })));
      assert.equal(uf['FIELD_NAME'], 'UF_CRM_KIND');
      assert.equal(uf['ENTITY_ID'], entity === 'company' ? 'CRM_COMPANY' : 'CRM_DEAL');
      const options = list(uf, 'LIST');
      const wholesale = str(options.find((o) => dig(o, 'VALUE') === 'Wholesale'), 'ID');
      assert.ok(list(result(await hook(b24, `crm.${entity}.userfield.list`, { filter: { FIELD_NAME: 'UF_CRM_KIND' } }))).length === 1);
      assert.equal(result(await hook(b24, `crm.${entity}.userfield.update`, { id, fields: { SORT: 10 } })), true);
      const recordId = num(result(await hook(b24, `crm.${entity}.add`, { fields: { TITLE: 'With UF', UF_CRM_KIND: wholesale } })));
      assert.equal(str(result(await hook(b24, `crm.${entity}.get`, { id: recordId })), 'UF_CRM_KIND'), wholesale);
      const typeId = entity === 'company' ? 4 : 2;
      const item = rec(result(await hook(b24, 'crm.item.get', { entityTypeId: typeId, id: recordId, useOriginalUfNames: 'Y' })), 'item');
      assert.equal(item['UF_CRM_KIND'], Number(wholesale));
      const camel = rec(result(await hook(b24, 'crm.item.get', { entityTypeId: typeId, id: recordId })), 'item');
      assert.equal(camel['ufCrm_KIND'], Number(wholesale));
      assert.equal(result(await hook(b24, `crm.${entity}.userfield.delete`, { id })), true);
      assert.equal(dig(result(await hook(b24, `crm.${entity}.get`, { id: recordId })), 'UF_CRM_KIND'), undefined);
    });
  }
});

describe('B24 sandbox: crm.item.* for deals, contacts, companies and smart invoices', () => {
  let b24: RunningB24Sandbox;
  before(async () => {
    b24 = await startB24Sandbox({ port: 0, limits: false, seed: { companies: 3, contacts: 3, deals: 3, products: 3 } });
  });
  after(() => b24.close());

  for (const [entityTypeId, fields] of [
    [2, { title: 'Item deal', opportunity: 10 }],
    [3, { name: 'Item', lastName: 'Contact' }],
    [4, { title: 'Item company' }],
    [31, { title: 'Invoice 1', companyId: 1, opportunity: 500 }],
  ] as const) {
    it(`crm.item.add/get/update/list/fields/delete for entityTypeId ${entityTypeId}`, async () => {
      const added = rec(result(await hook(b24, 'crm.item.add', { entityTypeId, fields })), 'item');
      const id = num(added, 'id');
      assert.equal(added['entityTypeId'], entityTypeId);
      const got = rec(result(await hook(b24, 'crm.item.get', { entityTypeId, id })), 'item');
      assert.equal(got['id'], id);
      const updated = rec(result(await hook(b24, 'crm.item.update', { entityTypeId, id, fields: { comments: 'upd' } })), 'item');
      assert.equal(updated['comments'], 'upd');
      const listed = rec(result(await hook(b24, 'crm.item.list', { entityTypeId, filter: { id }, select: ['id', 'comments'] })));
      assert.deepEqual(dig(listed, 'items', 0, 'comments'), 'upd');
      const described = rec(result(await hook(b24, 'crm.item.fields', { entityTypeId })), 'fields');
      assert.equal(dig(described, 'id', 'type'), 'integer');
      assert.deepEqual(result(await hook(b24, 'crm.item.delete', { entityTypeId, id })), []);
      assert.equal(dig((await hook(b24, 'crm.item.get', { entityTypeId, id })).body, 'error'), 'NOT_FOUND');
    });
  }

  it('smart invoices: stages DT31_<category>:…, parentId2 to a deal, product rows with ownerType SI, payments', async () => {
    const invoice = rec(result(await hook(b24, 'crm.item.add', { entityTypeId: 31, fields: { title: 'SI', companyId: 2, parentId2: 1 } })), 'item');
    const id = num(invoice, 'id');
    assert.match(str(invoice, 'stageId'), /^DT31_\d+:N$/);
    assert.equal(invoice['parentId2'], 1);
    const set = rec(result(await hook(b24, 'crm.item.productrow.set', { ownerType: 'SI', ownerId: id, productRows: [{ productId: 1, price: 240, quantity: 2, taxRate: 20 }, { productName: 'Delivery', price: 500 }] })));
    assert.equal(list(set, 'productRows').length, 2);
    assert.equal(dig(set, 'productRows', 0, 'priceExclusive'), 200);
    assert.equal(num(rec(result(await hook(b24, 'crm.item.get', { entityTypeId: 31, id })), 'item'), 'opportunity'), 980);
    const rows = list(result(await hook(b24, 'crm.item.productrow.list', { filter: { '=ownerType': 'SI', '=ownerId': id } })), 'productRows');
    const rowId = num(rows[1], 'id');
    assert.equal(num(result(await hook(b24, 'crm.item.productrow.get', { id: rowId })), 'productRow', 'price'), 500);
    const added = rec(result(await hook(b24, 'crm.item.productrow.add', { fields: { ownerType: 'SI', ownerId: id, productName: 'Extra', price: 20 } })), 'productRow');
    assert.equal(num(result(await hook(b24, 'crm.item.productrow.update', { id: num(added, 'id'), fields: { quantity: 3 } })), 'productRow', 'quantity'), 3);
    assert.equal((await hook(b24, 'crm.item.productrow.delete', { id: num(added, 'id') })).status, 200);
    assert.equal(dig((await hook(b24, 'crm.item.productrow.list', { filter: { ownerType: 'SI' } })).body, 'error'), 'INVALID_ARG_VALUE');

    const paymentId = num(result(await hook(b24, 'crm.item.payment.add', { entityTypeId: 31, entityId: id })));
    const payments = list(result(await hook(b24, 'crm.item.payment.list', { entityTypeId: 31, entityId: id })));
    assert.equal(payments.length, 1);
    assert.equal(dig(payments, 0, 'sum'), 0, 'a new payment is empty until it is given an amount');
    assert.equal(dig(payments, 0, 'paid'), 'N');
    assert.equal(result(await hook(b24, 'crm.item.payment.pay', { id: paymentId })), true);
    const paid = rec(result(await hook(b24, 'crm.item.payment.get', { id: paymentId })));
    assert.equal(paid['paid'], 'Y');
    assert.equal(typeof paid['datePaid'], 'string');
    assert.equal(result(await hook(b24, 'crm.item.payment.unpay', { id: paymentId })), true);
    // crm.item.payment.update changes paid and paySystemId only; the amount is sale.payment.update's.
    assert.equal(result(await hook(b24, 'crm.item.payment.update', { id: paymentId, fields: { sum: 100, paySystemId: 1 } })), true);
    const ignored = rec(result(await hook(b24, 'crm.item.payment.get', { id: paymentId })));
    assert.deepEqual([ignored['sum'], ignored['paySystemId']], [0, 1]);
    const updated = rec(result(await hook(b24, 'sale.payment.update', { id: paymentId, fields: { sum: 100.5 } })), 'payment');
    assert.deepEqual([updated['id'], updated['sum'], updated['paid']], [paymentId, 100.5, 'N']);
    assert.equal(num(rec(result(await hook(b24, 'crm.item.payment.get', { id: paymentId }))), 'sum'), 100.5);
    const missing = await hook(b24, 'sale.payment.update', { id: 999_999, fields: { sum: 1 } });
    assert.deepEqual([missing.status, dig(missing.body, 'error'), dig(missing.body, 'error_description')], [400, 200640400001, 'payment does not exist']);
    assert.equal(dig((await hook(b24, 'sale.payment.update', { id: paymentId, fields: {} })).body, 'error'), 100);
    const gone = await hook(b24, 'crm.item.payment.get', { id: 999_999 });
    assert.deepEqual([gone.status, dig(gone.body, 'error')], [400, 0]);
    assert.equal(dig((await hook(b24, 'crm.item.payment.add', { entityTypeId: 31 })).body, 'error'), 100);
    assert.equal(result(await hook(b24, 'crm.item.payment.delete', { id: paymentId })), true);
    assert.deepEqual(result(await hook(b24, 'crm.item.payment.list', { entityTypeId: 31, entityId: id })), []);
  });
});
