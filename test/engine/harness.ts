// An engine over in-memory sides and a real SQLite store, for the pipeline's semantics.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../../src/config/load.ts';
import type { ConfigInput } from '../../src/config/schema.ts';
import { Engine, type EngineDeps } from '../../src/engine/engine.ts';
import type { CrmPort, EntityKind, ErpPort, StockSource, StockTarget } from '../../src/engine/ports.ts';
import { openStore, type Store } from '../../src/store/index.ts';
import { MemorySide } from '../support/memory-side.ts';

export interface Harness {
  readonly b24: MemorySide;
  readonly nav: MemorySide;
  readonly store: Store;
  engine: Engine;
  /** The in-memory side of any entity kind. */
  of(entity: EntityKind, side: 'b24' | 'nav'): MemorySide;
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
  const sides = new Map<string, MemorySide>([
    ['customers|b24', b24],
    ['customers|nav', nav],
  ]);
  const other = (side: 'b24' | 'nav', entity: Exclude<EntityKind, 'customers'>): MemorySide => {
    const memory = new MemorySide(side, entity, side === 'b24' ? () => '2026-11-29T10:00:00+03:00' : () => '2026-11-29');
    sides.set(`${entity}|${side}`, memory);
    return memory;
  };
  const kinds = ['contacts', 'products', 'orders', 'invoices'] as const;
  const crm: CrmPort = { customers: b24, ...Object.fromEntries(kinds.map((k) => [k, other('b24', k)])), stock: noStock, ensureUserFields: () => Promise.resolve([]), close: () => Promise.resolve() } as unknown as CrmPort;
  const erp: ErpPort = { customers: nav, ...Object.fromEntries(kinds.map((k) => [k, other('nav', k)])), stock: noStock, close: () => Promise.resolve() } as unknown as ErpPort;
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
    of: (entity, side) => sides.get(`${entity}|${side}`) as MemorySide,
    newEngine: (ent) => (h.engine = make(ent)),
    async close() {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
  return h;
}
