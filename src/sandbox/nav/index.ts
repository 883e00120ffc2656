// The Dynamics NAV sandbox: SOAP page services and OData v4 over NTLM, Basic or
// no authentication, with the CRONUS demo data, business rules that matter to a
// sync, fault injection and an admin API. See docs/sandbox.md.
import { escapeDataString } from '../../connectors/nav/schema/index.ts';
import { FaultInjector } from '../common/faults.ts';
import { ensureSelfSignedCert, type TlsMaterial } from '../common/tls.ts';
import { registerNavAdminRoutes, summarize, type ResetInput, type StateSummary } from './admin-routes.ts';
import { resolveOptions, type NavSandboxOptions } from './options.ts';
import { loadSnapshot, SnapshotWriter } from './persistence.ts';
import { buildNavServer } from './server.ts';
import type { NavServerContext } from './server-context.ts';
import { NavState } from './state.ts';
import { UserActions } from './user-actions.ts';

export { navSandboxOptionsSchema, NAV_AUTH_MODES, type NavSandboxOptions } from './options.ts';
export type { PostResult } from './logic/posting.ts';
export type { PaymentResult } from './logic/payment.ts';
export type { StateSummary, ResetInput } from './admin-routes.ts';
export type { AdjustInventoryInput, CreditMemoInput, DeleteInput, EditInput, PostOrderInput, ReceivePaymentInput } from './user-actions.ts';
export { RUSSIA_COMPANY } from './seed/index.ts';

/** The programmatic twin of the admin API, for tests. */
export interface NavSandboxApi {
  readonly faults: FaultInjector;
  postOrder: UserActions['postOrder'];
  receivePayment: UserActions['receivePayment'];
  adjustInventory: UserActions['adjustInventory'];
  postCreditMemo: UserActions['postCreditMemo'];
  edit: UserActions['edit'];
  delete: UserActions['delete'];
  read: UserActions['read'];
  state(): StateSummary;
  reset(input?: ResetInput): void;
}

export interface RunningNavSandbox {
  /** http(s)://host:port/<Instance> */
  readonly baseUrl: string;
  readonly companies: readonly string[];
  soapUrl(company: string, service: string): string;
  codeunitUrl(company: string, service?: string): string;
  odataUrl(company: string): string;
  readonly certPath?: string;
  readonly sandbox: NavSandboxApi;
  close(): Promise<void>;
}

export async function startNavSandbox(input: NavSandboxOptions = {}): Promise<RunningNavSandbox> {
  const options = resolveOptions(input);
  const state = new NavState(options.clock, { creditLimitCheck: options.creditLimitCheck }, options.company, options.services, {
    seed: options.seed,
    customers: options.customers,
    items: options.items,
  });
  const dataFile = options.dataFile;
  let writer: SnapshotWriter | undefined;
  if (dataFile) {
    const snapshot = await loadSnapshot(dataFile);
    if (snapshot) state.restore(snapshot);
    writer = new SnapshotWriter(dataFile, () => state.snapshot(), (error) => process.stderr.write(`NAV sandbox: cannot write ${dataFile}: ${String(error)}\n`));
    if (!snapshot) await writer.flush();
  }
  const faults = new FaultInjector(['latency', 'http_500', 'timeout', 'drop_after_commit', 'stale_key', 'rate_limit'], options.faultSeed);
  const changed = (): void => writer?.schedule();
  const ctx: NavServerContext = {
    state,
    faults,
    clock: options.clock,
    changed,
    instance: options.instance,
    codeunit: options.codeunit,
    soapBlankFields: options.soapBlankFields,
    dateOrder: options.dateOrder,
    odataPageSize: options.odataPageSize,
    odataErrorCodes: options.odataErrorCodes,
    staleETagStatus: options.staleETagStatus,
  };
  const actions = new UserActions(state, changed);
  const reset = (body: ResetInput = {}): void => {
    state.reset({ seed: body.seed ?? state.seed.seed, customers: body.customers ?? state.seed.customers, items: body.items ?? state.seed.items });
    faults.clear();
    changed();
  };
  const tls: TlsMaterial | undefined = options.tls ? await ensureSelfSignedCert(options.tlsDir, 'nav', [options.host]) : undefined;
  const app = buildNavServer(options, ctx, tls, (server) => registerNavAdminRoutes(server, state, faults, actions, reset));
  await app.listen({ host: options.host, port: options.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  const baseUrl = `${tls ? 'https' : 'http'}://${host}:${port}/${options.instance}`;
  const companyKey = (company: string): string => escapeDataString(company.replace(/'/g, "''"));
  return {
    baseUrl,
    companies: [...state.companies.keys()],
    soapUrl: (company, service) => `${baseUrl}/WS/${escapeDataString(company)}/Page/${service}`,
    codeunitUrl: (company, service = options.codeunit) => `${baseUrl}/WS/${escapeDataString(company)}/Codeunit/${service}`,
    odataUrl: (company) => `${baseUrl}/ODataV4/Company('${companyKey(company)}')`,
    ...(tls ? { certPath: tls.certPath } : {}),
    sandbox: {
      faults,
      postOrder: (i) => actions.postOrder(i),
      receivePayment: (i) => actions.receivePayment(i),
      adjustInventory: (i) => actions.adjustInventory(i),
      postCreditMemo: (i) => actions.postCreditMemo(i),
      edit: (i) => actions.edit(i),
      delete: (i) => actions.delete(i),
      read: (page, key, company) => actions.read(page, key, company),
      state: () => summarize(state),
      reset,
    },
    close: async () => {
      await app.close();
      await writer?.flush();
    },
  };
}
