// Assigning a value to a field as NAV does: Code fields are upper-cased and
// trimmed, Text and Code fields refuse values longer than their length, date
// formulas must parse.
import type { FieldDef, NavValue } from '../../../connectors/nav/schema/index.ts';
import { navErrors } from '../errors.ts';
import { isDateFormula } from './date-formula.ts';

export function coerceValue(field: FieldDef, value: NavValue): NavValue {
  switch (field.kind) {
    case 'code': {
      const text = String(value).trim().toUpperCase();
      if (text.length > field.length) throw navErrors.tooLong(text, field.length);
      return text;
    }
    case 'text': {
      const text = String(value);
      if (text.length > field.length) throw navErrors.tooLong(text, field.length);
      return text;
    }
    case 'dateformula': {
      const text = String(value).trim().toUpperCase();
      if (text !== '' && !isDateFormula(text)) throw navErrors.invalidDateFormula(String(value), field.navName);
      return text;
    }
    case 'decimal':
      return Math.round(Number(value) * 1e5) / 1e5;
    default:
      return value;
  }
}

/** NAV 2018 MailManagement.ValidateEmailAddressField. */
export function checkEmail(value: NavValue): void {
  const text = String(value);
  if (text === '') return;
  for (const address of text.split(/[;,]/)) {
    if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(address.trim())) throw navErrors.dialog(`The email address "${address.trim()}" is not valid.`);
  }
}
