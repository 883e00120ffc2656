// ErpPort contacts on both transports: persons only, each with the customer its
// company contact stands for (Customer_No, through ContactBusinessRelations), and
// Customer_No written as the person's Company_No.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { matchValue } from '../../../core/match.ts';
import { drain, failed, startPort, TRANSPORTS, written, type PortFixture } from './test-support.ts';

for (const transport of TRANSPORTS) {
  describe(`ErpPort contacts over ${transport}`, () => {
    let f: PortFixture;
    const companyOf = async (customerNo: string): Promise<string> => {
      for await (const relation of f.client.contactBusinessRelations.all({ where: { No: { eq: customerNo }, Link_to_Table: { eq: 'Customer' } } })) return relation.Contact_No;
      throw new Error(`customer ${customerNo} has no company contact`);
    };
    before(async () => {
      f = await startPort(transport);
    });
    after(async () => f.close());

    it('a person created with Customer_No is put under that customer company contact', async () => {
      const [outcome] = await f.port.contacts.create([{ ref: 'p1', externalId: '7', fields: { Name: 'Andy Teal', E_Mail: 'Andy.Teal@Cannon.example', Phone_No: '8 (495) 111-22-33', Customer_No: '10000' } }]);
      const person = written(outcome);
      assert.match(person.id, /^CT\d{6}$/);
      assert.equal(person.fields['Type'], 'Person');
      assert.equal(person.fields['Company_No'], await companyOf('10000'));
      assert.equal(person.fields['Company_Name'], 'The Cannon Group PLC');
      assert.equal(person.fields['Customer_No'], '10000');
    });

    it('scans persons only, each with its Customer_No; a person without a company has null', async () => {
      written((await f.port.contacts.create([{ ref: 'p2', externalId: '8', fields: { Name: 'Lone Person' } }]))[0]);
      const { records } = await drain(f.port.contacts.scanChanges(null));
      assert.deepEqual(records.map((r) => r.fields['Name']).sort(), ['Andy Teal', 'Lone Person']);
      assert.equal(records.find((r) => r.fields['Name'] === 'Lone Person')?.fields['Customer_No'], null);
      const ids: string[] = [];
      for await (const page of f.port.contacts.listIds()) ids.push(...page);
      assert.deepEqual(ids.sort(), records.map((r) => r.id).sort());
    });

    it('a NAV user moving a person to another company changes its Customer_No', async () => {
      const [person] = (await drain(f.port.contacts.scanChanges(null))).records.filter((r) => r.fields['Name'] === 'Lone Person');
      assert.ok(person);
      f.nav.sandbox.edit({ page: 'Contacts', key: { No: person.id }, fields: { Company_No: await companyOf('20000') } });
      const changed = (await drain(f.port.contacts.scanChanges('2026-03-10'))).records.find((r) => r.id === person.id);
      assert.equal(changed?.fields['Customer_No'], '20000');
    });

    it('writing Customer_No sets Company_No; null clears it', async () => {
      const [person] = (await drain(f.port.contacts.scanChanges(null))).records.filter((r) => r.fields['Name'] === 'Andy Teal');
      assert.ok(person);
      const moved = written((await f.port.contacts.update([{ ref: 'm', id: person.id, version: person.version, fields: { Customer_No: '30000' } }]))[0]);
      assert.deepEqual([moved.fields['Company_No'], moved.fields['Customer_No']], [await companyOf('30000'), '30000']);
      const alone = written((await f.port.contacts.update([{ ref: 'n', id: person.id, version: moved.version, fields: { Customer_No: null, City: 'Birmingham' } }]))[0]);
      assert.deepEqual([alone.fields['Company_No'], alone.fields['Customer_No'], alone.fields['City']], ['', null, 'Birmingham']);
    });

    it('a customer without a company contact fails the record as NAV_VALIDATION, saying what to set up', async () => {
      f.nav.sandbox.delete({ page: 'Contacts', key: { No: await companyOf('50000') } });
      const [orphan, unknown, fine] = await f.port.contacts.create([
        { ref: 'a', externalId: '9', fields: { Name: 'Jim Stewart', Customer_No: '50000' } },
        { ref: 'b', externalId: '10', fields: { Name: 'Nobody', Customer_No: 'NO-SUCH' } },
        { ref: 'c', externalId: '11', fields: { Name: 'Patricia Doyle', Customer_No: '30000' } },
      ]);
      const error = failed(orphan);
      assert.deepEqual([error.code, error.kind], ['NAV_VALIDATION', 'permanent']);
      assert.match(error.message, /Customer 50000 has no company contact/);
      assert.match(error.message, /ContactBusinessRelations/);
      assert.equal(failed(unknown).code, 'NAV_VALIDATION');
      assert.equal(written(fine).fields['Customer_No'], '30000');
    });

    it('Type is not a writable path: a contact is a person; Customer_No is', async () => {
      const [outcome] = await f.port.contacts.create([{ ref: 't', externalId: '12', fields: { Name: 'A Company', Type: 'Company' } }]);
      assert.equal(failed(outcome).code, 'SYNC_MAPPING');
      const paths = new Map((await f.port.contacts.fieldPaths()).map((p) => [p.path, p]));
      assert.deepEqual(paths.get('Type'), { path: 'Type', writable: false });
      assert.deepEqual(paths.get('Customer_No'), { path: 'Customer_No', writable: true, maxLength: 20 });
      assert.deepEqual(paths.get('Company_Name'), { path: 'Company_Name', writable: false, maxLength: 50 });
    });

    it('finds persons by e-mail and phone, never company contacts', async () => {
      const [result] = await f.port.contacts.find([
        {
          ref: 'q',
          lookups: [
            { key: 'email', field: 'email', kind: 'email', values: [matchValue('email', 'andy.teal@cannon.example') ?? ''] },
            { key: 'phone', field: 'phone', kind: 'phone', values: [matchValue('phone', '+74951112233') ?? ''] },
          ],
        },
      ]);
      const [andy] = (await drain(f.port.contacts.scanChanges(null))).records.filter((r) => r.fields['Name'] === 'Andy Teal');
      assert.deepEqual(result?.candidates, [{ key: 'email', ids: [andy?.id] }, { key: 'phone', ids: [andy?.id] }]);
      // The seeded company contacts carry the customers' e-mails (info1@example.com is 10000's).
      const [company] = await f.port.contacts.find([{ ref: 'c', lookups: [{ key: 'email', field: 'email', kind: 'email', values: ['info2@example.com'] }] }]);
      assert.deepEqual(company?.candidates, [{ key: 'email', ids: [] }]);
      assert.equal((await f.port.contacts.fetch([await companyOf('20000')])).size, 0, 'a company contact is not a record of contacts');
    });
  });
}
