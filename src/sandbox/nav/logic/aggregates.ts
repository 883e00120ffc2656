// FlowFields (sums over ledger entries and order lines), kept as sums per key and
// recomputed only when a source table changed since the last computation. A
// page of 1000 customers then costs 1000 map lookups, not 1000 table scans.
import type { Company } from '../data/company.ts';
import type { Table } from '../data/table.ts';

class Derived<T> {
  private seen = -1;
  private value: T | undefined;

  constructor(
    private readonly sources: readonly Table[],
    private readonly compute: () => T,
  ) {}

  get(): T {
    const stamp = this.sources.reduce((sum, t) => sum + t.changeCount, 0);
    if (this.value === undefined || stamp !== this.seen) {
      this.value = this.compute();
      this.seen = stamp;
    }
    return this.value;
  }
}

export interface CustomerSums {
  readonly balance: number;
  /** Open entries with their due dates, to sum what is due on a given day. */
  readonly open: ReadonlyArray<{ readonly due: string; readonly remaining: number }>;
}

function add(map: Map<string, number>, key: string, amount: number): void {
  map.set(key, (map.get(key) ?? 0) + amount);
}

/** NAV's ROUND(n, precision) for amounts (0.01) and quantities (0.00001); never -0. */
export function round(n: number, precision = 0.01): number {
  return Number((Math.round(n / precision) * precision).toFixed(5));
}

export class Aggregates {
  private readonly customers: Derived<Map<string, CustomerSums>>;
  private readonly documents: Derived<Map<string, { remaining: number; open: boolean }>>;
  private readonly inventory: Derived<{ byItem: Map<string, number>; byLocation: Map<string, number> }>;
  private readonly salesOrders: Derived<{ byItem: Map<string, number>; byLocation: Map<string, number>; byCustomer: Map<string, number> }>;

  constructor(company: Company) {
    const cle = company.table('Cust. Ledger Entry');
    const ile = company.table('Item Ledger Entry');
    const lines = company.table('Sales Line');
    this.customers = new Derived([cle], () => {
      const map = new Map<string, { balance: number; open: Array<{ due: string; remaining: number }> }>();
      for (const { values } of cle.all()) {
        if (!values['Open']) continue;
        const no = String(values['Customer_No']);
        let sums = map.get(no);
        if (!sums) map.set(no, (sums = { balance: 0, open: [] }));
        const remaining = Number(values['Remaining_Amt_LCY']);
        sums.balance = round(sums.balance + remaining);
        sums.open.push({ due: String(values['Due_Date']), remaining });
      }
      return map;
    });
    this.documents = new Derived([cle], () => {
      const map = new Map<string, { remaining: number; open: boolean }>();
      for (const { values } of cle.all()) {
        map.set(`${String(values['Document_Type'])}\u0000${String(values['Document_No'])}`, {
          remaining: Number(values['Remaining_Amount']),
          open: Boolean(values['Open']),
        });
      }
      return map;
    });
    this.inventory = new Derived([ile], () => {
      const byItem = new Map<string, number>();
      const byLocation = new Map<string, number>();
      for (const { values } of ile.all()) {
        const qty = Number(values['Quantity']);
        add(byItem, String(values['Item_No']), qty);
        add(byLocation, `${String(values['Location_Code'])}\u0000${String(values['Item_No'])}`, qty);
      }
      return { byItem, byLocation };
    });
    this.salesOrders = new Derived([lines, company.table('Sales Header')], () => {
      const byItem = new Map<string, number>();
      const byLocation = new Map<string, number>();
      const byCustomer = new Map<string, number>();
      const headers = company.table('Sales Header');
      for (const { values } of lines.all()) {
        if (values['Document_Type'] !== 'Order') continue;
        const outstanding = Number(values['Quantity']) - Number(values['Quantity_Shipped']);
        if (values['Type'] === 'Item' && outstanding !== 0) {
          add(byItem, String(values['No']), outstanding);
          add(byLocation, `${String(values['Location_Code'])}\u0000${String(values['No'])}`, outstanding);
        }
        const header = headers.get(['Order', String(values['Document_No'])]);
        if (header) add(byCustomer, String(header.values['Bill_to_Customer_No']), Number(values['Outstanding_Amount']));
      }
      return { byItem, byLocation, byCustomer };
    });
  }

  customerBalance(no: string): number {
    return this.customers.get().get(no)?.balance ?? 0;
  }

  customerBalanceDue(no: string, today: string): number {
    const open = this.customers.get().get(no)?.open ?? [];
    let due = 0;
    for (const entry of open) if (entry.due !== '' && entry.due <= today) due += entry.remaining;
    return round(due);
  }

  /** Outstanding amount of the customer's sales orders (for the credit limit check). */
  outstandingOrders(customerNo: string): number {
    return round(this.salesOrders.get().byCustomer.get(customerNo) ?? 0);
  }

  document(documentType: string, no: string): { remaining: number; open: boolean } {
    return this.documents.get().get(`${documentType}\u0000${no}`) ?? { remaining: 0, open: false };
  }

  inventoryOf(itemNo: string): number {
    return round(this.inventory.get().byItem.get(itemNo) ?? 0, 0.00001);
  }

  inventoryAt(locationCode: string, itemNo: string): number {
    return round(this.inventory.get().byLocation.get(`${locationCode}\u0000${itemNo}`) ?? 0, 0.00001);
  }

  qtyOnSalesOrder(itemNo: string): number {
    return round(this.salesOrders.get().byItem.get(itemNo) ?? 0, 0.00001);
  }

  qtyOnSalesOrderAt(locationCode: string, itemNo: string): number {
    return round(this.salesOrders.get().byLocation.get(`${locationCode}\u0000${itemNo}`) ?? 0, 0.00001);
  }
}

const cache = new WeakMap<Company, Aggregates>();

export function aggregatesOf(company: Company): Aggregates {
  let aggregates = cache.get(company);
  if (!aggregates) cache.set(company, (aggregates = new Aggregates(company)));
  return aggregates;
}
