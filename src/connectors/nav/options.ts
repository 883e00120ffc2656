// Options of the NAV client, validated once by a zod schema the service's config
// embeds. A message names the option and what it accepts; secrets never appear.
import { z } from 'zod';
import { NAV_PAGE_IDS, type NavPageId } from './schema/index.ts';

const baseUrl = z
  .string()
  .regex(/^https?:\/\/[^/]+\/[^/?#]+\/?$/, 'expected http(s)://host:port/<ServerInstance>, e.g. https://nav.example.com:7047/DynamicsNAV110')
  .transform((s) => s.replace(/\/$/, ''));
const serviceName = z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'a web service name is letters, digits and _');
const pageIds = z.enum(NAV_PAGE_IDS as [NavPageId, ...NavPageId[]]);

export const navClientOptionsSchema = z
  .object({
    /** The SOAP base: the server instance on the SOAP port (7047 by default). */
    soapUrl: baseUrl,
    /** The OData base: the server instance on the OData port (7048 by default); defaults to soapUrl. */
    odataUrl: baseUrl.optional(),
    company: z.string().min(1),
    auth: z.discriminatedUnion('mode', [
      z.object({ mode: z.literal('ntlm'), user: z.string().min(1), password: z.string().min(1), domain: z.string().default(''), workstation: z.string().optional() }).strict(),
      z.object({ mode: z.literal('basic'), user: z.string().min(1), password: z.string().min(1) }).strict(),
      z.object({ mode: z.literal('none') }).strict(),
    ]),
    tls: z
      .object({
        /** PEM text of the CA or of the server's self-signed certificate. */
        ca: z.string().includes('BEGIN CERTIFICATE', { message: 'expected the PEM text of a certificate' }).optional(),
        /** Accept any certificate. For test servers only. */
        insecure: z.boolean().default(false),
      })
      .strict()
      .default({ insecure: false }),
    /** The transport of pages not listed in `transports`. SOAP works on NAV 2013–2018, OData v4 from NAV 2017. */
    transport: z.enum(['soap', 'odata']).default('soap'),
    transports: z.partialRecord(pageIds, z.enum(['soap', 'odata'])).default({}),
    /** Service names the NAV admin published, when they differ from the defaults (Customer, Item, SalesOrder, …). */
    services: z.partialRecord(pageIds, serviceName).default({}),
    /** The codeunit web service with ReleaseSalesOrder/ReopenSalesOrder (docs/sandbox.md). */
    codeunit: serviceName.default('B24NavIntegration'),
    maxConcurrency: z.number().int().min(1).max(1000).default(40),
    timeoutMs: z.number().int().min(100).max(3_600_000).default(120_000),
    /** Records per ReadMultiple call. */
    pageSize: z.number().int().min(1).max(100_000).default(1000),
    /** Date format of SOAP filter criteria: the NAV service language's (en-US = MDY). */
    soapDateOrder: z.enum(['MDY', 'DMY', 'YMD']).default('MDY'),
    /** Records per CreateMultiple call. */
    createBatchSize: z.number().int().min(1).max(10_000).default(100),
  })
  .strict();

export type NavClientOptions = z.input<typeof navClientOptionsSchema>;
export type ResolvedNavClientOptions = z.output<typeof navClientOptionsSchema>;

export function resolveClientOptions(options: NavClientOptions): ResolvedNavClientOptions {
  const parsed = navClientOptionsSchema.safeParse(options);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `nav.${i.path.join('.') || '(options)'}: ${i.message}`).join('; ');
    throw new Error(`invalid NAV client options: ${detail}`);
  }
  return parsed.data;
}
