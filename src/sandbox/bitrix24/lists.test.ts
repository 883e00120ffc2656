// *.list methods (reference §5, §6): fixed pages of 50, start/next/total,
// start=-1, keyset export, the filter operators, order and select.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startB24Sandbox, type RunningB24Sandbox } from './index.ts';
import { dig, hook, list, num, rec, result, str } from './test-support.ts';

/** Every ID of a keyset export: order ID ASC, >ID, start=-1, until a short page. */
async function keyset(b24: RunningB24Sandbox, method: string, params: Record<string, unknown>, idKey: string, rows: (r: unknown) => unknown[]): Promise<{ ids: number[]; pages: number }> {
  const ids: number[] = [];
  let last = 0;
  let pages = 0;
  for (;;) {
    const reply = await hook(b24, method, { ...params, order: { [idKey]: 'ASC' }, filter: { ...(params['filter'] as object | undefined), [`>${idKey}`]: last }, start: -1 });
    pages++;
    assert.equal(dig(reply.body, 'total'), 0);
    assert.equal(dig(reply.body, 'next'), undefined);
    const page = rows(result(reply));
    for (const row of page) ids.push(Number(dig(row, idKey)));
    if (page.length < 50) return { ids, pages };
    last = ids[ids.length - 1] ?? last;
  }
}

describe('B24 sandbox: paging and keyset export', () => {
  let b24: RunningB24Sandbox;
  before(async () => {
    b24 = await startB24Sandbox({ port: 0, limits: false, seed: { companies: 320, contacts: 0, deals: 0, products: 130 } });
    // Gaps in the id sequence, as deletions leave them.
    for (const id of [7, 50, 51, 101, 250]) assert.equal(result(await hook(b24, 'crm.company.delete', { id })), true);
  });
  after(() => b24.close());

  it('pages by 50 with start and next, total counting every match', async () => {
    const seen = new Set<string>();
    let start: unknown = 0;
    let pages = 0;
    while (start !== undefined) {
      const reply = await hook(b24, 'crm.company.list', { select: ['ID'], start });
      assert.equal(dig(reply.body, 'total'), 315);
      for (const row of list(reply.body, 'result')) seen.add(str(row, 'ID'));
      start = dig(reply.body, 'next');
      pages++;
    }
    assert.equal(pages, 7);
    assert.equal(seen.size, 315);
  });

  it('answers start=-1 with the first 50, total 0 and no next', async () => {
    const reply = await hook(b24, 'crm.company.list', { select: ['ID'], start: -1 });
    assert.equal(list(reply.body, 'result').length, 50);
    assert.equal(dig(reply.body, 'total'), 0);
    assert.equal('next' in (reply.body as object), false);
  });

  it('visits every company exactly once with the keyset export', async () => {
    const { ids, pages } = await keyset(b24, 'crm.company.list', { select: ['ID'] }, 'ID', (r) => list(r));
    assert.equal(ids.length, 315);
    assert.equal(new Set(ids).size, 315);
    assert.deepEqual(ids, [...ids].sort((a, b) => a - b));
    assert.equal(ids.includes(50), false);
    assert.equal(pages, 7);
  });

  it('visits every item once with crm.item.list keyset (order id ASC, >id)', async () => {
    const { ids } = await keyset(b24, 'crm.item.list', { entityTypeId: 4, select: ['id'] }, 'id', (r) => list(r, 'items'));
    assert.equal(ids.length, 315);
    assert.equal(new Set(ids).size, 315);
  });

  it('visits every product once with catalog.product.list keyset', async () => {
    const { ids } = await keyset(b24, 'catalog.product.list', { select: ['id', 'iblockId'], filter: { iblockId: 25 } }, 'id', (r) => list(r, 'products'));
    assert.equal(ids.length, 130);
    assert.equal(new Set(ids).size, 130);
  });
});

describe('B24 sandbox: filters, order and select', () => {
  let b24: RunningB24Sandbox;
  const ids: Record<string, number> = {};
  before(async () => {
    b24 = await startB24Sandbox({ port: 0, limits: false, seed: { companies: 0, contacts: 0, deals: 0, products: 0 } });
    for (const title of ['Alpha', 'Beta', 'Gamma', 'Alphabet', 'Delta']) {
      ids[title] = num(result(await hook(b24, 'crm.company.add', { fields: { TITLE: title, PHONE: [{ VALUE: `+7495000${title.length}${title.charCodeAt(0)}` }] } })));
    }
    assert.equal(result(await hook(b24, 'crm.company.userfield.add', { fields: { FIELD_NAME: 'NAV_NO', USER_TYPE_ID: 'string', LABEL: 'NAV No.' } })) !== undefined, true);
    await hook(b24, 'crm.company.userfield.add', { fields: { FIELD_NAME: 'TAGS', USER_TYPE_ID: 'string', MULTIPLE: 'Y' } });
    assert.equal(result(await hook(b24, 'crm.company.update', { id: ids['Beta'], fields: { UF_CRM_NAV_NO: 'C00020', UF_CRM_TAGS: ['a', 'b'] } })), true);
  });
  after(() => b24.close());

  async function titles(filter: Record<string, unknown>, order: Record<string, string> = { ID: 'ASC' }): Promise<string[]> {
    return list(result(await hook(b24, 'crm.company.list', { filter, order, select: ['TITLE'] }))).map((r) => str(r, 'TITLE'));
  }

  it('supports every documented filter prefix of legacy crm.*.list', async () => {
    const a = ids['Alpha'] as number;
    const g = ids['Gamma'] as number;
    assert.deepEqual(await titles({ '>=ID': g }), ['Gamma', 'Alphabet', 'Delta']);
    assert.deepEqual(await titles({ '>ID': g }), ['Alphabet', 'Delta']);
    assert.deepEqual(await titles({ '<=ID': g }), ['Alpha', 'Beta', 'Gamma']);
    assert.deepEqual(await titles({ '<ID': g }), ['Alpha', 'Beta']);
    assert.deepEqual(await titles({ '@ID': [a, g] }), ['Alpha', 'Gamma']);
    assert.deepEqual(await titles({ '!@ID': [a, g] }), ['Beta', 'Alphabet', 'Delta']);
    assert.deepEqual(await titles({ ID: [a, g] }), ['Alpha', 'Gamma']);
    assert.deepEqual(await titles({ '%TITLE': 'lph' }), ['Alpha', 'Alphabet']);
    assert.deepEqual(await titles({ '=%TITLE': 'Alpha%' }), ['Alpha', 'Alphabet']);
    assert.deepEqual(await titles({ '%=TITLE': '%ta' }), ['Beta', 'Delta']);
    assert.deepEqual(await titles({ '=TITLE': 'Alpha' }), ['Alpha']);
    assert.deepEqual(await titles({ TITLE: 'Alpha' }), ['Alpha']);
    assert.deepEqual(await titles({ '!=TITLE': 'Alpha' }), ['Beta', 'Gamma', 'Alphabet', 'Delta']);
    assert.deepEqual(await titles({ '!TITLE': 'Alpha' }), ['Beta', 'Gamma', 'Alphabet', 'Delta']);
    assert.deepEqual(await titles({ '>=ID': a, '%TITLE': 'ta' }), ['Beta', 'Delta']);
  });

  it('filters multifields by exact value and user fields by value', async () => {
    const phone = str(result(await hook(b24, 'crm.company.get', { id: ids['Gamma'] })), 'PHONE', 0, 'VALUE');
    assert.deepEqual(await titles({ PHONE: phone }), ['Gamma']);
    assert.deepEqual(await titles({ UF_CRM_NAV_NO: 'C00020' }), ['Beta']);
  });

  it('filters dates with a plain date or ISO 8601 with offset', async () => {
    assert.equal((await titles({ '>=DATE_CREATE': '2000-01-01' })).length, 5);
    assert.equal((await titles({ '<DATE_CREATE': '2000-01-01T00:00:00+03:00' })).length, 0);
  });

  it('supports nested groups with logic OR in crm.item.list (and not in legacy lists)', async () => {
    const items = list(result(await hook(b24, 'crm.item.list', {
      entityTypeId: 4,
      select: ['id', 'title'],
      filter: { '0': { logic: 'OR', '0': { '=title': 'Alpha' }, '1': { '=title': 'Delta' } } },
    })), 'items');
    assert.deepEqual(items.map((i) => dig(i, 'title')), ['Alpha', 'Delta']);
    const notLike = list(result(await hook(b24, 'crm.item.list', { entityTypeId: 4, select: ['title'], filter: { '!%title': 'a' } })), 'items');
    assert.deepEqual(notLike, []);
    // Legacy lists know no groups: the group is not a field, so it filters nothing.
    assert.equal((await titles({ '0': { LOGIC: 'OR', '0': { '=TITLE': 'Alpha' }, '1': { '=TITLE': 'Delta' } } })).length, 5);
  });

  it('orders by any field, ASC or DESC', async () => {
    assert.deepEqual(await titles({}, { TITLE: 'ASC' }), ['Alpha', 'Alphabet', 'Beta', 'Delta', 'Gamma']);
    assert.deepEqual(await titles({}, { TITLE: 'DESC' }), ['Gamma', 'Delta', 'Beta', 'Alphabet', 'Alpha']);
    const items = list(result(await hook(b24, 'crm.item.list', { entityTypeId: 4, select: ['title'], order: { title: 'DESC' } })), 'items');
    assert.equal(dig(items, 0, 'title'), 'Gamma');
  });

  it('selects * without user fields and multifields, UF_* for single user fields, multifields and multiple user fields by name; ID always', async () => {
    const beta = { '=ID': ids['Beta'] };
    const star = rec(list(result(await hook(b24, 'crm.company.list', { filter: beta, select: ['*'] })))[0]);
    assert.equal(star['TITLE'], 'Beta');
    assert.equal('UF_CRM_NAV_NO' in star, false);
    assert.equal('PHONE' in star, false);
    const uf = rec(list(result(await hook(b24, 'crm.company.list', { filter: beta, select: ['UF_*'] })))[0]);
    assert.deepEqual(uf, { ID: String(ids['Beta']), UF_CRM_NAV_NO: 'C00020' });
    const named = rec(list(result(await hook(b24, 'crm.company.list', { filter: beta, select: ['TITLE', 'PHONE', 'UF_CRM_TAGS'] })))[0]);
    assert.deepEqual(Object.keys(named), ['ID', 'TITLE', 'PHONE', 'UF_CRM_TAGS']);
    assert.deepEqual(named['UF_CRM_TAGS'], ['a', 'b']);
    // get answers everything, multiple user fields and multifields included.
    const got = rec(result(await hook(b24, 'crm.company.get', { id: ids['Beta'] })));
    assert.deepEqual([got['UF_CRM_NAV_NO'], got['UF_CRM_TAGS'], Array.isArray(got['PHONE'])], ['C00020', ['a', 'b'], true]);
    // No select: * and UF_*, still no multifields.
    const plain = rec(list(result(await hook(b24, 'crm.company.list', { filter: beta })))[0]);
    assert.equal(plain['UF_CRM_NAV_NO'], 'C00020');
    assert.equal('PHONE' in plain, false);
  });

  it('selects by camelCase name in crm.item.list; fm only with *', async () => {
    const filter = { '=id': ids['Beta'] };
    const named = rec(list(result(await hook(b24, 'crm.item.list', { entityTypeId: 4, filter, select: ['id', 'title', 'fm'] })), 'items')[0]);
    assert.deepEqual(Object.keys(named).sort(), ['entityTypeId', 'id', 'title']);
    const star = rec(list(result(await hook(b24, 'crm.item.list', { entityTypeId: 4, filter, select: ['*'] })), 'items')[0]);
    assert.equal(Array.isArray(star['fm']), true);
    assert.equal(dig(star, 'fm', 0, 'typeId'), 'PHONE');
  });
});
