// orders = Bitrix24 deals with their product rows.
//
// Side field paths (what config field maps name):
//   ID — the deal id (read only; the `dealId` match key)
//   STAGE_ID, CATEGORY_ID — read only, always in the record (the engine's create filter);
//     stages move through navStatus
//   TITLE, COMPANY_ID, CONTACT_ID, ASSIGNED_BY_ID, CURRENCY_ID, COMMENTS, TYPE_ID, SOURCE_ID
//   OPPORTUNITY — a number; written as a manual amount (IS_MANUAL_OPPORTUNITY = Y)
//   BEGINDATE, CLOSEDATE — YYYY-MM-DD
//   UF_CRM_* — every deal user field (multiple ones as lists); UF_CRM_B24NAV_SYNC_STATUS
//     is always read (annotate writes it)
//   productRows — the rows as canonical lines [item, quantity, unitPrice, discountPercent,
//     vatRate] (document-lines.ts); written replace-all
//   navStatus — a NAV order status: written, it moves the stage through
//     entities.orders.stages of the deal's pipeline (forward only unless stageMoves: any);
//     read, the latest status whose stage the deal is in, or null
// id = deal ID; version = modifiedAt = DATE_MODIFY. Creates (deals from NAV orders) go to
// fromNav.category / fromNav.stage with ORIGINATOR_ID b24nav + ORIGIN_ID = the external id,
// rows in the same batch.
import { SyncError } from '../../../core/failure.ts';
import { normalizeCode } from '../../../core/normalize.ts';
import type { EntitySide, FindQuery } from '../../../engine/ports.ts';
import type { B24Client } from '../client.ts';
import type { FieldDescription, LegacyDeal } from '../types.ts';
import { runPlans, type Planned } from './batch-writer.ts';
import { listChunked } from './bulk-read.ts';
import { ORIGINATOR } from './company-write.ts';
import { DEAL_READ_ONLY, DEAL_SCALARS, dealListSpec, dealRecord, NAV_STATUS, PRODUCT_ROWS, readDealStates, SYNC_STATUS_FIELD } from './deal-read.ts';
import { planDealCreate, planDealUpdate, type DealWriteContext } from './deal-write.ts';
import { Lazy, userFieldNames } from './dictionaries.ts';
import type { OrdersSettings } from './document-options.ts';
import { createEntitySide, type SideAdapter, type SideOptions } from './entity-side.ts';
import { addTo, findResults, valuesWhere } from './find-results.ts';
import type { FieldPath } from './port-context.ts';
import { dealStageEntity, type Stage, type StageBook } from './stages.ts';
import { numericIds, textOrNull } from './values.ts';

export interface DealContext {
  readonly client: B24Client;
  /** crm.deal.fields, read once; invalidated when b24nav creates deal user fields. */
  readonly fields: Lazy<Readonly<Record<string, FieldDescription>>>;
  readonly stages: StageBook;
  readonly settings: OrdersSettings;
}

export function dealFields(client: B24Client): Lazy<Readonly<Record<string, FieldDescription>>> {
  return new Lazy(() => client.call<Record<string, FieldDescription>>('crm.deal.fields', {}));
}

/** Which deal field a match key looks in: the deal id, or the NAV order No. user field. */
function keyField(lookup: { readonly key: string; readonly field: string }): 'ID' | 'UF_CRM_B24NAV_ORDER_NO' | undefined {
  const name = `${lookup.key} ${lookup.field}`.toLowerCase();
  if (/\bdealid\b/.test(name)) return 'ID';
  if (/\bnavorderno\b/.test(name)) return 'UF_CRM_B24NAV_ORDER_NO';
  return undefined;
}

export function ordersAdapter(ctx: DealContext): SideAdapter {
  const { client } = ctx;

  async function stagesFor(categories: Iterable<string>): Promise<Map<string, readonly Stage[]>> {
    const list = [...new Set(categories)];
    const stages = await Promise.all(list.map((c) => ctx.stages.stages(dealStageEntity(c))));
    return new Map(list.map((c, i) => [c, stages[i] ?? []]));
  }

  async function writeContext(categories: Iterable<string>): Promise<DealWriteContext> {
    const [fields, stages] = await Promise.all([ctx.fields.get(), stagesFor(categories)]);
    return { fields, settings: ctx.settings, stages };
  }

  return {
    entity: 'orders',
    listSpec: async () => dealListSpec(await ctx.fields.get()),
    idSpec: () => Promise.resolve({ method: 'crm.deal.list', idField: 'ID', select: ['ID'] }),
    changedSince: (cursor) => ({ '>=DATE_MODIFY': cursor }),
    async toRecords(rows) {
      const [fields, states] = await Promise.all([ctx.fields.get(), readDealStates(client, rows as LegacyDeal[])]);
      return states.map((s) => dealRecord(s, fields, ctx.settings.stages));
    },
    externalId: () => Promise.resolve({ field: 'ORIGIN_ID', filter: { ORIGINATOR_ID: ORIGINATOR }, of: (row) => textOrNull(row['ORIGIN_ID']) }),
    async fieldPaths() {
      const fields = await ctx.fields.get();
      const paths: FieldPath[] = [];
      for (const path of DEAL_READ_ONLY) paths.push({ path, writable: false });
      for (const path of [...DEAL_SCALARS, PRODUCT_ROWS, NAV_STATUS]) paths.push(path === 'TITLE' ? { path, writable: true, maxLength: 255 } : { path, writable: true });
      for (const uf of userFieldNames(fields)) paths.push({ path: uf, writable: fields[uf]?.isReadOnly !== true });
      return paths;
    },
    async find(queries: readonly FindQuery[]) {
      const fields = await ctx.fields.get();
      const ids = numericIds(valuesWhere(queries, (l) => keyField(l) === 'ID'));
      const orderNos = 'UF_CRM_B24NAV_ORDER_NO' in fields ? valuesWhere(queries, (l) => keyField(l) === 'UF_CRM_B24NAV_ORDER_NO') : [];
      const [byId, byNo] = await Promise.all([
        listChunked<LegacyDeal>(client, { method: 'crm.deal.list', idField: 'ID', select: ['ID'] }, { inField: 'ID', values: ids }),
        listChunked<LegacyDeal>(client, { method: 'crm.deal.list', idField: 'ID', select: ['ID', 'UF_CRM_B24NAV_ORDER_NO'] }, { inField: 'UF_CRM_B24NAV_ORDER_NO', values: orderNos }),
      ]);
      const existing = new Set(byId.map((d) => String(d.ID)));
      const numbers = new Map<string, string[]>();
      for (const d of byNo) {
        const no = textOrNull(d['UF_CRM_B24NAV_ORDER_NO']);
        if (no) addTo(numbers, normalizeCode(no), String(d.ID));
      }
      return findResults(queries, (lookup, value) => {
        const where = keyField(lookup);
        if (where === 'ID') return existing.has(String(Number(value))) ? [String(Number(value))] : [];
        if (where === 'UF_CRM_B24NAV_ORDER_NO') return numbers.get(normalizeCode(value));
        return undefined;
      });
    },
    async planCreates(requests): Promise<Planned[]> {
      const write = await writeContext([ctx.settings.fromNav.category]);
      return requests.map((r) => planDealCreate(r, write));
    },
    async planUpdates(requests): Promise<Planned[]> {
      const fields = await ctx.fields.get();
      const rows = await listChunked<LegacyDeal>(client, dealListSpec(fields), { inField: 'ID', values: numericIds(requests.map((r) => r.id)) });
      const states = await readDealStates(client, rows);
      const byId = new Map(states.map((s) => [String(s.row.ID), s]));
      const moving = requests.filter((r) => NAV_STATUS in r.fields).map((r) => textOrNull(byId.get(r.id)?.row.CATEGORY_ID) ?? '0');
      const write = await writeContext(moving);
      return requests.map((r) => planDealUpdate(r, byId.get(String(r.id)), write));
    },
  };
}

/**
 * Writes the reasons onto the deals whose UF_CRM_B24NAV_SYNC_STATUS shows something
 * else, in batches; deals that no longer exist are skipped. A note cannot be shown
 * without the field: its absence is an error that says how to create it.
 */
async function annotateDeals(ctx: DealContext, notes: ReadonlyArray<{ readonly id: string; readonly note: string | null }>, log: SideOptions['log']): Promise<void> {
  const wanted = new Map<string, string | null>();
  for (const n of notes) wanted.set(String(n.id), n.note === null || n.note.trim() === '' ? null : n.note);
  if (wanted.size === 0) return;
  const fields = await ctx.fields.get();
  if (!(SYNC_STATUS_FIELD in fields)) {
    throw new SyncError('B24_VALIDATION', `orders: the deal user field ${SYNC_STATUS_FIELD} does not exist, so reasons cannot be shown on deals; b24nav creates it at start (ensureUserFields with entity "deal")`);
  }
  const rows = await listChunked<LegacyDeal>(ctx.client, { method: 'crm.deal.list', idField: 'ID', select: ['ID', SYNC_STATUS_FIELD] }, { inField: 'ID', values: numericIds(wanted.keys()) });
  const plans: Planned[] = rows.flatMap((row) => {
    const id = String(row.ID);
    const note = wanted.get(id) ?? null;
    if (textOrNull(row[SYNC_STATUS_FIELD]) === note) return [];
    return [{ ref: id, id, commands: [{ name: 'n', method: 'crm.deal.update', params: { id, fields: { [SYNC_STATUS_FIELD]: note ?? '' } } }] }];
  });
  const failed = (await runPlans(ctx.client, plans, log)).flatMap((o) => (o.ok ? [] : [o]));
  const [first] = failed;
  if (first) throw new SyncError(first.error.code, `orders: ${failed.length} of ${plans.length} deal notes were not written; deal ${first.ref}: ${first.error.message}`, { cause: first.error });
}

export function createOrdersSide(ctx: DealContext, options: SideOptions): EntitySide {
  return { ...createEntitySide(ctx.client, ordersAdapter(ctx), options), annotate: (notes) => annotateDeals(ctx, notes, options.log) };
}
