// crm.item.payment.* (reference §7.7): payments of a smart invoice (or deal).
// crm.item.payment.add takes only the owner and makes an empty payment (sum 0, as the
// crm.item.payment.get page's example shows; a portal fills it from the payment's
// products); pay/unpay flip `paid`. Errors as the pages list them: `0` for a payment
// not found, `100` for a missing parameter. crm.item.payment.update changes only what
// its page documents, `paid` and `paySystemId` (other fields are ignored, as unknown
// fields are, reference §9.5); the amount is changed through sale.payment.update
// (scope `sale`, administrators only), which answers the whole payment.
import { catalogError } from '../errors.ts';
import { objectParam, param, text } from '../params.ts';
import { ok, read, write, type MethodContext, type MethodTable } from '../registry.ts';
import type { Payment } from '../state.ts';
import { entityParam, findItem } from './item.ts';
import { floatval, intval } from './values.ts';

function view(ctx: MethodContext, p: Payment): Record<string, unknown> {
  return {
    id: p.id,
    accountNumber: p.accountNumber,
    paid: p.paid,
    datePaid: p.datePaid === null ? null : ctx.portal.formatTime(p.datePaid),
    empPaidId: p.empPaidId,
    paySystemId: p.paySystemId,
    sum: p.sum,
    currency: p.currency,
    paySystemName: p.paySystemName,
    dateBill: ctx.portal.formatTime(p.dateBill),
  };
}

function find(ctx: MethodContext): Payment {
  const p = ctx.portal.state.payments.get(intval(param(ctx.params, 'id')));
  if (!p) throw catalogError(0, 'Payment not found or access denied');
  return p;
}

function entityIdParam(ctx: MethodContext): number {
  const id = intval(param(ctx.params, 'entityId'));
  if (id <= 0) throw catalogError(100, 'Required fields are not provided');
  return id;
}

const PAY_SYSTEMS: Record<number, string> = { 1: 'Cash', 2: 'Bank transfer', 3: 'Card' };

export const paymentMethods: MethodTable = {
  'crm.item.payment.list': read('crm', (ctx) => {
    const desc = entityParam(ctx.params);
    const entityId = entityIdParam(ctx);
    findItem(ctx, desc, entityId);
    return ok(ctx.portal.state.payments.filter((p) => p.entityTypeId === desc.entityTypeId && p.entityId === entityId).map((p) => view(ctx, p)));
  }),
  'crm.item.payment.get': read('crm', (ctx) => ok(view(ctx, find(ctx)))),
  'crm.item.payment.add': write('crm', (ctx) => {
    const desc = entityParam(ctx.params);
    const entityId = entityIdParam(ctx);
    const owner = findItem(ctx, desc, entityId);
    const table = ctx.portal.state.payments;
    const existing = table.filter((p) => p.entityTypeId === desc.entityTypeId && p.entityId === entityId);
    const id = table.allocateId();
    const paySystemId = 2;
    table.put({
      id,
      entityTypeId: desc.entityTypeId,
      entityId,
      accountNumber: `${text(owner['ACCOUNT_NUMBER'] ?? owner.ID)}/${existing.length + 1}`,
      paid: 'N',
      datePaid: null,
      empPaidId: 0,
      paySystemId,
      sum: 0,
      currency: text(owner['CURRENCY_ID'] ?? 'RUB'),
      paySystemName: PAY_SYSTEMS[paySystemId] ?? 'Other',
      dateBill: ctx.now,
    });
    return ok(id);
  }),
  'crm.item.payment.update': write('crm', (ctx) => {
    const p = find(ctx);
    const fields = objectParam(ctx.params, 'fields') ?? {};
    if (fields['paySystemId'] !== undefined) {
      p.paySystemId = intval(fields['paySystemId']);
      p.paySystemName = PAY_SYSTEMS[p.paySystemId] ?? 'Other';
    }
    if (fields['paid'] !== undefined) {
      p.paid = text(fields['paid']).toUpperCase() === 'Y' ? 'Y' : 'N';
      p.datePaid = p.paid === 'Y' ? ctx.now : null;
    }
    return ok(true);
  }),
  // api-reference/sale/payment/sale-payment-update.md: errors 200640400001 (no such payment), 100 (no id, no fields).
  'sale.payment.update': write(
    'sale',
    (ctx) => {
      const rawId = param(ctx.params, 'id');
      if (rawId === undefined || rawId === null || rawId === '') throw catalogError(100, 'Parameter id not specified');
      const fields = objectParam(ctx.params, 'fields') ?? {};
      if (Object.keys(fields).length === 0) throw catalogError(100, 'Parameter fields not specified or empty');
      const p = ctx.portal.state.payments.get(intval(rawId));
      if (!p) throw catalogError(200640400001, 'payment does not exist');
      if (fields['sum'] !== undefined) p.sum = Math.round(floatval(fields['sum']) * 100) / 100;
      if (fields['paySystemId'] !== undefined) {
        p.paySystemId = intval(fields['paySystemId']);
        p.paySystemName = PAY_SYSTEMS[p.paySystemId] ?? 'Other';
      }
      if (fields['paid'] !== undefined) {
        p.paid = text(fields['paid']).toUpperCase() === 'Y' ? 'Y' : 'N';
        p.datePaid = p.paid === 'Y' ? ctx.now : null;
      }
      return ok({ payment: { ...view(ctx, p), orderId: p.entityId } });
    },
    { adminOnly: true },
  ),
  'crm.item.payment.pay': write('crm', (ctx) => {
    const p = find(ctx);
    p.paid = 'Y';
    p.datePaid = ctx.now;
    p.empPaidId = ctx.auth.userId;
    return ok(true);
  }),
  'crm.item.payment.unpay': write('crm', (ctx) => {
    const p = find(ctx);
    p.paid = 'N';
    p.datePaid = null;
    return ok(true);
  }),
  'crm.item.payment.delete': write('crm', (ctx) => {
    const p = find(ctx);
    ctx.portal.state.payments.delete(p.id);
    return ok(true);
  }),
};
