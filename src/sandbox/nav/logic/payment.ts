// A payment received from a customer (a cash receipt journal line posted by a
// NAV user): a payment ledger entry applied to the invoice it names, or to the
// oldest open invoices when the customer's Application Method is Apply to Oldest.
import type { StoredRow } from '../data/table.ts';
import { navErrors } from '../errors.ts';
import type { LogicContext } from './context.ts';
import { applyEntry, postCustomerEntry } from './ledger.ts';

export interface PaymentInput {
  readonly customerNo: string;
  readonly amount: number;
  readonly appliesToInvoiceNo?: string | undefined;
  readonly postingDate?: string | undefined;
  readonly documentNo?: string | undefined;
}

export interface PaymentResult {
  readonly entryNo: number;
  readonly documentNo: string;
  readonly applied: ReadonlyArray<{ readonly documentNo: string; readonly amount: number }>;
  /** What is left unapplied (negative, 0 when all applied). */
  readonly remaining: number;
}

/** The invoice named, or with Apply to Oldest the open invoices by due date; Manual applies nothing. */
function targetsOf(open: StoredRow[], input: PaymentInput, method: string): StoredRow[] {
  if (input.appliesToInvoiceNo !== undefined) {
    const named = open.filter((e) => e.values['Document_No'] === input.appliesToInvoiceNo);
    if (named.length === 0) throw navErrors.dialog(`There is no open invoice ${input.appliesToInvoiceNo} for Customer ${input.customerNo} to apply the payment to.`);
    return named;
  }
  if (method !== 'Apply to Oldest') return [];
  return [...open].sort((a, b) => String(a.values['Due_Date']).localeCompare(String(b.values['Due_Date'])) || Number(a.values['Entry_No']) - Number(b.values['Entry_No']));
}

export function receivePayment(ctx: LogicContext, input: PaymentInput): PaymentResult {
  return ctx.company.transaction(() => {
    const customer = ctx.company.get('Customer', input.customerNo);
    if (!customer) throw navErrors.recordNotFound('Customer', [['No.', input.customerNo]]);
    if (!(input.amount > 0)) throw navErrors.dialog('Amount must be positive.');
    const entries = ctx.company.table('Cust. Ledger Entry');
    const open = entries
      .all()
      .filter((e) => e.values['Customer_No'] === input.customerNo && e.values['Open'] && e.values['Document_Type'] === 'Invoice');
    const targets = targetsOf(open, input, String(customer.values['Application_Method']));
    const postingDate = input.postingDate ?? ctx.today;
    const documentNo = input.documentNo ?? ctx.company.takeNo(ctx.company.setup.series.payment);
    const payment = postCustomerEntry(ctx, {
      customerNo: input.customerNo,
      postingDate,
      documentType: 'Payment',
      documentNo,
      description: `Payment ${String(customer.values['Name'])}`,
      amount: -input.amount,
      dueDate: postingDate,
    });
    const applied = applyEntry(ctx, payment, targets);
    return { entryNo: Number(payment.values['Entry_No']), documentNo, applied, remaining: Number(payment.values['Remaining_Amount']) };
  });
}
