// The one schema of b24nav.config.yaml (DESIGN §4). Unknown keys are rejected,
// every value has a type and a default where one makes sense, and errors name the
// path. Field maps are validated again, deeper, by core's compileFieldMap.
import { z } from 'zod';
import { CONFLICT_POLICIES } from '../core/conflict.ts';
import { DIRECTIONS } from '../core/field-map-config.ts';
import { NORMALIZE_KINDS } from '../core/normalize.ts';
import { navClientOptionsSchema } from '../connectors/nav/options.ts';
import { DEFAULT_FIELDS } from './defaults.ts';
import { dashboardConfigSchema } from '../server/access/config.ts';
import { alertsSchema } from './alerts-schema.ts';

/** What NAV says of a sales order, furthest first wins (issue 5): see docs/mapping.md. */
export const ORDER_STATUSES = ['Open', 'Released', 'PartiallyShipped', 'Shipped', 'PartiallyInvoiced', 'Invoiced', 'Paid'] as const;
export const INVOICE_STATUSES = ['Open', 'PartiallyPaid', 'Paid', 'Credited'] as const;

const fieldValue: z.ZodType<unknown> = z.lazy(() => z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(fieldValue)]));

const tls = z
  .object({
    caFile: z.string().min(1).optional().describe('path of a PEM file with the CA that signed the server certificate'),
    insecure: z.boolean().default(false).describe('accept any certificate (self-signed test servers only; logged at start)'),
  })
  .strict()
  .prefault({});

const url = (what: string) =>
  z.string().refine((s) => /^https?:\/\/[^\s]+$/.test(s), { message: `expected an http(s) URL for ${what}` });

export const fieldEntrySchema = z
  .object({
    name: z.string().min(1),
    b24: z.string().min(1).optional(),
    nav: z.string().min(1).optional(),
    direction: z.enum(DIRECTIONS),
    owner: z.enum(['b24', 'nav']).optional(),
    fromB24: z.array(z.string()).optional(),
    toB24: z.array(z.string()).optional(),
    fromNav: z.array(z.string()).optional(),
    toNav: z.array(z.string()).optional(),
    normalize: z.enum(NORMALIZE_KINDS).optional(),
    default: fieldValue.optional(),
    navMaxLength: z.number().int().positive().optional(),
    b24MaxLength: z.number().int().positive().optional(),
    onTooLong: z.enum(['fail', 'truncate']).optional(),
  })
  .strict();

const valueMap = z
  .object({
    values: z.record(z.string(), fieldValue),
    fallback: fieldValue.optional(),
    reverseFallback: fieldValue.optional(),
  })
  .strict();

const entityBase = {
  enabled: z.boolean().default(true),
  direction: z.enum(DIRECTIONS),
  owner: z.enum(['b24', 'nav']),
  conflictPolicy: z.enum(CONFLICT_POLICIES),
  matchKeys: z.array(z.string().min(1)).default([]),
  /** Entries replace the default entry of the same name or are added. */
  fields: z.array(fieldEntrySchema).default([]).superRefine(uniqueFieldNames),
  /** Default entries to leave out, by name. */
  omitFields: z.array(z.string()).default([]),
  valueMaps: z.record(z.string(), valueMap).default({}),
  /**
   * What a deletion on one side does (DESIGN §3; issue 6): flag it for an operator, drop
   * the link, or delete the linked record too. A deletion is acted on only once a read
   * confirms the record is gone — never on a guess.
   */
  onDelete: z.enum(['flag', 'unlink', 'propagate']).default('flag'),
};

/** Two entries of one name: the later would replace the earlier without a word. */
function uniqueFieldNames(entries: ReadonlyArray<{ name: string }>, ctx: z.RefinementCtx): void {
  const seen = new Set<string>();
  entries.forEach((e, i) => {
    if (seen.has(e.name)) ctx.addIssue({ code: 'custom', path: [i, 'name'], message: `the field "${e.name}" is listed twice; keep one entry per field` });
    seen.add(e.name);
  });
}

/** omitFields names a field the map has (a default entry or one of `fields`): a typo would leave the field in. */
function knownOmittedFields(entities: Readonly<Record<string, unknown>>, ctx: z.RefinementCtx): void {
  for (const [kind, defaults] of Object.entries(DEFAULT_FIELDS)) {
    const entity = entities[kind] as { fields?: ReadonlyArray<{ name: string }>; omitFields?: readonly string[] } | undefined;
    const names = new Set([...defaults.map((d) => d.name), ...(entity?.fields ?? []).map((f) => f.name)]);
    (entity?.omitFields ?? []).forEach((name, i) => {
      if (!names.has(name)) ctx.addIssue({ code: 'custom', path: [kind, 'omitFields', i], message: `no field "${name}" to leave out; the map of ${kind} has ${[...names].join(', ')}` });
    });
  }
}

function entity<T extends z.ZodRawShape>(defaults: { direction: (typeof DIRECTIONS)[number]; owner: 'b24' | 'nav'; conflictPolicy: (typeof CONFLICT_POLICIES)[number]; matchKeys: string[] }, extra: T) {
  return z
    .object({
      ...entityBase,
      direction: entityBase.direction.default(defaults.direction),
      owner: entityBase.owner.default(defaults.owner),
      conflictPolicy: entityBase.conflictPolicy.default(defaults.conflictPolicy),
      matchKeys: entityBase.matchKeys.default(defaults.matchKeys),
      ...extra,
    })
    .strict();
}

export const configSchema = z
  .object({
    bitrix24: z
      .object({
        webhookUrl: url('bitrix24.webhookUrl').optional().describe('inbound webhook: https://<portal>/rest/<user>/<code>/'),
        oauth: z
          .object({
            clientId: z.string().min(1),
            clientSecret: z.string().min(1),
            /** Where the rotating token pair is kept (a JSON file the service rewrites). */
            tokensFile: z.string().min(1),
          })
          .strict()
          .optional(),
        plan: z.enum(['standard', 'enterprise']).default('standard'),
        timeoutMs: z.number().int().min(1000).max(600_000).default(30_000),
        tls,
        /** Token of the outgoing webhook (or app) that posts events to /webhooks/bitrix24. */
        applicationToken: z.string().min(8).optional(),
        /** Read the offline event queue (OAuth applications only). */
        offlineEvents: z.boolean().default(false),
        pollIntervalSeconds: z.number().min(1).max(86_400).default(30),
        /** Tag b24nav's writes so they do not come back through its offline queue. */
        authConnector: z.string().min(1).default('b24nav'),
      })
      .strict()
      .refine((b) => (b.webhookUrl ? !b.oauth : !!b.oauth), { message: 'set exactly one of bitrix24.webhookUrl or bitrix24.oauth' }),
    nav: navClientOptionsSchema
      .omit({ tls: true })
      .extend({
        tls: z
          .object({
            /** Path of a PEM file with the CA or the server's self-signed certificate. */
            caFile: z.string().min(1).optional(),
            /** Accept any certificate (self-signed test servers only; logged at start). */
            insecure: z.boolean().default(false),
          })
          .strict()
          .prefault({}),
        pollIntervalSeconds: z.number().min(1).max(86_400).default(30),
        /** ISO code of the company's local currency (LCY): NAV leaves Currency Code blank for it. */
        localCurrency: z.string().regex(/^[A-Z]{3}$/, 'expected an ISO 4217 code such as RUB or GBP').default('RUB'),
      })
      .strict(),
    store: z
      .object({
        file: z.string().min(1).default('./data/b24nav.db'),
        url: z.string().regex(/^postgres(ql)?:\/\//, 'expected postgres://user@host:port/database').optional(),
      })
      .strict()
      .prefault({}),
    server: z
      .object({
        host: z.string().min(1).default('127.0.0.1'),
        port: z.number().int().min(0).max(65535).default(3000),
        bodyLimitBytes: z.number().int().min(1024).max(50 * 1024 * 1024).default(1024 * 1024),
        /** Who may use the dashboard and /api; none configured = both are off. */
        dashboard: dashboardConfigSchema,
        /** Bearer token GET /metrics wants; without it /metrics is open (keep it on an internal network). */
        metricsToken: z.string().min(16, 'use a token of at least 16 characters (e.g. openssl rand -hex 24)').optional(),
      })
      .strict()
      .prefault({}),
    sync: z
      .object({
        /** Country of phone numbers written without a country code. */
        defaultRegion: z.string().regex(/^[A-Z]{2}$/, 'expected a two-letter country code like RU').default('RU'),
        /** Jobs a worker takes at once. */
        batchSize: z.number().int().min(1).max(1000).default(200),
        leaseSeconds: z.number().int().min(5).max(3600).default(120),
        maxAttempts: z.number().int().min(1).max(100).default(10),
        /** Full re-read of NAV pages whose changes Last_Date_Modified does not show (stock), and a backstop for the rest. */
        fullScanMinutes: z.number().min(1).max(10_080).default(60),
        /** How often `b24nav run` compares every id of each side with the links to find deletions (0 = never). */
        deletionScanMinutes: z.number().min(0).max(10_080).default(60),
      })
      .strict()
      .prefault({}),
    entities: z
      .object({
        customers: entity({ direction: 'both', owner: 'b24', conflictPolicy: 'merge', matchKeys: ['taxId', 'email', 'phone'] }, {}).prefault({}),
        contacts: entity({ direction: 'both', owner: 'b24', conflictPolicy: 'merge', matchKeys: ['email', 'phone'] }, {}).prefault({}),
        products: entity({ direction: 'nav_to_b24', owner: 'nav', conflictPolicy: 'master', matchKeys: ['itemNo'] }, {
          /** B24 price type the unit price goes to (by name; BASE = the base price). */
          priceType: z.string().min(1).default('BASE'),
        }).prefault({}),
        orders: entity({ direction: 'both', owner: 'b24', conflictPolicy: 'merge', matchKeys: ['dealId'] }, {
          enabled: z.boolean().default(false),
          /**
           * Deal stages (ids as B24 has them: NEW, WON, C1:PREPAYMENT_INVOICE) in which a deal gets a NAV sales order.
           * Default: every stage of the default pipeline from PREPARATION on (a deal moved on quickly still gets its order).
           */
          createStages: z.array(z.string().min(1)).default(['PREPARATION', 'PREPAYMENT_INVOICE', 'EXECUTING', 'FINAL_INVOICE', 'WON']),
          /** Release the order in NAV after writing it (header, lines and release are one unit). */
          release: z.boolean().default(false),
          /** A change of a Released order: refuse it with a reason on the deal, or reopen, change and release again. */
          onReleased: z.enum(['refuse', 'reopen']).default('refuse'),
          /** NAV order status → deal stage, per pipeline (category id); unmapped statuses move nothing. */
          stages: z
            .record(z.string().regex(/^\d+$/, 'expected a pipeline (category) id such as "0"'), z.partialRecord(z.enum(ORDER_STATUSES), z.string().min(1)))
            .default({ '0': { Released: 'PREPAYMENT_INVOICE', Shipped: 'EXECUTING', Invoiced: 'FINAL_INVOICE', Paid: 'WON' } }),
          /** `forward`: NAV moves a deal only to later stages (by their sort); `any`: also back. */
          stageMoves: z.enum(['forward', 'any']).default('forward'),
          /** Orders entered in NAV (no External Document No.) for a linked customer become deals. */
          fromNav: z
            .object({
              enabled: z.boolean().default(false),
              category: z.string().regex(/^\d+$/, 'expected a pipeline (category) id such as "0"').default('0'),
              stage: z.string().min(1).default('NEW'),
            })
            .strict()
            .prefault({}),
        }).prefault({}),
        invoices: entity({ direction: 'nav_to_b24', owner: 'nav', conflictPolicy: 'master', matchKeys: ['invoiceNo'] }, {
          enabled: z.boolean().default(false),
          /**
           * NAV invoice status → smart invoice stage. Empty (default): by the pipeline's stage semantics —
           * Open → its first stage, Paid → its success stage, Credited → its failure stage — since the ids
           * (DT31_<pipeline>:<code>) differ from portal to portal.
           */
          stages: z.partialRecord(z.enum(INVOICE_STATUSES), z.string().min(1)).default({}),
          /** Smart invoice pipeline (category id) new invoices go to. */
          category: z.string().regex(/^\d+$/, 'expected a pipeline (category) id such as "1"').optional(),
        }).prefault({}),
        stock: z
          .object({
            enabled: z.boolean().default(true),
            /** NAV location code → B24 store (by code or title); unmapped locations are created as stores. */
            locations: z.record(z.string(), z.string()).default({}),
            /** Stock held outside any location ('' in NAV) goes to this B24 store. */
            blankLocationStore: z.string().optional(),
            /** How often the stock of every item and location is read from NAV (inventory moves do not touch Last_Date_Modified). */
            intervalSeconds: z.number().min(10).max(86_400).default(300),
          })
          .strict()
          .prefault({}),
      })
      .strict()
      .superRefine(knownOmittedFields)
      .prefault({}),
    /** Alert rules and channels (docs/configuration.md#alerts). */
    alerts: alertsSchema,
  })
  .strict();

export type Config = z.output<typeof configSchema>;
export type ConfigInput = z.input<typeof configSchema>;
export type EntityConfig = Config['entities']['customers'];
export type OrdersConfig = Config['entities']['orders'];
export type InvoicesConfig = Config['entities']['invoices'];
export type FieldEntryConfig = z.output<typeof fieldEntrySchema>;
