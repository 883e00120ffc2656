// A corrective credit memo for a whole posted invoice (NAV 2018 "Cancel" on a
// posted sales invoice): a posted credit memo with the invoice's lines, a credit
// memo ledger entry applied to the invoice's entry (both close), items back in
// stock, and the invoice marked Cancelled. A paid invoice cannot be cancelled.
import { navErrors } from '../errors.ts';
import type { LogicContext } from './context.ts';
import { applyEntry, postCustomerEntry, postItemEntry } from './ledger.ts';
import { newRow, setFields } from './records.ts';

export function postCreditMemo(ctx: LogicContext, invoiceNo: string, postingDate?: string): { creditMemoNo: string } {
  return ctx.company.transaction(() => {
    const company = ctx.company;
    const invoice = company.get('Sales Invoice Header', invoiceNo);
    if (!invoice) throw navErrors.recordNotFound('Sales Invoice Header', [['No.', invoiceNo]]);
    if (invoice.values['Cancelled']) throw navErrors.dialog(`The posted sales invoice ${invoiceNo} has already been cancelled.`);
    const entries = company.table('Cust. Ledger Entry');
    const entry = entries.all().find((e) => e.values['Document_Type'] === 'Invoice' && e.values['Document_No'] === invoiceNo);
    if (!entry || Number(entry.values['Remaining_Amount']) !== Number(entry.values['Original_Amount'])) {
      throw navErrors.dialog('You cannot cancel this posted sales invoice because it is fully or partially paid.');
    }
    const date = postingDate ?? ctx.today;
    const no = company.takeNo(company.setup.series.postedCreditMemo);
    const headers = company.table('Sales Cr.Memo Header');
    const lines = company.table('Sales Cr.Memo Line');
    const v = invoice.values;
    const header = newRow(headers);
    for (const field of headers.def.fields) if (field.name in v) header[field.name] = v[field.name] as (typeof header)[string];
    headers.insert(Object.assign(header, { No: no, Posting_Date: date, Document_Date: date, Due_Date: date, Applies_to_Doc_Type: 'Invoice', Applies_to_Doc_No: invoiceNo }));
    const invoiceLines = company.table('Sales Invoice Line');
    for (let i = invoiceLines.seek([invoiceNo, 0]); ; i++) {
      const line = invoiceLines.rowAt(i);
      if (!line || line.values['Document_No'] !== invoiceNo) break;
      lines.insert(Object.assign(newRow(lines), line.values, { Document_No: no }));
      if (line.values['Type'] === 'Item') {
        postItemEntry(ctx, {
          itemNo: String(line.values['No']),
          locationCode: String(line.values['Location_Code']),
          quantity: Number(line.values['Quantity']),
          entryType: 'Positive Adjmt.',
          documentNo: no,
          postingDate: date,
          description: String(line.values['Description']),
        });
      }
    }
    const credit = postCustomerEntry(ctx, {
      customerNo: String(v['Bill_to_Customer_No']),
      postingDate: date,
      documentType: 'Credit Memo',
      documentNo: no,
      description: `Credit Memo ${no}`,
      amount: -Number(v['Amount_Including_VAT']),
      dueDate: date,
      currencyCode: String(v['Currency_Code']),
    });
    applyEntry(ctx, credit, [entry]);
    setFields(company.table('Sales Invoice Header'), invoice, { Cancelled: true });
    return { creditMemoNo: no };
  });
}
