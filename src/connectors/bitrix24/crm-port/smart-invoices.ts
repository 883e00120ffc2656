// invoices = Bitrix24 smart invoices (crm.item, entityTypeId 31).
//
// Side field paths (what config field maps name):
//   id, stageId, categoryId, xmlId — read only (xmlId holds the external id)
//   title, accountNumber (the NAV invoice No.; the `invoiceNo` match key), comments,
//     currencyId — text
//   companyId, contactId, parentId2 (the deal), assignedById — ids as strings, none = null
//   begindate, closedate — YYYY-MM-DD
//   opportunity, taxValue — numbers; opportunity is written as a manual amount
//   productRows — the rows (ownerType SI) as canonical lines [item, quantity, unitPrice,
//     discountPercent, vatRate, description]; written replace-all
//   payments — [paidAmount, remainingAmount], reconciled through crm.item.payment.*
//     (invoice-payments.ts)
//   invoiceStatus — a NAV invoice status (Open, PartiallyPaid, Paid, Credited): written,
//     it moves the stage through entities.invoices.stages (none or {} = by the pipeline's
//     stage semantics, stages.ts); read, the latest status whose
//     stage the invoice is in, or null
// id = item id; version = modifiedAt = updatedTime. Creates go to the configured
// pipeline (the portal's default one unless entities.invoices.category), titled
// "Invoice <No>", with xmlId = the external id and rows and payments in the same batch.
import { normalizeCode } from '../../../core/normalize.ts';
import type { FindQuery } from '../../../engine/ports.ts';
import type { B24Client } from '../client.ts';
import type { CrmItem } from '../types.ts';
import type { Planned } from './batch-writer.ts';
import { listChunked } from './bulk-read.ts';
import { Lazy } from './dictionaries.ts';
import type { InvoicesOptions } from './document-options.ts';
import type { SideAdapter } from './entity-side.ts';
import { addTo, findResults, valuesWhere } from './find-results.ts';
import { INVOICE_LIST, INVOICE_PAYMENTS, INVOICE_READ_ONLY, INVOICE_ROWS, INVOICE_SCALARS, INVOICE_STATUS, invoiceRecord, readInvoiceStates } from './invoice-read.ts';
import { planInvoiceCreate, planInvoiceUpdate, type InvoiceWriteContext } from './invoice-write.ts';
import type { FieldPath } from './port-context.ts';
import { invoiceStageEntity, invoiceStagesBySemantics, type StageBook } from './stages.ts';
import { numericIds, textOrNull } from './values.ts';

export interface InvoiceContext {
  readonly client: B24Client;
  readonly stages: StageBook;
  readonly options: InvoicesOptions;
}

export function invoicesAdapter(ctx: InvoiceContext): SideAdapter {
  const { client } = ctx;
  // The pipeline, its stages and the status map, resolved once.
  const pipeline = new Lazy<InvoiceWriteContext>(async () => {
    const category = ctx.options.category ?? (await ctx.stages.defaultInvoiceCategory());
    const stages = await ctx.stages.stages(invoiceStageEntity(category));
    // Stage ids of the smart-invoice pipeline differ per portal (DT31_1, DT31_5, DT31_11…):
    // no map, or an empty one, means the stages' own semantics decide.
    const configured = ctx.options.stages;
    const map = configured !== undefined && Object.keys(configured).length > 0 ? configured : invoiceStagesBySemantics(stages);
    return { category, stages, map };
  });

  return {
    entity: 'invoices',
    listSpec: () => Promise.resolve(INVOICE_LIST),
    idSpec: () => Promise.resolve({ ...INVOICE_LIST, select: ['id'] }),
    changedSince: (cursor) => ({ '>=updatedTime': cursor }),
    async toRecords(rows) {
      const [write, states] = await Promise.all([pipeline.get(), readInvoiceStates(client, rows as CrmItem[])]);
      return states.map((s) => invoiceRecord(s, write.map));
    },
    externalId: () => Promise.resolve({ field: 'xmlId', filter: {}, of: (row) => textOrNull(row['xmlId']) }),
    fieldPaths() {
      const paths: FieldPath[] = [
        ...INVOICE_READ_ONLY.map((path) => ({ path, writable: false })),
        ...[...INVOICE_SCALARS, INVOICE_ROWS, INVOICE_PAYMENTS, INVOICE_STATUS].map((path) => ({ path, writable: true })),
      ];
      return Promise.resolve(paths);
    },
    async find(queries: readonly FindQuery[]) {
      // The invoice No. is the match key (invoiceNo → accountNumber); any code or text key is looked up there.
      const values = valuesWhere(queries, (l) => l.kind === 'code' || l.kind === 'text');
      const rows = await listChunked<CrmItem>(client, { ...INVOICE_LIST, select: ['id', 'accountNumber'] }, { inField: 'accountNumber', values });
      const found = new Map<string, string[]>();
      for (const row of rows) {
        const no = textOrNull(row['accountNumber']);
        if (no) addTo(found, normalizeCode(no), String(row.id));
      }
      return findResults(queries, (lookup, value) => (lookup.kind === 'code' || lookup.kind === 'text' ? found.get(normalizeCode(value)) : undefined));
    },
    async planCreates(requests): Promise<Planned[]> {
      const write = await pipeline.get();
      return requests.map((r) => planInvoiceCreate(r, write));
    },
    async planUpdates(requests): Promise<Planned[]> {
      const [write, items] = await Promise.all([pipeline.get(), listChunked<CrmItem>(client, INVOICE_LIST, { inField: 'id', values: numericIds(requests.map((r) => r.id)) })]);
      const states = await readInvoiceStates(client, items);
      const byId = new Map(states.map((s) => [String(s.item.id), s]));
      return requests.map((r) => planInvoiceUpdate(r, byId.get(String(r.id)), write));
    },
  };
}
