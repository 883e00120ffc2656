// Customers and their company contacts (codeunit 5056 CustCont-Update): the
// relation rows a contact sync reads through ContactBusinessRelations, over plain
// OData and SOAP as any client would.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { FakeClock } from '../../core/clock.ts';
import { startNavSandbox, type RunningNavSandbox } from './index.ts';
import { pageCaller, records } from './testing.ts';

const COMPANY = 'CRONUS International Ltd.';
type Json = Record<string, unknown>;

let nav: RunningNavSandbox;

async function odata(path: string, init?: RequestInit): Promise<{ status: number; json: Json }> {
  const response = await fetch(`${nav.odataUrl(COMPANY)}/${path}`, init);
  return { status: response.status, json: response.status === 204 ? {} : ((await response.json()) as Json) };
}

async function relationsOf(customerNo: string): Promise<Json[]> {
  const filter = encodeURIComponent(`Link_to_Table eq 'Customer' and No eq '${customerNo}'`);
  return (await odata(`ContactBusinessRelations?$filter=${filter}`)).json['value'] as Json[];
}

before(async () => {
  nav = await startNavSandbox({ port: 0, auth: 'none', clock: new FakeClock(Date.UTC(2026, 2, 10, 9)) });
});
after(() => nav.close());

describe('company contacts of customers', () => {
  it('every seeded customer has a company contact and a CUST relation', async () => {
    const [relation] = await relationsOf('10000');
    assert.equal(relation?.['Business_Relation_Code'], 'CUST');
    assert.equal(relation?.['Business_Relation_Description'], 'Customer');
    const contact = (await odata(`Contacts('${String(relation?.['Contact_No'])}')`)).json;
    assert.deepEqual([contact['Type'], contact['Name'], contact['Company_No']], ['Company', 'The Cannon Group PLC', relation?.['Contact_No']]);
    const state = nav.sandbox.state().companies.find((c) => c.name === COMPANY);
    assert.equal(state?.records['ContactBusinessRelations'], state?.records['Customer']);
  });

  it('a new customer gets its contact from the contact series; edits follow; a delete removes the relation only', async () => {
    const created = await odata('Customer', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ Name: 'Relation Test Ltd', Phone_No: '+44 20 1234 5678', E_Mail: 'rel@example.com' }) });
    assert.equal(created.status, 201);
    const no = String(created.json['No']);
    const [relation] = await relationsOf(no);
    const contactNo = String(relation?.['Contact_No']);
    assert.match(contactNo, /^CT\d{6}$/);
    const contact = (await odata(`Contacts('${contactNo}')`)).json;
    assert.deepEqual([contact['Phone_No'], contact['E_Mail'], contact['Last_Date_Modified']], ['+44 20 1234 5678', 'rel@example.com', '2026-03-10']);

    nav.sandbox.edit({ page: 'Customer', key: { No: no }, fields: { Name: 'Relation Test plc' } });
    assert.equal((await odata(`Contacts('${contactNo}')`)).json['Name'], 'Relation Test plc');

    nav.sandbox.delete({ page: 'Customer', key: { No: no } });
    assert.deepEqual(await relationsOf(no), []);
    assert.equal((await odata(`Contacts('${contactNo}')`)).status, 200);
  });

  it('deleting a company contact removes its relations and its persons (Contact.OnDelete)', async () => {
    const [relation] = await relationsOf('20000');
    const companyNo = String(relation?.['Contact_No']);
    const person = await odata('Contacts', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ Type: 'Person', Name: 'Mark McArthur', Company_No: companyNo }) });
    assert.equal(person.json['Company_Name'], 'Selangorian Ltd.');
    nav.sandbox.delete({ page: 'Contacts', key: { No: companyNo } });
    assert.deepEqual(await relationsOf('20000'), []);
    assert.equal((await odata(`Contacts('${String(person.json['No'])}')`)).status, 404);
  });

  it('SOAP reads the relations with a filter and refuses writes (a read-only page)', async () => {
    const call = pageCaller(nav.soapUrl(COMPANY, 'ContactBusinessRelations'), 'ContactBusinessRelations');
    const answer = await call('ReadMultiple', '<filter><Field>No</Field><Criteria>30000|40000</Criteria></filter><setSize>10</setSize>');
    const rows = records(answer, 'ContactBusinessRelations');
    assert.deepEqual(rows.map((r) => [r.leaves.get('No'), r.leaves.get('Link_to_Table')]), [['30000', 'Customer'], ['40000', 'Customer']]);
    const refused = await call('Create', '<ContactBusinessRelations><Contact_No>X</Contact_No></ContactBusinessRelations>');
    assert.ok(refused.fault, refused.text);
  });
});
