// What every part of the CrmPort adapter shares: the client, the cached portal
// dictionaries, the phone region and the logger.
import type { Logger } from '../../../core/log.ts';
import type { CountryCode } from '../../../core/phone.ts';
import type { B24Client } from '../client.ts';
import type { CatalogDictionaries, CrmDictionaries, Lazy } from './dictionaries.ts';

export interface PortContext {
  readonly client: B24Client;
  readonly crm: Lazy<CrmDictionaries>;
  readonly catalog: Lazy<CatalogDictionaries>;
  /** Region of phone numbers written without a country code. */
  readonly region: CountryCode | undefined;
  readonly log: Logger;
}

export interface FieldPath {
  readonly path: string;
  readonly writable: boolean;
  readonly maxLength?: number;
}
