import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { elementName, fromODataValue, fromSoapText, NAV_PAGES, optionEnumName, toODataValue, toSoapText, type FieldDef } from './index.ts';

describe('NAV element names (§2.1)', () => {
  it('follows the documented conversions', () => {
    assert.equal(elementName('No.'), 'No');
    assert.equal(elementName('Credit Limit (LCY)'), 'Credit_Limit_LCY');
    assert.equal(elementName('Prepayment %'), 'Prepayment_Percent');
    assert.equal(elementName('Sell-to Customer No.'), 'Sell_to_Customer_No');
    assert.equal(elementName('Country/Region Code'), 'Country_Region_Code');
    assert.equal(elementName('Gen. Bus. Posting Group'), 'Gen_Bus_Posting_Group');
    assert.equal(elementName('A&B'), 'A_x0026_B');
    assert.equal(elementName('(Balance (LCY) - ABS(x))'), '_Balance_LCY_ABS_x');
    assert.equal(elementName('ShortcutDimCode[3]'), 'ShortcutDimCode_x005B_3_x005D_');
    assert.equal(optionEnumName(''), '_blank_');
    assert.equal(optionEnumName('Apply to Oldest'), 'Apply_to_Oldest');
    assert.equal(optionEnumName('Charge (Item)'), 'Charge_Item');
  });

  it('every published field name is derived from its NAV field name', () => {
    for (const page of Object.values(NAV_PAGES)) {
      const fields: readonly FieldDef[] = [...page.fields, ...(page.part?.fields ?? [])];
      for (const field of fields) assert.equal(field.name, elementName(field.navName), `${page.service}.${field.name}`);
      for (const key of page.key) assert.ok(page.fields.some((f) => f.name === key), `${page.service} key ${key}`);
    }
  });
});

describe('wire values', () => {
  const blocked = NAV_PAGES.customer.fields.find((f) => f.name === 'Blocked') as FieldDef;
  const lastModified = NAV_PAGES.customer.fields.find((f) => f.name === 'Last_Date_Modified') as FieldDef;
  const balance = NAV_PAGES.customer.fields.find((f) => f.name === 'Balance_LCY') as FieldDef;

  it('maps options to WSDL enumerations and OData captions', () => {
    assert.equal(toSoapText(blocked, ''), '_blank_');
    assert.equal(fromSoapText(blocked, '_blank_'), '');
    assert.equal(toODataValue(blocked, ''), ' ');
    assert.equal(fromODataValue(blocked, ' '), '');
    assert.throws(() => fromSoapText(blocked, 'Nope'), /not one of _blank_, Ship, Invoice, All/);
  });

  it('writes 0D as 0001-01-01 and reads it back as blank', () => {
    assert.equal(toSoapText(lastModified, ''), '0001-01-01');
    assert.equal(fromSoapText(lastModified, '0001-01-01'), '');
    assert.equal(fromSoapText(lastModified, '2026-02-28'), '2026-02-28');
    assert.throws(() => fromSoapText(lastModified, '2026-02-30'), /not a valid date/);
  });

  it('never writes a decimal with an exponent', () => {
    assert.equal(toSoapText(balance, 1e-7), '0.0000001');
    assert.equal(toSoapText(balance, 1234.5), '1234.5');
    assert.equal(fromSoapText(balance, '-12.50'), -12.5);
    assert.throws(() => fromSoapText(balance, '1e5'));
  });
});
