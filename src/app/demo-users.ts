// Simulated users for `b24nav demo`: every few seconds someone edits a company or
// adds one in Bitrix24, or changes a customer, a price or the stock in NAV — the
// way people work in both systems, so the demo shows changes flowing both ways.
import { pick, randomInt, seededRandom, type Random } from '../core/random.ts';
import type { Logger } from '../core/log.ts';
import { b24Admin, type RunningB24Sandbox } from '../sandbox/bitrix24/index.ts';
import type { RunningNavSandbox } from '../sandbox/nav/index.ts';

export interface DemoUsers {
  stop(): void;
  /** What the simulated users did last, newest first. */
  readonly recent: string[];
}

const CITIES = ['Москва', 'Казань', 'Berlin', 'Санкт-Петербург', 'Paris'];

export interface NavKeys {
  readonly customers: readonly string[];
  readonly items: readonly string[];
}

export function startDemoUsers(b24: RunningB24Sandbox, nav: RunningNavSandbox, keys: NavKeys, log: Logger, everyMs = 4000, seed = 42): DemoUsers {
  const random: Random = seededRandom(seed);
  const recent: string[] = [];
  const did = (what: string): void => {
    recent.unshift(`${new Date().toISOString().slice(11, 19)} ${what}`);
    recent.splice(8);
  };
  const actions: Array<() => void> = [
    () => {
      const ids = [...b24.portal.state.companies.values()].map((c) => c.ID);
      const id = pick(random, ids);
      const phone = `+7 495 ${randomInt(random, 100, 999)}-${randomInt(random, 10, 99)}-${randomInt(random, 10, 99)}`;
      b24Admin.userEdit(b24.portal, 'company', id, { PHONE: [{ ID: b24.portal.multifieldIndex.of('COMPANY', id).find((m) => m.TYPE_ID === 'PHONE')?.ID, VALUE: phone }] }, 2);
      did(`Bitrix24: manager changed the phone of company ${id} to ${phone}`);
    },
    () => {
      const n = randomInt(random, 1000, 9999);
      const result = b24Admin.adminCall(b24.portal, 'crm.company.add', { fields: { TITLE: `ООО «Новый клиент ${n}»`, EMAIL: [{ VALUE: `info${n}@client.ru`, VALUE_TYPE: 'WORK' }] } }, 3);
      did(`Bitrix24: manager added company ${String(result.result)} "Новый клиент ${n}"`);
    },
    () => {
      const no = pick(random, keys.customers);
      const limit = randomInt(random, 1, 50) * 10_000;
      nav.sandbox.edit({ page: 'Customer', key: { No: no }, fields: { Credit_Limit_LCY: limit } });
      did(`NAV: accountant set the credit limit of customer ${no} to ${limit}`);
    },
    () => {
      const no = pick(random, keys.customers);
      const city = pick(random, CITIES);
      nav.sandbox.edit({ page: 'Customer', key: { No: no }, fields: { City: city } });
      did(`NAV: clerk moved customer ${no} to ${city}`);
    },
    () => {
      const no = pick(random, keys.items);
      const quantity = randomInt(random, 1, 20);
      nav.sandbox.adjustInventory({ itemNo: no, locationCode: pick(random, ['BLUE', 'RED', 'YELLOW']), quantity });
      did(`NAV: warehouse received ${quantity} of item ${no}`);
    },
    () => {
      const no = pick(random, keys.items);
      const price = randomInt(random, 10, 900) * 10;
      nav.sandbox.edit({ page: 'Item', key: { No: no }, fields: { Unit_Price: price } });
      did(`NAV: pricing set item ${no} to ${price}`);
    },
  ];
  const timer = setInterval(() => {
    try {
      pick(random, actions)();
    } catch (error) {
      log.debug({ err: String(error) }, 'a simulated user action was refused');
    }
  }, everyMs);
  timer.unref();
  return { stop: () => clearInterval(timer), recent };
}
