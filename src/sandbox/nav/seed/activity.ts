// Documents a demo company has: open and released orders, posted invoices and
// shipments, a payment, an unpaid invoice for a customer whose credit limit is
// then below its balance, a blocked customer. Made through the same page logic
// and posting code a caller and a NAV user go through, so they are consistent.
import type { NavValue } from '../../../connectors/nav/schema/index.ts';
import type { Company } from '../data/company.ts';
import type { StoredRow } from '../data/table.ts';
import type { LogicContext } from '../logic/context.ts';
import { receivePayment } from '../logic/payment.ts';
import { postSalesDocument } from '../logic/posting.ts';
import { releaseDocument } from '../logic/release.ts';
import { buildBindings } from '../pages/bindings.ts';
import { PageEngine } from '../pages/engine.ts';
import type { NavPageId } from '../../../connectors/nav/schema/index.ts';

type Lines = ReadonlyArray<readonly [item: string, quantity: number]>;

function document(ctx: LogicContext, engine: PageEngine, customerNo: string, lines: Lines): StoredRow {
  return ctx.company.transaction(() => {
    const header = engine.create(new Map([['Sell_to_Customer_No', customerNo]]), ctx);
    for (const [item, quantity] of lines) {
      engine.addLine(header, new Map<string, NavValue>([['Type', 'Item'], ['No', item], ['Quantity', quantity]]), ctx);
    }
    return header;
  });
}

function engineFor(company: Company, id: NavPageId): PageEngine {
  const binding = buildBindings().find((b) => b.id === id);
  if (!binding) throw new Error(`no page ${id}`);
  return new PageEngine(binding, company);
}

function has(company: Company, table: string, ...nos: string[]): boolean {
  return nos.every((no) => company.get(table, no) !== undefined);
}

export function seedCronusActivity(company: Company, today: string): void {
  if (!has(company, 'Customer', '10000', '20000', '30000', '40000', '50000') || !has(company, 'Item', '1896-S', '1900-S', '1908-S', '1920-S', '1928-S', '1936-S', '1964-S', '1996-S')) return;
  const ctx: LogicContext = { company, today, settings: { creditLimitCheck: 'off' } };
  const orders = engineFor(company, 'salesOrder');
  const invoices = engineFor(company, 'salesInvoice');
  const no = (row: StoredRow): string => String(row.values['No']);

  const a = document(ctx, orders, '10000', [['1896-S', 2], ['1900-S', 4]]);
  postSalesDocument(ctx, 'Order', no(a), { ship: true, invoice: true });
  const b = document(ctx, orders, '20000', [['1908-S', 3]]);
  const posted = postSalesDocument(ctx, 'Order', no(b), { ship: true, invoice: true });
  const c = document(ctx, orders, '30000', [['1920-S', 1], ['1928-S', 5]]);
  postSalesDocument(ctx, 'Order', no(c), { ship: true, invoice: false });
  const d = document(ctx, orders, '40000', [['1996-S', 1]]);
  postSalesDocument(ctx, 'Order', no(d), { ship: true, invoice: true });
  document(ctx, orders, '10000', [['1936-S', 2]]);
  const f = document(ctx, orders, '50000', [['1964-S', 1]]);
  releaseDocument(ctx, f);
  document(ctx, invoices, '20000', [['1928-S', 2]]);
  if (posted.invoiceNo) {
    const entry = company.table('Cust. Ledger Entry').all().find((e) => e.values['Document_No'] === posted.invoiceNo);
    receivePayment(ctx, { customerNo: '20000', amount: Number(entry?.values['Amount'] ?? 0), appliesToInvoiceNo: posted.invoiceNo });
  }
  // 40000 owes more than its limit now; 49633663 is blocked for everything.
  const deerfield = company.get('Customer', '40000');
  if (deerfield) deerfield.values['Credit_Limit_LCY'] = 1000;
  const mielberg = company.get('Customer', '49633663');
  if (mielberg) mielberg.values['Blocked'] = 'All';
}

export function seedRussiaActivity(company: Company, today: string): void {
  if (!has(company, 'Customer', 'К00010', 'К00020') || !has(company, 'Item', 'Т-1896', 'Т-1900')) return;
  const ctx: LogicContext = { company, today, settings: { creditLimitCheck: 'off' } };
  const orders = engineFor(company, 'salesOrder');
  const first = document(ctx, orders, 'К00010', [['Т-1896', 1], ['Т-1900', 6]]);
  postSalesDocument(ctx, 'Order', String(first.values['No']), { ship: true, invoice: true });
  document(ctx, orders, 'К00020', [['Т-1900', 10]]);
}
