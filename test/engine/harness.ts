// An engine over in-memory sides and a real SQLite store, for the pipeline's semantics.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../../src/config/load.ts';
import type { ConfigInput } from '../../src/config/schema.ts';
import { Engine, type EngineDeps } from '../../src/engine/engine.ts';
import type { CrmPort, ErpPort, StockSource, StockTarget } from '../../src/engine/ports.ts';
import { openStore, type Store } from '../../src/store/index.ts';
import { MemorySide } from '../support/memory-side.ts';

export interface Harness {
  readonly b24: MemorySide;
  readonly nav: MemorySide;
  readonly store: Store;
  engine: Engine;
  newEngine(entities?: ConfigInput['entities']): Engine;
  close(): Promise<void>;
}

const noStock: StockSource & StockTarget = {
  levels: async function* () {},
  locations: () => Promise.resolve([]),
  mode: () => Promise.resolve('quantity'),
  ensureStores: () => Promise.resolve(new Map()),
  amounts: () => Promise.resolve(new Map()),
  apply: () => Promise.resolve([]),
};

/** `deps`: more engine dependencies (an observer, a clock) for every engine the harness makes. */
export async function harness(entities: ConfigInput['entities'] = {}, deps: Pick<EngineDeps, 'observer' | 'clock'> = {}): Promise<Harness> {
  const dir = await mkdtemp(join(tmpdir(), 'b24nav-engine-'));
  const store = await openStore({ file: join(dir, 'test.db') });
  const b24 = new MemorySide('b24', 'customers', () => '2026-11-29T10:00:00+03:00');
  const nav = new MemorySide('nav', 'customers', () => '2026-11-29');
  b24.lookupPaths = { taxId: 'requisite.TAX_ID', email: 'EMAIL', phone: 'PHONE' };
  nav.lookupPaths = { taxId: 'VAT_Registration_No', email: 'E_Mail', phone: 'Phone_No' };
  const other = (side: 'b24' | 'nav', entity: 'contacts' | 'products'): MemorySide => new MemorySide(side, entity);
  const crm: CrmPort = { customers: b24, contacts: other('b24', 'contacts'), products: other('b24', 'products'), stock: noStock, ensureUserFields: () => Promise.resolve([]), close: () => Promise.resolve() };
  const erp: ErpPort = { customers: nav, contacts: other('nav', 'contacts'), products: other('nav', 'products'), stock: noStock, close: () => Promise.resolve() };
  const make = (ent: ConfigInput['entities'] = entities): Engine =>
    new Engine({
      config: parseConfig(
        {
          bitrix24: { webhookUrl: 'https://portal.example/rest/1/code/' },
          nav: { soapUrl: 'http://nav.example:7047/DynamicsNAV110', company: 'CRONUS', auth: { mode: 'none' } },
          sync: { maxAttempts: 3 },
          entities: { contacts: { enabled: false }, products: { enabled: false }, stock: { enabled: false }, ...ent },
        },
        {},
      ),
      store,
      crm,
      erp,
      random: () => 0.5,
      ...deps,
    });
  const h: Harness = {
    b24,
    nav,
    store,
    engine: make(),
    newEngine: (ent) => (h.engine = make(ent)),
    async close() {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
  return h;
}
