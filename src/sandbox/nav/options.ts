// Options of the NAV sandbox, validated once with a message that names the
// option and what it accepts.
import { z } from 'zod';
import { systemClock, type Clock } from '../../core/clock.ts';
import { NAV_PAGE_IDS } from '../../connectors/nav/schema/index.ts';
import { DEFAULT_CUSTOMERS, DEFAULT_ITEMS } from './seed/index.ts';

export const NAV_AUTH_MODES = ['ntlm', 'basic', 'none'] as const;

const serviceName = z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'a service name is letters, digits and _ and starts with a letter');

export const navSandboxOptionsSchema = z
  .object({
    host: z.string().min(1).default('127.0.0.1'),
    port: z.number().int().min(0).max(65_535).default(3102),
    instance: z.string().regex(/^[A-Za-z0-9_-]+$/, 'an instance name is letters, digits, _ and -').default('DynamicsNAV110'),
    company: z.string().min(1).max(30).refine((s) => !/[/?]/.test(s), 'a company name cannot contain / or ?').default('CRONUS International Ltd.'),
    auth: z.enum(NAV_AUTH_MODES).default('ntlm'),
    /** The scheme NAV advertises for Windows authentication (§4). */
    ntlmScheme: z.enum(['Negotiate', 'NTLM']).default('Negotiate'),
    ntlmSession: z.enum(['request', 'connection']).default('request'),
    user: z.string().min(1).default('navuser'),
    password: z.string().min(1).default('Nav-Sandbox-1'),
    domain: z.string().default('CRONUS'),
    tls: z.boolean().default(false),
    tlsDir: z.string().min(1).default('data/tls'),
    seed: z.number().int().min(0).max(2 ** 31 - 1).default(1),
    customers: z.number().int().min(0).max(1_000_000).default(DEFAULT_CUSTOMERS),
    items: z.number().int().min(0).max(1_000_000).default(DEFAULT_ITEMS),
    odataPageSize: z.number().int().min(1).max(100_000).default(1000),
    dataFile: z.string().min(1).optional(),
    admin: z.boolean().default(true),
    codeunit: serviceName.default('B24NavIntegration'),
    services: z.partialRecord(z.enum(NAV_PAGE_IDS as [string, ...string[]]), serviceName).default({}),
    creditLimitCheck: z.enum(['callback', 'notification', 'off']).default('callback'),
    soapBlankFields: z.enum(['omit', 'empty']).default('omit'),
    dateOrder: z.enum(['MDY', 'DMY', 'YMD']).default('MDY'),
    odataErrorCodes: z.boolean().default(true),
    staleETagStatus: z.union([z.literal(409), z.literal(412)]).default(409),
    maxMessageSizeKb: z.number().int().min(1).max(1_048_576).default(1024),
    faultSeed: z.number().int().default(1),
  })
  .strict();

export type NavSandboxOptions = z.input<typeof navSandboxOptionsSchema> & { readonly clock?: Clock };
export type ResolvedNavOptions = z.output<typeof navSandboxOptionsSchema> & { readonly clock: Clock };

export function resolveOptions(options: NavSandboxOptions): ResolvedNavOptions {
  const { clock, ...rest } = options;
  const parsed = navSandboxOptionsSchema.safeParse(rest);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `${i.path.join('.') || '(options)'}: ${i.message}`).join('; ');
    throw new Error(`invalid NAV sandbox options: ${detail}`);
  }
  return { ...parsed.data, clock: clock ?? systemClock };
}
