// The payments of a smart invoice (crm.item.payment.*, reference §7.7) as the
// canonical [paidAmount, remainingAmount]: the paid payments sum to what NAV says is
// paid, and one unpaid payment holds the remainder (none when nothing remains). Each
// increase of the paid amount becomes a payment of its own (the open one is paid when
// there is one), so a manager sees partial payments one by one; a decrease (a payment
// reversed in NAV) takes back the newest paid payments. Amounts are reconciled in cents.
// crm.item.payment.add takes no amount and crm.item.payment.update changes only `paid`
// and `paySystemId` (their pages), so an amount is set through sale.payment.update
// (scope `sale`, an administrator's webhook) — the same payment, by its id.
import type { FieldValue } from '../../../core/record.ts';
import type { Payment } from '../types.ts';
import type { PlannedCommand, ResultRef } from './batch-writer.ts';
import { resultOf } from './batch-writer.ts';
import { roundTo } from './document-lines.ts';

export interface CurrentPayment {
  readonly id: string;
  /** In cents. */
  readonly cents: number;
  readonly paid: boolean;
}

export type PaymentOp =
  | { readonly op: 'add'; readonly cents: number; readonly paid: boolean }
  | { readonly op: 'setSum'; readonly id: string; readonly cents: number }
  | { readonly op: 'pay'; readonly id: string }
  | { readonly op: 'unpay'; readonly id: string }
  | { readonly op: 'delete'; readonly id: string };

const cents = (amount: number): number => Math.round(roundTo(amount, 2) * 100);

export function currentPayments(payments: readonly Payment[]): CurrentPayment[] {
  return [...payments].sort((a, b) => Number(a.id) - Number(b.id)).map((p) => ({ id: String(p.id), cents: cents(Number(p.sum) || 0), paid: p.paid === 'Y' }));
}

/** [paidAmount, remainingAmount] as the payments show them. */
export function paymentsValue(payments: readonly Payment[]): FieldValue[] {
  const list = currentPayments(payments);
  const sum = (paid: boolean): number => list.filter((p) => p.paid === paid).reduce((s, p) => s + p.cents, 0) / 100;
  return [sum(true), sum(false)];
}

/** The operations that turn `current` into `paid` paid and `remaining` open (amounts below 0 count as 0). */
export function reconcilePayments(current: readonly CurrentPayment[], paid: number, remaining: number): PaymentOp[] {
  const targetPaid = Math.max(0, cents(paid));
  const targetOpen = Math.max(0, cents(remaining));
  const ops: PaymentOp[] = [];
  const paidList = current.filter((p) => p.paid);
  const spare = current.filter((p) => !p.paid);
  let paidSum = paidList.reduce((s, p) => s + p.cents, 0);
  while (paidSum > targetPaid) {
    const newest = paidList.pop() as CurrentPayment;
    ops.push({ op: 'unpay', id: newest.id }, { op: 'delete', id: newest.id });
    paidSum -= newest.cents;
  }
  if (paidSum < targetPaid) {
    const increase = targetPaid - paidSum;
    const open = spare.shift();
    if (open) {
      if (open.cents !== increase) ops.push({ op: 'setSum', id: open.id, cents: increase });
      ops.push({ op: 'pay', id: open.id });
    } else {
      ops.push({ op: 'add', cents: increase, paid: true });
    }
  }
  if (targetOpen > 0) {
    const open = spare.shift();
    if (!open) ops.push({ op: 'add', cents: targetOpen, paid: false });
    else if (open.cents !== targetOpen) ops.push({ op: 'setSum', id: open.id, cents: targetOpen });
  }
  for (const extra of spare) ops.push({ op: 'delete', id: extra.id });
  return ops;
}

/** Command names of letters only: the batch writer appends the plan's number to each. */
function letters(n: number): string {
  let out = '';
  let i = n;
  do {
    out = String.fromCharCode(97 + (i % 26)) + out;
    i = Math.floor(i / 26) - 1;
  } while (i >= 0);
  return out;
}

/** Commands for the operations. A new payment is added, then given its sum and, if paid, paid. */
export function paymentCommands(ops: readonly PaymentOp[], invoiceId: string | ResultRef): PlannedCommand[] {
  return ops.flatMap((op, i): PlannedCommand[] => {
    const n = `p${letters(i)}`;
    switch (op.op) {
      case 'add': {
        const added = resultOf(`${n}a`);
        return [
          { name: `${n}a`, method: 'crm.item.payment.add', params: { entityTypeId: 31, entityId: invoiceId } },
          { name: `${n}s`, method: 'sale.payment.update', params: { id: added, fields: { sum: op.cents / 100 } } },
          ...(op.paid ? [{ name: `${n}p`, method: 'crm.item.payment.pay', params: { id: added } }] : []),
        ];
      }
      case 'setSum':
        return [{ name: `${n}s`, method: 'sale.payment.update', params: { id: op.id, fields: { sum: op.cents / 100 } } }];
      case 'pay':
        return [{ name: `${n}p`, method: 'crm.item.payment.pay', params: { id: op.id } }];
      case 'unpay':
        return [{ name: `${n}u`, method: 'crm.item.payment.unpay', params: { id: op.id } }];
      case 'delete':
        return [{ name: `${n}d`, method: 'crm.item.payment.delete', params: { id: op.id } }];
    }
  });
}
