// How parameters reach a method (reference §1.1, §10): a JSON body, a form body in
// PHP bracket notation, or the query string; unknown parameters are ignored.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { FormData, request } from 'undici';
import { startB24Sandbox, type RunningB24Sandbox } from './index.ts';
import { dig, get, hook, list, num, postForm, postJson, result, str } from './test-support.ts';

describe('B24 sandbox: request formats', () => {
  let b24: RunningB24Sandbox;
  before(async () => {
    b24 = await startB24Sandbox({ port: 0, limits: false, seed: { companies: 2, contacts: 0, deals: 0, products: 0 } });
  });
  after(() => b24.close());

  async function phonesOf(id: number): Promise<unknown[]> {
    return list(result(await hook(b24, 'crm.company.get', { id })), 'PHONE');
  }

  it('reads a JSON body', async () => {
    const id = num(result(await postJson(`${b24.webhookUrl}crm.company.add`, { fields: { TITLE: 'JSON Ltd', PHONE: [{ VALUE: '+74950000001', VALUE_TYPE: 'WORK' }] } })));
    const phones = await phonesOf(id);
    assert.equal(phones.length, 1);
    assert.equal(dig(phones[0], 'VALUE'), '+74950000001');
  });

  it('reads a form body in bracket notation', async () => {
    const body = [
      'fields[TITLE]=%D0%9E%D0%9E%D0%9E+%C2%AB%D0%A4%D0%BE%D1%80%D0%BC%D0%B0%C2%BB',
      'fields[PHONE][0][VALUE]=%2B74950000002',
      'fields[PHONE][0][VALUE_TYPE]=MOBILE',
      'fields[EMAIL][0][VALUE]=form%40example.ru',
    ].join('&');
    const id = num((await postForm(`${b24.webhookUrl}crm.company.add.json`, body)).body, 'result');
    const company = result(await hook(b24, 'crm.company.get', { id }));
    assert.equal(str(company, 'TITLE'), 'ООО «Форма»');
    assert.equal(str(company, 'PHONE', 0, 'VALUE'), '+74950000002');
    assert.equal(str(company, 'PHONE', 0, 'VALUE_TYPE'), 'MOBILE');
    assert.equal(str(company, 'EMAIL', 0, 'VALUE'), 'form@example.ru');
  });

  it('reads the text fields of a multipart/form-data body in bracket notation', async () => {
    const body = new FormData();
    body.append('fields[TITLE]', 'Multipart АО');
    body.append('fields[PHONE][0][VALUE]', '+74950000003');
    const res = await request(`${b24.webhookUrl}crm.company.add`, { method: 'POST', body });
    const id = num(await res.body.json(), 'result');
    const company = result(await hook(b24, 'crm.company.get', { id }));
    assert.equal(str(company, 'TITLE'), 'Multipart АО');
    assert.equal(str(company, 'PHONE', 0, 'VALUE'), '+74950000003');
  });

  it('reads the query string of a GET', async () => {
    const id = num((await get(`${b24.webhookUrl}crm.company.add?fields[TITLE]=Query%20GmbH&fields[PHONE][0][VALUE]=%2B4930123`)).body, 'result');
    assert.equal(str(result(await hook(b24, 'crm.company.get', { id })), 'TITLE'), 'Query GmbH');
    assert.equal(dig(await phonesOf(id), 0, 'VALUE'), '+4930123');
  });

  it('ignores unknown query parameters such as the official SDK telemetry', async () => {
    const reply = await postJson(`${b24.webhookUrl}crm.company.get?bx24_request_id=3f1c&bx24_sdk_ver=2.1.0&bx24_sdk_type=b24-js-sdk`, { id: 1 });
    assert.equal(str(result(reply), 'ID'), '1');
  });

  it('accepts the upper-case spellings the docs use in examples (ID, FIELDS)', async () => {
    const id = num(result(await hook(b24, 'crm.company.add', { FIELDS: { TITLE: 'Upper' } })));
    assert.equal(str(result(await hook(b24, 'crm.company.get', { ID: id })), 'TITLE'), 'Upper');
  });

  it('merges the query string and the body, the body winning', async () => {
    const reply = await postJson(`${b24.webhookUrl}crm.company.get?id=999999`, { id: 1 });
    assert.equal(str(result(reply), 'ID'), '1');
  });

  it('treats a body that is not JSON as no parameters', async () => {
    const res = await request(`${b24.webhookUrl}crm.company.get`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{not json' });
    const body = (await res.body.json()) as Record<string, unknown>;
    assert.equal(res.statusCode, 400);
    assert.deepEqual(body, { error: '', error_description: 'ID is not defined or invalid.' });
  });
});
