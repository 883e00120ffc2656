// Triggers of the smaller tables: Contact (number series, company name, Last
// Date Modified, its business relations and persons on delete),
// Salesperson/Purchaser and Location (e-mail).
import { navErrors } from '../errors.ts';
import { checkEmail } from './coerce.ts';
import { numberOnInsert, stampModified, testManual } from './common.ts';
import { deleteContactDependents } from './customer-contact.ts';
import type { TableTriggers } from './triggers.ts';

export const contactTriggers: TableTriggers = {
  validate(field, row, _previous, ctx) {
    switch (field.name) {
      case 'No':
        testManual(ctx, ctx.company.setup.series.contact);
        break;
      case 'E_Mail':
        checkEmail(row['E_Mail'] ?? '');
        break;
      case 'Company_No': {
        const company = ctx.company.get('Contact', String(row['Company_No']));
        if (company && company.values['Type'] !== 'Company') {
          throw navErrors.testField('Type', 'Company', 'Contact', [['No.', String(row['Company_No'])]], String(company.values['Type']));
        }
        row['Company_Name'] = company?.values['Name'] ?? '';
        break;
      }
    }
  },
  insert(row, ctx) {
    numberOnInsert(row, ctx, ctx.company.setup.series.contact);
    if (row['Type'] === 'Company') {
      row['Company_No'] = row['No'] ?? '';
      row['Company_Name'] = row['Name'] ?? '';
    }
    stampModified(row, ctx);
  },
  modify: (row, _old, ctx) => stampModified(row, ctx),
  rename: (row, _old, ctx) => stampModified(row, ctx),
  delete: (stored, ctx) => deleteContactDependents(stored, ctx),
};

export const emailTriggers: TableTriggers = {
  validate(field, row) {
    if (field.name === 'E_Mail') checkEmail(row['E_Mail'] ?? '');
  },
};
