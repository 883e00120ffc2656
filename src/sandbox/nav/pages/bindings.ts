// How each published page sits on its table: the page view (SourceTableView,
// e.g. Document Type = Order on page 42) and the FlowFields it shows.
import { NAV_PAGE_IDS, NAV_PAGES, type NavPageId, type PageDef } from '../../../connectors/nav/schema/index.ts';
import type { Row } from '../data/table.ts';
import { aggregatesOf } from '../logic/aggregates.ts';
import type { LogicContext } from '../logic/context.ts';
import { documentTotals } from '../logic/vat.ts';

export type FlowFields = (row: Row, ctx: LogicContext) => Row;
/** Values every line of a document shows that come from the whole document (the subform's totals). */
export type LineFlowFields = (header: Row, lines: readonly Row[], ctx: LogicContext) => Row;

export interface PageBinding {
  readonly id: NavPageId;
  readonly def: PageDef;
  /** The name the page is published under. */
  readonly service: string;
  readonly fixed: Row;
  readonly flow: FlowFields | undefined;
  readonly lineFlow: LineFlowFields | undefined;
}

const FLOWS: Partial<Record<NavPageId, FlowFields>> = {
  customer: (row, ctx) => {
    const a = aggregatesOf(ctx.company);
    const no = String(row['No']);
    return { Balance_LCY: a.customerBalance(no), Balance_Due_LCY: a.customerBalanceDue(no, ctx.today) };
  },
  item: (row, ctx) => {
    const a = aggregatesOf(ctx.company);
    const no = String(row['No']);
    return { Inventory: a.inventoryOf(no), Qty_on_Sales_Order: a.qtyOnSalesOrder(no), Qty_on_Purch_Order: 0 };
  },
  itemByLocation: (row, ctx) => {
    const a = aggregatesOf(ctx.company);
    const item = ctx.company.get('Item', String(row['Item_No']))?.values;
    const location = String(row['Location_Code']);
    const no = String(row['Item_No']);
    return {
      Description: item?.['Description'] ?? '',
      Unit_Cost: item?.['Unit_Cost'] ?? 0,
      Inventory: a.inventoryAt(location, no),
      Qty_on_Sales_Order: a.qtyOnSalesOrderAt(location, no),
    };
  },
  postedSalesInvoice: (row, ctx) => {
    const entry = aggregatesOf(ctx.company).document('Invoice', String(row['No']));
    return { Remaining_Amount: entry.remaining, Closed: !entry.open };
  },
  postedSalesCreditMemo: (row, ctx) => {
    const entry = aggregatesOf(ctx.company).document('Credit Memo', String(row['No']));
    return { Remaining_Amount: entry.remaining, Paid: !entry.open };
  },
};

const documentTotalsFlow: LineFlowFields = (header, lines) => ({ ...documentTotals(lines, Boolean(header['Prices_Including_VAT'])) });

const LINE_FLOWS: Partial<Record<NavPageId, LineFlowFields>> = {
  salesOrder: documentTotalsFlow,
  salesInvoice: documentTotalsFlow,
};

const FIXED: Partial<Record<NavPageId, Row>> = {
  salesOrder: { Document_Type: 'Order' },
  salesInvoice: { Document_Type: 'Invoice' },
};

export type ServiceNames = Partial<Record<NavPageId, string>>;

export function buildBindings(names: ServiceNames = {}): PageBinding[] {
  return NAV_PAGE_IDS.map((id) => {
    const def: PageDef = NAV_PAGES[id];
    return { id, def, service: names[id] ?? def.service, fixed: FIXED[id] ?? {}, flow: FLOWS[id], lineFlow: LINE_FLOWS[id] };
  });
}
