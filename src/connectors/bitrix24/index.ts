// Bitrix24 connector: the REST client (auth, limits, batching, retries, paging).
// Vendor types never leave this folder; the engine uses the CrmPort adapter.
export { B24Client, commandString, MAX_BATCH_COMMANDS } from './client.ts';
export type { B24ClientOptions, B24Envelope, B24Request, BatchCommand, BatchReply, CallOptions, ClientStats } from './client.ts';
export type { B24Credentials, OAuthCredentials, OAuthTokens, RefreshOutcome, WebhookCredentials } from './auth.ts';
export { B24Limiter, PLAN_LIMITS } from './limiter.ts';
export type { LimiterConfig, LimiterSnapshot } from './limiter.ts';
export { keysetPages, keysetRows, rowsOf, PAGE_SIZE } from './paging.ts';
export { classifyError, isReadMethod } from './classify.ts';
export type * from './types.ts';
export { createCrmPort, type CrmPortOptions } from './crm-port/index.ts';
export { OfflineEventQueue, OFFLINE_EVENTS, type ChangeNotice } from './offline-events.ts';
