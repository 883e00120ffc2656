// Scenario initial-load (issue 4): 5,000 companies Bitrix24 → NAV and 5,000 items
// NAV → Bitrix24 through both sandboxes with their real default limits (plan
// standard: 50 requests at once, then 2/s; 480 s of operating time per method),
// against the ceiling those limits allow and a naive one-call-per-command client.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { openRuntime, userFieldsToEnsure } from '../src/app/runtime.ts';
import { Agent } from 'undici';
import { B24Client } from '../src/connectors/bitrix24/index.ts';
import { silentLogger } from '../src/core/log.ts';
import { parseConfig } from '../src/config/load.ts';
import { sandboxConfig } from '../src/config/templates.ts';
import { PLAN_BUCKETS } from '../src/sandbox/bitrix24/limits.ts';
import { DEFAULT_WEBHOOK_CODE } from '../src/sandbox/bitrix24/index.ts';
import { startSandboxProcess } from './sandboxes.ts';
import { minimumSeconds, PeakRss, round } from './support.ts';

export interface InitialLoadOptions {
  readonly companies: number;
  readonly items: number;
  readonly naiveSample: number;
}

/** Commands the B24 side must carry per product created: catalog.product.add + catalog.price.modify. */
const COMMANDS_PER_PRODUCT = 2;

export async function initialLoad(options: InitialLoadOptions): Promise<Record<string, unknown>> {
  const dir = await mkdtemp(join(tmpdir(), 'b24nav-bench-'));
  const [b24, nav] = await Promise.all([
    startSandboxProcess('b24', ['--plan', 'standard', '--companies', String(options.companies), '--contacts', '0', '--products', '0', '--deals', '0']),
    startSandboxProcess('nav', ['--customers', '10', '--items', String(options.items)]),
  ]);
  try {
    const raw = parseDocument(
      sandboxConfig({ b24Port: Number(new URL(b24.url).port), navPort: Number(new URL(nav.url).port), serverPort: 0 }, join(dir, 'bench.db')),
    ).toJS() as Record<string, Record<string, unknown>>;
    raw['entities'] = {
      customers: { direction: 'b24_to_nav', matchKeys: ['taxId', 'email', 'phone'] },
      contacts: { enabled: false },
      products: { direction: 'nav_to_b24' },
      stock: { enabled: false },
    };
    raw['sync'] = { batchSize: 1000 };
    const app = await openRuntime(parseConfig(raw, {}, 'bench'), { log: silentLogger });
    await app.crm.ensureUserFields(userFieldsToEnsure(app.engine));
    const peak = new PeakRss();
    const started = Date.now();
    const report = await app.engine.syncOnce({ full: true });
    const seconds = (Date.now() - started) / 1000;
    const peakRssMb = peak.stop();
    const done = Object.values(report.entities).reduce((n, e) => n + e.done, 0);
    const dead = Object.values(report.entities).reduce((n, e) => n + e.dead, 0);
    const requests = app.b24.stats.requests;
    const byMethod = { ...app.b24.stats.commandsByMethod };
    const batches = app.b24.stats.batches;
    const created = report.entities['products']?.done ?? 0;
    // The least the portal must carry: the product writes (50 commands per request) and the
    // company reads (2,500 rows per request for each of companies, requisites, addresses).
    const minRequests = Math.ceil((created * COMMANDS_PER_PRODUCT) / 50) + Math.ceil((options.companies * 3) / 2500);
    const bucket = PLAN_BUCKETS.standard;
    const cost = 0.02;
    const ceilingSeconds = minimumSeconds({ bucketSize: bucket.size, drainPerSecond: bucket.drainPerSecond, operatingSeconds: 480 }, minRequests, {
      'catalog.product.add': created * cost,
      'catalog.price.modify': created * cost,
    });
    const records = options.companies + options.items;
    await app.close();

    // The naive client: one call per command, one after another, waiting out refusals. It calls
    // from 127.0.0.2, so it starts with its own full bucket (the bucket is per client IP).
    const fromOtherIp = new Agent({ connect: { localAddress: '127.0.0.2' } });
    const naive = new B24Client({ credentials: { kind: 'webhook', url: `${b24.url}/rest/1/${DEFAULT_WEBHOOK_CODE}/` }, batching: false, maxInFlight: 1, dispatcher: fromOtherIp });
    const naiveStart = Date.now();
    for (let i = 0; i < options.naiveSample; i++) {
      const product = await naive.call<{ element: { id: number } }>('catalog.product.add', { fields: { iblockId: 25, name: `Naive ${i}`, xmlId: `NAIVE-${i}` } });
      await naive.call('catalog.price.modify', { fields: { product: { id: product.element.id, prices: [{ catalogGroupId: 1, price: 100 + i, currency: 'RUB' }] } } });
    }
    const naiveSeconds = (Date.now() - naiveStart) / 1000;
    await naive.close();
    await fromOtherIp.close();

    const recordsPerS = records / seconds;
    const ceiling = records / Math.max(ceilingSeconds, 1e-9);
    const naiveRate = options.naiveSample / naiveSeconds;
    return {
      scenario: 'initial-load',
      records,
      synced: done,
      failed: dead,
      seconds: round(seconds),
      records_per_s: round(recordsPerS),
      b24_requests: requests,
      b24_min_requests: minRequests,
      b24_batches: batches,
      b24_commands_by_method: byMethod,
      ceiling_seconds: round(ceilingSeconds),
      ceiling_records_per_s: round(ceiling),
      ratio: round(recordsPerS / ceiling, 3),
      peak_rss_mb: peakRssMb,
      naive_sample: options.naiveSample,
      naive_seconds: round(naiveSeconds),
      naive_records_per_s: round(naiveRate, 3),
      speedup_vs_naive_b24_writes: round((created / Math.max(seconds, 1e-9)) / naiveRate, 1),
    };
  } finally {
    await Promise.all([b24.stop(), nav.stop()]);
    await rm(dir, { recursive: true, force: true });
  }
}
