// Options of the NAV side of the ports, resolved once: defaults filled in, the
// time zone checked (a wrong name fails at start, not in the middle of a scan).
import { systemClock, type Clock } from '../../../core/clock.ts';
import { silentLogger, type Logger } from '../../../core/log.ts';
import type { CountryCode } from '../../../core/phone.ts';
import type { ValueMap } from '../../../core/transforms.ts';
import type { EntityKind } from '../../../engine/ports.ts';

/** How the orders side writes sales orders (config entities.orders). */
export interface OrderWriteOptions {
  /** Release the order after writing it: header, lines and release are one unit (default false). */
  readonly release?: boolean;
  /** A change of a Released order: refuse it (default), or reopen, change and release again. */
  readonly onReleased?: 'refuse' | 'reopen';
}

export interface ErpPortOptions {
  /** Region of phone numbers typed without a country code ("8 (495) …" is Russian with RU). */
  readonly defaultRegion?: CountryCode;
  /**
   * The NAV service's time zone (Services Default Time Zone, UTC unless the NAV admin
   * changed it, reference §5): Last_Date_Modified is NAV's TODAY there, and a change
   * scan's cursor never passes it.
   */
  readonly timeZone?: string;
  /** Whose "now" decides today (tests pass a FakeClock). */
  readonly clock?: Clock;
  /** Records per page of a change scan (default 500); reads still ask NAV for the client's page size. */
  readonly scanPageSize?: number;
  /**
   * A page field per entity that keeps the id of the source record (e.g. a custom
   * `B24_Id` field the NAV admin added to the page): creates write it and
   * findByExternalId looks records up by it. Without one, NAV has no place for it and
   * the engine finds a create whose answer was lost by its match keys instead.
   */
  readonly externalIdFields?: Partial<Record<EntityKind, string>>;
  /** The page field a match key is looked up in, when its name does not say (`{ customers: { inn: 'VAT_Registration_No' } }`). */
  readonly matchFields?: Partial<Record<EntityKind, Readonly<Record<string, string>>>>;
  /**
   * Records per CreateMultiple call over SOAP (default 100). Keep it at most the
   * client's `createBatchSize`: one call must be one transaction, so that a failed
   * batch can be retried record by record without creating anything twice.
   */
  readonly createBatchSize?: number;
  /** Updates (and single creates) in flight at once (default 8); the client caps all calls anyway. */
  readonly writeConcurrency?: number;
  readonly logger?: Logger;
  readonly orders?: OrderWriteOptions;
  /**
   * NAV VAT Prod. Posting Group → VAT % of document lines (the products' value map
   * `vatRates`; null = no VAT). A group the map lacks reads as the map's fallback, or null.
   */
  readonly vatRates?: ValueMap;
  /** ISO code of NAV's local currency (config nav.localCurrency): a blank Currency_Code means it. */
  readonly localCurrency?: string;
}

export interface ResolvedErpOptions {
  readonly defaultRegion: CountryCode | undefined;
  readonly timeZone: string;
  readonly clock: Clock;
  readonly scanPageSize: number;
  readonly externalIdFields: Partial<Record<EntityKind, string>>;
  readonly matchFields: Partial<Record<EntityKind, Readonly<Record<string, string>>>>;
  readonly createBatchSize: number;
  readonly writeConcurrency: number;
  readonly log: Logger;
  readonly orders: Required<OrderWriteOptions>;
  readonly vatRates: ValueMap;
  /** Upper-case ISO code, or null when not configured (a blank currency then reads as null). */
  readonly localCurrency: string | null;
}

function positive(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1) throw new Error(`ErpPort option ${name} must be a positive integer, not ${value}`);
  return value;
}

export function resolveErpOptions(options: ErpPortOptions): ResolvedErpOptions {
  const timeZone = options.timeZone ?? 'UTC';
  try {
    new Intl.DateTimeFormat('en-CA', { timeZone });
  } catch {
    throw new Error(`ErpPort option timeZone: "${timeZone}" is not an IANA time zone (e.g. UTC, Europe/Moscow)`);
  }
  return {
    defaultRegion: options.defaultRegion,
    timeZone,
    clock: options.clock ?? systemClock,
    scanPageSize: positive('scanPageSize', options.scanPageSize, 500),
    externalIdFields: options.externalIdFields ?? {},
    matchFields: options.matchFields ?? {},
    createBatchSize: positive('createBatchSize', options.createBatchSize, 100),
    writeConcurrency: positive('writeConcurrency', options.writeConcurrency, 8),
    log: options.logger ?? silentLogger,
    orders: { release: options.orders?.release ?? false, onReleased: options.orders?.onReleased ?? 'refuse' },
    vatRates: checkVatRates(options.vatRates ?? { values: {}, fallback: null }),
    localCurrency: checkCurrency(options.localCurrency),
  };
}

function checkVatRates(map: ValueMap): ValueMap {
  for (const [group, rate] of Object.entries(map.values)) {
    if (rate !== null && (typeof rate !== 'number' || !Number.isFinite(rate) || rate < 0)) {
      throw new Error(`ErpPort option vatRates: the VAT rate of group "${group}" must be a number of percent (20) or null (no VAT), not ${JSON.stringify(rate)}`);
    }
  }
  const fallback = map.fallback;
  if (fallback !== undefined && fallback !== null && (typeof fallback !== 'number' || !Number.isFinite(fallback) || fallback < 0)) {
    throw new Error(`ErpPort option vatRates: the fallback must be a number of percent or null, not ${JSON.stringify(fallback)}`);
  }
  return map;
}

function checkCurrency(code: string | undefined): string | null {
  if (code === undefined) return null;
  const upper = code.trim().toUpperCase();
  if (!/^[A-Z]{3}$/.test(upper)) throw new Error(`ErpPort option localCurrency: "${code}" is not an ISO 4217 currency code (GBP, RUB, EUR)`);
  return upper;
}
