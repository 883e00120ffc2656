import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { nastyText } from './arbitraries.ts';
import type { FieldMapEntry } from './field-map-config.ts';
import { compileFieldMap, type FieldMap } from './field-map.ts';
import type { CanonicalRecord, FieldValue, SideName, SideRecord } from './record.ts';
import type { ValueMap } from './transforms.ts';
import { firstUnstorable } from './unstorable-text.ts';

const valueMaps: Record<string, ValueMap> = {
  users: { values: { '1': 'SP01', '7': 'SP07', '12': 'ИВАНОВ' } },
  blockedFromNav: { values: { _blank_: false, Ship: true, Invoice: true, All: true } },
  blockedToNav: { values: { false: '_blank_', true: 'All' } },
};

const customers: FieldMapEntry[] = [
  { name: 'name', b24: 'TITLE', nav: 'Name', direction: 'both', normalize: 'text', navMaxLength: 50 },
  { name: 'inn', b24: 'requisite.RQ_INN', nav: 'VAT_Registration_No', direction: 'both', normalize: 'inn', fromB24: ['digits', 'nullIfEmpty'] },
  { name: 'phone', b24: 'PHONE', nav: 'Phone_No', direction: 'both', normalize: 'phone', fromB24: ['first'], toB24: ['list'], navMaxLength: 30 },
  { name: 'email', b24: 'EMAIL', nav: 'E_Mail', direction: 'both', normalize: 'email', fromB24: ['first'], toB24: ['list'], navMaxLength: 80 },
  { name: 'salesperson', b24: 'ASSIGNED_BY_ID', nav: 'Salesperson_Code', direction: 'both', owner: 'b24', normalize: 'code', fromB24: ['map:users'], toB24: ['unmap:users'] },
  { name: 'creditLimit', b24: 'UF_CRM_CREDIT_LIMIT', nav: 'Credit_Limit_LCY', direction: 'nav_to_b24', owner: 'nav', normalize: 'money', fromB24: ['money'], toB24: ['money'], fromNav: ['money'] },
  { name: 'blocked', b24: 'UF_CRM_BLOCKED', nav: 'Blocked', direction: 'nav_to_b24', owner: 'nav', normalize: 'bool', fromB24: ['bool'], toB24: ['yn'], fromNav: ['map:blockedFromNav'], toNav: ['map:blockedToNav'] },
  { name: 'city', b24: 'address.CITY', nav: 'City', direction: 'both', navMaxLength: 30, onTooLong: 'truncate' },
  { name: 'since', b24: 'UF_CRM_SINCE', nav: 'Customer_Since', direction: 'both', normalize: 'date', fromB24: ['date'], fromNav: ['date'] },
  { name: 'genBusPostingGroup', nav: 'Gen_Bus_Posting_Group', direction: 'b24_to_nav', normalize: 'code', default: 'DOMESTIC' },
];

function compile(entries: readonly FieldMapEntry[] = customers): FieldMap {
  const result = compileFieldMap(entries, valueMaps, { defaultRegion: 'RU', path: 'entities.customers.fields' });
  if (!result.ok) throw new Error(result.problems.map((p) => `${p.path}: ${p.message}`).join('\n'));
  return result.fieldMap;
}

function problems(entries: readonly FieldMapEntry[], maps: Record<string, ValueMap> = valueMaps): string[] {
  const result = compileFieldMap(entries, maps, { path: 'entities.customers.fields' });
  assert.equal(result.ok, false);
  return result.ok ? [] : result.problems.map((p) => `${p.path}: ${p.message}`);
}

const side = (fields: Record<string, FieldValue>): SideRecord => ({ id: '1', version: null, modifiedAt: null, fields });

const b24Company = side({
  TITLE: '  ООО «Ромашка»  ',
  'requisite.RQ_INN': '7707 083 893',
  PHONE: ['8 (495) 123-45-67', '+7 999 000-00-00'],
  EMAIL: ['Info@Romashka.RU'],
  ASSIGNED_BY_ID: '7',
  UF_CRM_CREDIT_LIMIT: '150000.00',
  UF_CRM_BLOCKED: 'N',
  'address.CITY': 'Москва',
  UF_CRM_SINCE: '2024-08-30T00:00:00+03:00',
});

const navCustomer = side({
  Name: 'ООО «Ромашка»',
  VAT_Registration_No: '7707083893',
  Phone_No: '+74951234567',
  E_Mail: 'info@romashka.ru',
  Salesperson_Code: 'SP07',
  Credit_Limit_LCY: 150000,
  Blocked: '_blank_',
  City: 'Москва',
  Customer_Since: '2024-08-30',
  Gen_Bus_Posting_Group: 'EXPORT',
});

describe('compileFieldMap', () => {
  it('compiles a customer map', () => {
    const map = compile();
    assert.deepEqual(map.compared, ['name', 'inn', 'phone', 'email', 'salesperson', 'creditLimit', 'blocked', 'city', 'since']);
    assert.deepEqual(map.flowsTo('nav'), ['name', 'inn', 'phone', 'email', 'salesperson', 'city', 'since', 'genBusPostingGroup']);
    assert.deepEqual(map.flowsTo('b24'), ['name', 'inn', 'phone', 'email', 'salesperson', 'creditLimit', 'blocked', 'city', 'since']);
    assert.ok(map.sidePaths('nav').includes('Gen_Bus_Posting_Group'));
    assert.ok(!map.sidePaths('b24').includes('Gen_Bus_Posting_Group'));
  });

  it('names the entry and says what is expected', () => {
    const found = problems([
      { name: 'name', b24: 'TITLE', nav: 'Name', direction: 'both', fromB24: ['trim', 'uper'] },
      { name: 'salesperson', b24: 'ASSIGNED_BY_ID', nav: 'Salesperson_Code', direction: 'both', fromB24: ['map:staff'] },
      { name: 'name', b24: 'TITLE2', direction: 'nav_to_b24', default: 'x' },
      { name: 'posting', nav: 'Gen_Bus_Posting_Group', direction: 'b24_to_nav' },
      { name: 'dup', b24: 'X', nav: 'Name', direction: 'both' },
      { name: 'bad', b24: 'X', direction: 'sideways' as 'both', navMaxLength: 0, onTooLong: 'cut' as 'fail' },
      { name: 'lonely', b24: 'Y', direction: 'b24_to_nav', default: 1, toNav: ['trim'] },
    ]);
    const expected = [
      /^entities\.customers\.fields\[0\]\.fromB24\[1\]: unknown transform "uper" \(did you mean "upper"\?\); expected one of /,
      /^entities\.customers\.fields\[name=salesperson\]\.fromB24\[0\]: unknown value map "staff"; the config defines "users", "blockedFromNav", "blockedToNav"$/,
      /^entities\.customers\.fields\[2\]\.name: "name" is already mapped by entities\.customers\.fields\[0\]/,
      /^entities\.customers\.fields\[name=posting\]\.default: the entry has only a nav path, so its value comes from its default: give it one$/,
      /^entities\.customers\.fields\[name=dup\]\.nav: NAV field Name is already written by entities\.customers\.fields\[0\]/,
      /^entities\.customers\.fields\[name=bad\]\.direction: expected one of both, b24_to_nav, nav_to_b24, got "sideways"$/,
      /^entities\.customers\.fields\[name=bad\]\.onTooLong: expected fail or truncate, got "cut"$/,
      /^entities\.customers\.fields\[name=bad\]\.navMaxLength: expected a whole number of characters, at least 1, got 0$/,
      /^entities\.customers\.fields\[name=bad\]\.navMaxLength: the entry has no nav path to limit$/,
      /^entities\.customers\.fields\[name=lonely\]\.direction: the entry has only a b24 path, so nothing can flow Bitrix24 → NAV; add a nav path or set direction nav_to_b24$/,
      /^entities\.customers\.fields\[name=lonely\]\.toNav: the entry has no nav path to transform$/,
    ];
    for (const pattern of expected) assert.ok(found.some((p) => pattern.test(p)), `${pattern}\n${found.join('\n')}`);
  });

  it('refuses a map that cannot be read backwards when unmap uses it', () => {
    const found = problems([{ name: 'blocked', b24: 'B', nav: 'Blocked', direction: 'both', toB24: ['unmap:blockedFromNav'] }]);
    assert.match(found[0] ?? '', /fields\[name=blocked\]\.toB24\[0\]: value map "blockedFromNav" cannot be read backwards \(unmap\): true is the value of both "Ship" and "Invoice"/);
  });
});

describe('reading side records', () => {
  it('reads a Bitrix24 company', () => {
    const { canonical, errors, warnings } = compile().fromB24(b24Company);
    assert.deepEqual(errors, []);
    assert.deepEqual(warnings, []);
    assert.deepEqual(canonical, {
      name: '  ООО «Ромашка»  ', inn: '7707083893', phone: '8 (495) 123-45-67', email: 'Info@Romashka.RU', salesperson: 'SP07',
      creditLimit: 150000, blocked: false, city: 'Москва', since: '2024-08-30', genBusPostingGroup: 'DOMESTIC',
    });
  });

  it('reads a NAV customer, one-sided fields included', () => {
    const { canonical, errors } = compile().fromNav(navCustomer);
    assert.deepEqual(errors, []);
    assert.equal(canonical['genBusPostingGroup'], 'EXPORT');
    assert.equal(canonical['blocked'], false);
  });

  it('both readings hash the same: they mean the same customer', () => {
    const map = compile();
    const fromB24 = map.fromB24(b24Company).canonical;
    const fromNav = map.fromNav(navCustomer).canonical;
    assert.equal(map.hashFor(fromB24), map.hashFor(fromNav));
    assert.equal(map.hashFor(fromB24, 'nav'), map.hashFor(fromNav, 'nav'));
    assert.ok(map.same('phone', fromB24['phone'] ?? null, fromNav['phone'] ?? null));
    assert.notEqual(map.hashFor({ ...fromNav, name: 'Другое' }), map.hashFor(fromNav));
    assert.equal(map.hashFor({ ...fromNav, genBusPostingGroup: 'FOREIGN' }), map.hashFor(fromNav), 'one-sided fields are not compared');
  });

  it('hashFor(side) leaves out fields whose change on that side cannot flow', () => {
    const map = compile();
    const c = map.fromNav(navCustomer).canonical;
    assert.equal(map.hashFor({ ...c, creditLimit: 1 }, 'b24'), map.hashFor(c, 'b24'));
    assert.notEqual(map.hashFor({ ...c, creditLimit: 1 }, 'nav'), map.hashFor(c, 'nav'));
  });

  it('a value that cannot be read is an error naming the field, and is left out', () => {
    const { canonical, errors } = compile().fromB24(side({ ...b24Company.fields, ASSIGNED_BY_ID: '99', UF_CRM_CREDIT_LIMIT: 'lots' }));
    assert.deepEqual(errors.map((e) => [e.field, e.side, e.path, e.code]), [
      ['salesperson', 'b24', 'ASSIGNED_BY_ID', 'transform_failed'],
      ['creditLimit', 'b24', 'UF_CRM_CREDIT_LIMIT', 'transform_failed'],
    ]);
    assert.equal(errors[0]?.message, 'ASSIGNED_BY_ID: "99" is not in value map "users" (add it to the map, or give the map a fallback)');
    assert.ok(!Object.hasOwn(canonical, 'salesperson'));
  });

  it('a value no connector should give is an error, not a crash', () => {
    const { errors } = compile().fromNav(side({ ...navCustomer.fields, Name: Number.NaN }));
    assert.deepEqual(errors.map((e) => [e.field, e.code, e.message]), [['name', 'invalid_value', 'Name: NaN is not text, a finite number, true/false or a list of those']]);
  });

  it('a missing side field reads as null', () => {
    const { canonical } = compile().fromB24(side({ TITLE: 'x' }));
    assert.equal(canonical['phone'], null);
    assert.equal(canonical['inn'], null);
  });
});

describe('writing side records', () => {
  it('a create writes every field that flows to NAV, defaults included', () => {
    const map = compile();
    const { fields, errors } = map.toNav(map.fromB24(b24Company).canonical);
    assert.deepEqual(errors, []);
    assert.deepEqual(Object.keys(fields), ['Name', 'VAT_Registration_No', 'Phone_No', 'E_Mail', 'Salesperson_Code', 'City', 'Customer_Since', 'Gen_Bus_Posting_Group']);
    assert.equal(fields['Gen_Bus_Posting_Group'], 'DOMESTIC');
  });

  it('an update writes only the fields asked for', () => {
    const map = compile();
    assert.deepEqual(map.toNav({ name: 'A', city: 'B' }, ['name']).fields, { Name: 'A' });
    assert.deepEqual(map.toB24({ phone: '+74951234567', blocked: true, creditLimit: 1000.005 }, ['phone', 'blocked', 'creditLimit']).fields, {
      PHONE: ['+74951234567'], UF_CRM_BLOCKED: 'Y', UF_CRM_CREDIT_LIMIT: 1000.01,
    });
  });

  it('a text too long for NAV fails with a clear message, or is shortened when the map says so', () => {
    const map = compile();
    const long = 'Общество с ограниченной ответственностью «Ромашка и партнёры»';
    assert.equal(long.length, 61);
    const { errors, fields } = map.toNav({ name: long, city: 'Санкт-Петербург-Петергоф-Ломоносов-Кронштадт' });
    assert.deepEqual(errors.map((e) => e.code), ['too_long']);
    assert.equal(errors[0]?.message, 'Name: "Общество с ограниченной ответственностью…" is 61 characters, NAV allows 50 (set onTooLong: truncate in the field map to shorten it)');
    assert.ok(!Object.hasOwn(fields, 'Name'));
    assert.equal(fields['City'], 'Санкт-Петербург-Петергоф-Ломон');
  });

  it('counts NAV lengths in UTF-16 units and never cuts an emoji in half', () => {
    const map = compile();
    const { fields, warnings } = map.toNav({ city: `${'x'.repeat(29)}😀` });
    assert.equal(fields['City'], 'x'.repeat(29));
    assert.deepEqual(warnings.map((w) => w.code), ['truncated']);
  });

  it('refuses fields that do not flow there, or do not exist', () => {
    const { errors } = compile().toNav({ creditLimit: 5 }, ['creditLimit', 'nope']);
    assert.deepEqual(errors.map((e) => [e.field, e.code]), [['creditLimit', 'not_writable'], ['nope', 'unknown_field']]);
    assert.match(errors[0]?.message ?? '', /^Credit_Limit_LCY: cannot be written to NAV: the entry flows only NAV → Bitrix24$/);
  });

  it('policy fields for the conflict resolver', () => {
    const policy = compile().policyFields();
    assert.equal(policy.fieldDirections['creditLimit'], 'nav_to_b24');
    assert.equal(policy.fieldOwners['salesperson'], 'b24');
    assert.ok(!Object.hasOwn(policy.fieldDirections, 'genBusPostingGroup'));
    assert.ok(policy.same('email', 'A@B.RU', 'a@b.ru'));
  });
});

describe('round trips', () => {
  const map = compile();
  // Text either side can store: a control character or a lone surrogate is refused (unstorable-text.ts).
  const storable = nastyText.filter((t) => firstUnstorable(t) === undefined);
  const navText = (max: number) => storable.filter((t) => t.length <= max);
  const canonical: fc.Arbitrary<CanonicalRecord> = fc.record({
    name: fc.option(navText(50)),
    inn: fc.option(fc.stringMatching(/^\d{10}$|^\d{12}$/)),
    phone: fc.option(storable.filter((t) => t.length <= 30)),
    email: fc.option(navText(80)),
    salesperson: fc.option(fc.constantFrom('SP01', 'SP07', 'ИВАНОВ')),
    creditLimit: fc.option(fc.integer({ min: -1e9, max: 1e9 }).map((c) => c / 100)),
    blocked: fc.boolean(),
    city: fc.option(navText(30)),
    since: fc.option(fc.date({ min: new Date('1900-01-01'), max: new Date('2199-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10))),
  });

  function roundTrip(to: SideName, c: CanonicalRecord): CanonicalRecord {
    const written = map.toSide(to, c);
    assert.deepEqual(written.errors, []);
    return map.fromSide(to, side({ ...written.fields })).canonical;
  }

  it('fromNav(toNav(c)) is c on every field that flows to NAV', () => {
    fc.assert(
      fc.property(canonical, (c) => {
        const back = roundTrip('nav', c);
        for (const field of map.flowsTo('nav').filter((f) => map.compared.includes(f))) assert.deepEqual(back[field], c[field] ?? null, field);
      }),
    );
  });

  it('fromB24(toB24(c)) is c on every field that flows to Bitrix24', () => {
    fc.assert(
      fc.property(canonical, (c) => {
        const back = roundTrip('b24', c);
        // Equal in canonical form: '' and [] both read back as "no value".
        for (const field of map.flowsTo('b24')) assert.ok(map.same(field, back[field] ?? null, c[field] ?? null), `${field}: ${JSON.stringify(back[field])} vs ${JSON.stringify(c[field])}`);
      }),
    );
  });
});
