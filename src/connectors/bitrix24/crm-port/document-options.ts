// What the deal (orders) and smart-invoice (invoices) sides need from config
// (entities.orders / entities.invoices), typed here so the connector does not depend on
// the config module; the runtime passes the config's objects in as they are.
import type { InvoiceStatus, OrderStatus, StatusMap } from './stages.ts';

export interface OrdersOptions {
  /** Per pipeline (category id "0", "1"…): NAV order status → deal stage id. */
  readonly stages?: Readonly<Record<string, Readonly<Partial<Record<OrderStatus, string>>>>>;
  /** `forward`: a status moves a deal only to a stage sorted after its current one. */
  readonly stageMoves?: 'forward' | 'any';
  /** Where deals made from NAV orders start. */
  readonly fromNav?: { readonly category?: string; readonly stage?: string };
}

export interface InvoicesOptions {
  /** NAV invoice status → smart-invoice stage id; none given = by the stages' semantics (stages.ts). */
  readonly stages?: Readonly<Partial<Record<InvoiceStatus, string>>>;
  /** The smart-invoice pipeline new invoices go to; the portal's default one when not given. */
  readonly category?: string;
}

export interface OrdersSettings {
  readonly stages: Readonly<Record<string, StatusMap>>;
  readonly stageMoves: 'forward' | 'any';
  readonly fromNav: { readonly category: string; readonly stage: string };
}

export const DEFAULT_ORDER_STAGES: Readonly<Record<string, StatusMap>> = {
  '0': { Released: 'PREPAYMENT_INVOICE', Shipped: 'EXECUTING', Invoiced: 'FINAL_INVOICE', Paid: 'WON' },
};

export function ordersSettings(options: OrdersOptions = {}): OrdersSettings {
  return {
    stages: options.stages ?? DEFAULT_ORDER_STAGES,
    stageMoves: options.stageMoves ?? 'forward',
    fromNav: { category: options.fromNav?.category ?? '0', stage: options.fromNav?.stage ?? 'NEW' },
  };
}
