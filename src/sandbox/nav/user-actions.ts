// What NAV users do and b24nav only observes: post an order, receive a payment,
// adjust inventory, cancel an invoice with a credit memo, edit or delete a record.
// The admin API (/_sandbox/...) and the programmatic API of tests both call these.
import { z } from 'zod';
import { fromODataValue, toODataValue, WireValueError, type NavValue } from '../../connectors/nav/schema/index.ts';
import type { Company } from './data/company.ts';
import { navErrors } from './errors.ts';
import { postCreditMemo } from './logic/credit-memo.ts';
import { adjustInventory } from './logic/inventory.ts';
import { receivePayment, type PaymentResult } from './logic/payment.ts';
import { postSalesDocument, type PostResult } from './logic/posting.ts';
import type { PageBinding } from './pages/bindings.ts';
import type { NavState } from './state.ts';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date is YYYY-MM-DD');
const company = z.string().min(1).optional().describe('company name; the default company when absent');

export const postOrderInput = z
  .object({ company, no: z.string().min(1), documentType: z.enum(['Order', 'Invoice']).default('Order'), ship: z.boolean().default(true), invoice: z.boolean().default(true), postingDate: day.optional() })
  .strict();
export const receivePaymentInput = z
  .object({ company, customerNo: z.string().min(1), amount: z.number().positive(), appliesToInvoiceNo: z.string().min(1).optional(), postingDate: day.optional(), documentNo: z.string().min(1).max(20).optional() })
  .strict();
export const adjustInventoryInput = z
  .object({ company, itemNo: z.string().min(1), locationCode: z.string().optional(), quantity: z.number().refine((n) => n !== 0, 'quantity must not be 0'), postingDate: day.optional() })
  .strict();
export const creditMemoInput = z.object({ company, invoiceNo: z.string().min(1), postingDate: day.optional() }).strict();
const keyValues = z.record(z.string(), z.union([z.string(), z.number()]));
export const editInput = z
  .object({ company, page: z.string().min(1).describe('the service name, e.g. Customer'), key: keyValues, fields: z.record(z.string(), z.unknown()) })
  .strict();
export const deleteInput = z.object({ company, page: z.string().min(1), key: keyValues }).strict();

export type PostOrderInput = z.input<typeof postOrderInput>;
export type ReceivePaymentInput = z.input<typeof receivePaymentInput>;
export type AdjustInventoryInput = z.input<typeof adjustInventoryInput>;
export type CreditMemoInput = z.input<typeof creditMemoInput>;
export type EditInput = z.input<typeof editInput>;
export type DeleteInput = z.input<typeof deleteInput>;

export class UserActions {
  constructor(
    private readonly state: NavState,
    private readonly changed: () => void,
  ) {}

  private company(name: string | undefined): Company {
    const found = this.state.company(name ?? this.state.companyName);
    if (!found) throw navErrors.dialog(`The company "${name ?? ''}" does not exist. Companies: ${[...this.state.companies.keys()].join(', ')}.`);
    return found;
  }

  private done<T>(result: T): T {
    this.changed();
    return result;
  }

  postOrder(input: PostOrderInput): PostResult {
    const i = postOrderInput.parse(input);
    const company = this.company(i.company);
    return this.done(postSalesDocument(this.state.context(company), i.documentType, i.no.toUpperCase(), { ship: i.ship, invoice: i.invoice, postingDate: i.postingDate }));
  }

  receivePayment(input: ReceivePaymentInput): PaymentResult {
    const i = receivePaymentInput.parse(input);
    const company = this.company(i.company);
    return this.done(
      receivePayment(this.state.context(company), {
        customerNo: i.customerNo.toUpperCase(),
        amount: i.amount,
        appliesToInvoiceNo: i.appliesToInvoiceNo?.toUpperCase(),
        postingDate: i.postingDate,
        documentNo: i.documentNo?.toUpperCase(),
      }),
    );
  }

  adjustInventory(input: AdjustInventoryInput): { entryNo: number } {
    const i = adjustInventoryInput.parse(input);
    const company = this.company(i.company);
    return this.done(adjustInventory(this.state.context(company), { itemNo: i.itemNo.toUpperCase(), locationCode: i.locationCode, quantity: i.quantity, postingDate: i.postingDate }));
  }

  postCreditMemo(input: CreditMemoInput): { creditMemoNo: string } {
    const i = creditMemoInput.parse(input);
    const company = this.company(i.company);
    return this.done(postCreditMemo(this.state.context(company), i.invoiceNo.toUpperCase(), i.postingDate));
  }

  /** Changes fields as a user on the page would: validation, triggers, a new Key/ETag. Values as in OData JSON. */
  edit(input: EditInput): Record<string, unknown> {
    const i = editInput.parse(input);
    const company = this.company(i.company);
    const binding = this.binding(i.page);
    const engine = this.state.engine(company, binding);
    const ctx = this.state.context(company);
    const fields = new Map(engine.def.fields.map((f) => [f.name, f]));
    const changes = new Map<string, NavValue>();
    for (const [name, value] of Object.entries(i.fields)) {
      const field = fields.get(name);
      if (!field) throw navErrors.badValue(`Page ${binding.service} has no field ${name}. Fields: ${[...fields.keys()].join(', ')}.`);
      try {
        changes.set(name, fromODataValue(field, value));
      } catch (error) {
        throw error instanceof WireValueError ? navErrors.badValue(error.message) : error;
      }
    }
    const stored = company.transaction(() => {
      const found = engine.find(this.keyOf(binding, i.key));
      if (!found) throw engine.notFound(this.keyOf(binding, i.key));
      // A user is not bound by the page's Editable=No on posted documents: edit goes to the table.
      return engine.def.access.modify ? engine.modify(found, changes, ctx) : found;
    });
    const view = engine.view(stored, ctx);
    return this.done(Object.fromEntries(engine.def.fields.map((f) => [f.name, toODataValue(f, view[f.name] ?? '')])));
  }

  delete(input: DeleteInput): void {
    const i = deleteInput.parse(input);
    const company = this.company(i.company);
    const binding = this.binding(i.page);
    const engine = this.state.engine(company, binding);
    company.transaction(() => {
      const found = engine.find(this.keyOf(binding, i.key));
      if (!found) throw engine.notFound(this.keyOf(binding, i.key));
      engine.delete(found, this.state.context(company));
    });
    this.changed();
  }

  /** A record as the page shows it (for tests), or undefined. */
  read(page: string, key: Readonly<Record<string, string | number>>, companyName?: string): Record<string, NavValue> | undefined {
    const company = this.company(companyName);
    const binding = this.binding(page);
    const engine = this.state.engine(company, binding);
    const stored = engine.find(this.keyOf(binding, key));
    return stored ? { ...engine.view(stored, this.state.context(company)) } : undefined;
  }

  private binding(page: string): PageBinding {
    const binding = this.state.binding(page) ?? this.state.bindings.find((b) => b.id === page);
    if (!binding) throw navErrors.badValue(`No page "${page}" is published. Pages: ${this.state.bindings.map((b) => b.service).join(', ')}.`);
    return binding;
  }

  private keyOf(binding: PageBinding, key: Readonly<Record<string, string | number>>): Record<string, NavValue> {
    const out: Record<string, NavValue> = {};
    for (const name of binding.def.key) {
      const value = key[name];
      if (value === undefined && !(name in binding.fixed)) throw navErrors.badValue(`The key of ${binding.service} is ${binding.def.key.join(', ')}; ${name} is missing.`);
      if (value !== undefined) out[name] = typeof value === 'string' && binding.def.fields.find((f) => f.name === name)?.kind === 'code' ? value.toUpperCase() : value;
    }
    return out;
  }
}
