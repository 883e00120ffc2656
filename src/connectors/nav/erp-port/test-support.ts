// What the ErpPort tests share: the NAV sandbox over real HTTP, a counting proxy in
// front of it (every call the client makes passes through it, so tests can say how
// many calls an operation took), a client on one transport, and the port. Only
// *.test.ts import this.
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakeClock } from '../../../core/clock.ts';
import type { SideRecord } from '../../../core/record.ts';
import type { ChangeScan, ErpPort, WriteOutcome } from '../../../engine/ports.ts';
import { startNavSandbox, type NavSandboxOptions, type RunningNavSandbox } from '../../../sandbox/nav/index.ts';
import { createNavClient, type NavClient } from '../client.ts';
import type { NavClientOptions } from '../options.ts';
import { createErpPort } from './index.ts';
import type { ErpPortOptions } from './options.ts';

export const TRANSPORTS = ['soap', 'odata'] as const;
export type Transport = (typeof TRANSPORTS)[number];
export const COMPANY = 'CRONUS International Ltd.';
/** 2026-03-10 09:00 UTC: NAV's today in the tests. */
export const START = Date.UTC(2026, 2, 10, 9);

/** Calls through the proxy, by operation: `Customer.ReadMultiple` (SOAP action) or `Customer.GET` (OData). */
export class CallCounter {
  readonly byOperation = new Map<string, number>();
  total = 0;

  record(message: IncomingMessage): void {
    const action = message.headers['soapaction'];
    let operation: string;
    if (typeof action === 'string' && action !== '') {
      const [namespace = '', op = ''] = action.replace(/"/g, '').split(/:(?=[^:]*$)/);
      operation = `${namespace.split('/').pop() ?? ''}.${op}`;
    } else {
      const path = decodeURIComponent(new URL(message.url ?? '/', 'http://x').pathname);
      const entity = /\)\/([A-Za-z_]+)/.exec(path)?.[1] ?? path;
      operation = `${entity}.${message.method ?? ''}`;
    }
    this.total++;
    this.byOperation.set(operation, (this.byOperation.get(operation) ?? 0) + 1);
  }

  /** Calls made while `fn` ran. */
  async during<T>(fn: () => Promise<T>): Promise<{ result: T; calls: number }> {
    const before = this.total;
    const result = await fn();
    return { result, calls: this.total - before };
  }
}

/** A reverse proxy that counts requests and keeps the Host header, so OData next links come back through it. */
async function countingProxy(target: URL, counter: CallCounter): Promise<{ server: Server; origin: string }> {
  const server = createServer((incoming, outgoing) => {
    counter.record(incoming);
    const forward = httpRequest({ host: target.hostname, port: target.port, method: incoming.method, path: incoming.url, headers: incoming.headers }, (answer) => {
      outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(outgoing);
    });
    forward.on('error', () => outgoing.destroy());
    incoming.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

export interface PortFixture {
  readonly nav: RunningNavSandbox;
  readonly client: NavClient;
  readonly port: ErpPort;
  readonly calls: CallCounter;
  readonly clock: FakeClock;
  readonly transport: Transport;
  close(): Promise<void>;
}

export interface FixtureOptions {
  readonly sandbox?: Omit<NavSandboxOptions, 'port' | 'clock'>;
  readonly client?: Partial<Omit<NavClientOptions, 'soapUrl' | 'company' | 'transport'>>;
  readonly port?: ErpPortOptions;
}

export async function startPort(transport: Transport, options: FixtureOptions = {}): Promise<PortFixture> {
  const clock = new FakeClock(START);
  const nav = await startNavSandbox({ auth: 'none', ...options.sandbox, port: 0, clock });
  const calls = new CallCounter();
  const base = new URL(nav.baseUrl);
  const proxy = await countingProxy(base, calls);
  const client = createNavClient({ auth: { mode: 'none' }, maxConcurrency: 8, ...options.client, soapUrl: `${proxy.origin}${base.pathname}`, company: COMPANY, transport });
  const port = createErpPort(client, { defaultRegion: 'RU', clock, ...options.port });
  return {
    nav,
    client,
    port,
    calls,
    clock,
    transport,
    async close() {
      await port.close();
      proxy.server.closeAllConnections();
      await new Promise<void>((resolve) => proxy.server.close(() => resolve()));
      await nav.close();
    },
  };
}

/** Every record of a scan, and the cursor it ends with. */
export async function drain(scan: ChangeScan): Promise<{ records: SideRecord[]; pages: number; cursor: string | null }> {
  const records: SideRecord[] = [];
  let pages = 0;
  for await (const page of scan.pages) {
    pages++;
    records.push(...page);
  }
  return { records, pages, cursor: scan.cursor() };
}

/** The record of a successful write, or a failure naming the error. */
export function written(outcome: WriteOutcome | undefined): SideRecord {
  if (!outcome) throw new Error('no outcome');
  if (!outcome.ok) throw new Error(`write failed: ${outcome.error.code} ${outcome.error.message}`);
  return outcome.record;
}

/** The error of a failed write. */
export function failed(outcome: WriteOutcome | undefined): { code: string; kind: string; message: string } {
  if (!outcome) throw new Error('no outcome');
  if (outcome.ok) throw new Error(`expected a failure, got record ${outcome.record.id}`);
  return { code: outcome.error.code, kind: outcome.error.kind, message: outcome.error.message };
}
