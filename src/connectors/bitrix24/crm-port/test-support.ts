// What the CrmPort tests share: a sandbox portal over real HTTP with the limits
// off, a client on its inbound webhook, and the port. Only *.test.ts import this.
import type { SideRecord } from '../../../core/record.ts';
import type { CrmPort } from '../../../engine/ports.ts';
import { startB24Sandbox, type B24SandboxOptions, type RunningB24Sandbox } from '../../../sandbox/bitrix24/index.ts';
import { B24Client } from '../client.ts';
import { createCrmPort, type CrmPortOptions } from './index.ts';

export interface PortFixture {
  readonly sandbox: RunningB24Sandbox;
  readonly client: B24Client;
  readonly port: CrmPort;
  close(): Promise<void>;
}

export async function startPort(seed: B24SandboxOptions['seed'], options: CrmPortOptions = { defaultRegion: 'RU' }, sandbox: Omit<B24SandboxOptions, 'seed'> = {}): Promise<PortFixture> {
  const running = await startB24Sandbox({ port: 0, limits: false, seed: { companies: 0, contacts: 0, products: 0, deals: 0, ...seed }, ...sandbox });
  // The portal's limits are off: so is the client's own model of them (else it paces at 2 requests/s).
  const client = new B24Client({
    credentials: { kind: 'webhook', url: running.webhookUrl },
    retry: { baseMs: 5, capMs: 20, maxAttempts: 4 },
    timeoutMs: 5000,
    limiter: { bucketSize: 1_000_000, drainPerSecond: 1_000_000 },
  });
  const port = createCrmPort(client, options);
  return {
    sandbox: running,
    client,
    port,
    async close() {
      await port.close();
      await running.close();
    },
  };
}

/** Every record of a scan, and the cursor it ends with. */
export async function drain(scan: ReturnType<CrmPort['customers']['scanChanges']>): Promise<{ records: SideRecord[]; pages: number; cursor: string | null }> {
  const records: SideRecord[] = [];
  let pages = 0;
  for await (const page of scan.pages) {
    pages++;
    records.push(...page);
  }
  return { records, pages, cursor: scan.cursor() };
}

/** The one successful record of a write, or a failure naming the error. */
export function written(outcome: Awaited<ReturnType<CrmPort['customers']['create']>>[number] | undefined): SideRecord {
  if (!outcome) throw new Error('no outcome');
  if (!outcome.ok) throw new Error(`write failed: ${outcome.error.code} ${outcome.error.message}`);
  return outcome.record;
}
