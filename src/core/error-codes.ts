// The one list of b24nav error codes. Each has the failure kind the engine acts on,
// the system it comes from, and a cause and fix written for the person running the
// service. docs/operations.md is kept in step with this list by a test.
import type { FailureKind, SystemName } from './failure.ts';

export interface ErrorCodeInfo {
  readonly kind: FailureKind;
  readonly system: SystemName;
  readonly cause: string;
  readonly fix: string;
}

function code(kind: FailureKind, system: SystemName, cause: string, fix: string): ErrorCodeInfo {
  return { kind, system, cause, fix };
}

export const ERROR_CODES = {
  // ---- Bitrix24 ----------------------------------------------------------
  B24_QUERY_LIMIT: code('rate_limited', 'bitrix24',
    'The portal refused the request with 503 QUERY_LIMIT_EXCEEDED: the leaky bucket of the portal (per client IP) is full.',
    'Nothing to do for a single burst; b24nav waits for the bucket to drain. If it persists, another program on the same IP shares the bucket: lower its rate or set the plan (standard/enterprise) correctly in the config.'),
  B24_OPERATION_TIME_LIMIT: code('rate_limited', 'bitrix24',
    'The method used up its operating time (480 s of server time per 10 minutes) and answers 429 OPERATION_TIME_LIMIT.',
    'b24nav pauses that method until operating_reset_at. Reduce heavy calls to the method (narrow select, fewer fields) if it happens often.'),
  B24_OVERLOAD: code('rate_limited', 'bitrix24',
    'REST API is blocked for the portal (503 OVERLOAD_LIMIT), a manual block by Bitrix24.',
    'Contact Bitrix24 support; b24nav keeps retrying with long pauses.'),
  B24_AUTH_FAILED: code('permanent', 'bitrix24',
    'The portal rejected the credentials (401 NO_AUTH_FOUND or invalid_token after a refresh): wrong webhook code, deleted webhook or revoked app.',
    'Check bitrix24.webhookUrl (or the OAuth app keys) in the config; re-create the inbound webhook if its code changed.'),
  B24_TOKEN_EXPIRED: code('transient', 'bitrix24',
    'The OAuth access token expired (401 expired_token).',
    'None: b24nav refreshes the token and repeats the call once.'),
  B24_TOKEN_REFRESH_FAILED: code('permanent', 'bitrix24',
    'The OAuth server refused to refresh the token (invalid_grant, invalid_client): the refresh token is used, expired (180 days) or the app was removed.',
    'Re-install the application or run the OAuth authorization again, then update the stored tokens.'),
  B24_INSUFFICIENT_SCOPE: code('permanent', 'bitrix24',
    'The webhook or app lacks a scope the method needs (403 insufficient_scope).',
    'Edit the inbound webhook (or app) in Bitrix24 and add the scopes listed by `b24nav check` (crm, catalog, user, im, ...).'),
  B24_WRONG_AUTH_TYPE: code('permanent', 'bitrix24',
    'The method needs an application (OAuth) context and refuses webhook authorization (403 WRONG_AUTH_TYPE), e.g. event.bind.',
    'Use an OAuth local application for online/offline events, or configure an outgoing webhook in the portal and rely on polling.'),
  B24_ACCESS_DENIED: code('permanent', 'bitrix24',
    'The user behind the webhook or token may not do this (403 ACCESS_DENIED / INVALID_CREDENTIALS, or "Access denied").',
    'Give the webhook owner the CRM/catalog permissions, or create the webhook as a portal administrator.'),
  B24_NOT_FOUND: code('permanent', 'bitrix24',
    'The record does not exist (legacy "Not found", crm.item NOT_FOUND): deleted in Bitrix24 or never created.',
    'If it was deleted on purpose, let the deletion policy handle it; otherwise re-link the record.'),
  B24_VALIDATION: code('permanent', 'bitrix24',
    'Bitrix24 refused the data (400 with ERROR_CORE, INVALID_ARG_VALUE, a field or filter error).',
    'Read the message from Bitrix24 in the history of the record, fix the value or the field map, then retry the item.'),
  B24_METHOD_NOT_FOUND: code('permanent', 'bitrix24',
    'The portal does not know the method (ERROR_METHOD_NOT_FOUND): a missing module or an old portal version.',
    'Enable the module (catalog, inventory management) on the portal or switch the flow off in the config.'),
  B24_BATCH_TOO_LARGE: code('permanent', 'bitrix24',
    'A batch with more than 50 commands was sent (ERROR_BATCH_LENGTH_EXCEEDED) or a method not allowed in batch.',
    'A b24nav bug: report it with the log line.'),
  B24_SERVER_ERROR: code('transient', 'bitrix24',
    'Bitrix24 answered with a server error (5xx, INTERNAL_SERVER_ERROR, an unreadable answer).',
    'None: retried with backoff. If it persists, check the portal status page.'),
  B24_NETWORK: code('transient', 'bitrix24',
    'The portal could not be reached (DNS, refused or reset connection, TLS handshake) before the request was sent.',
    'Check the network path and the portal URL; retried with backoff.'),
  B24_TIMEOUT: code('transient', 'bitrix24',
    'A read request got no answer within the timeout.',
    'None: retried with backoff. Raise bitrix24.timeoutMs if reads of large pages time out.'),
  B24_UNKNOWN_OUTCOME: code('unknown_outcome', 'bitrix24',
    'A write was sent but its answer was lost (timeout or connection cut): it may or may not have been applied.',
    'None: b24nav looks the record up by ORIGINATOR_ID/ORIGIN_ID or xmlId before trying again, so no duplicate is created.'),
  B24_TLS: code('permanent', 'bitrix24',
    'The TLS certificate of the portal could not be verified.',
    'Give the CA with bitrix24.tls.ca, or, for a test portal only, set bitrix24.tls.insecure: true.'),

  // ---- Dynamics NAV ------------------------------------------------------
  NAV_STALE_KEY: code('conflict', 'nav',
    'The record was changed in NAV after b24nav read it (SOAP "Another user has modified the record", OData 409/412 Request_EntityChanged).',
    'None: b24nav re-reads the record and decides again with the conflict policy.'),
  NAV_DUPLICATE: code('conflict', 'nav',
    'NAV already has a record with that primary key ("The Customer already exists").',
    'b24nav looks the record up and links it; if it is another customer, change the number in one system.'),
  NAV_NOT_FOUND: code('permanent', 'nav',
    'The record does not exist in NAV (deleted, renamed, or never created).',
    'If it was deleted on purpose, let the deletion policy handle it; otherwise re-link the record.'),
  NAV_VALIDATION: code('permanent', 'nav',
    'NAV refused the data: a field too long, an unknown code (salesperson, payment terms, item), a blocked customer, a credit limit, manual numbers not allowed.',
    'Read NAV\'s message in the history of the record, fix the data or the mapping, then retry the item.'),
  NAV_AUTH_FAILED: code('permanent', 'nav',
    'NAV rejected the credentials (401 after the NTLM or Basic exchange).',
    'Check nav.auth (user, domain, password or web service access key) and that the user exists in NAV with permissions.'),
  NAV_PERMISSION: code('permanent', 'nav',
    'The NAV user may not read or write this page, or the page is not published as a web service.',
    'Publish the page in NAV (Web Services page) under the name in the config, and give the user the permission set.'),
  NAV_RATE_LIMITED: code('rate_limited', 'nav',
    'NAV or the proxy in front of it refused the call for load (429 or 503).',
    'None: retried after the delay; lower nav.maxConcurrency if it is frequent.'),
  NAV_SERVER_ERROR: code('transient', 'nav',
    'NAV answered with an unexpected server error or a response that could not be read.',
    'None: retried with backoff. If it persists, read the NAV server event log.'),
  NAV_NETWORK: code('transient', 'nav',
    'The NAV server could not be reached before the request was sent (DNS, refused or reset connection).',
    'Check nav.url, that the service tier runs and that the SOAP/OData ports are open; retried with backoff.'),
  NAV_TIMEOUT: code('transient', 'nav',
    'A NAV read got no answer within the timeout.',
    'None: retried. Raise nav.timeoutMs for slow pages.'),
  NAV_UNKNOWN_OUTCOME: code('unknown_outcome', 'nav',
    'A write to NAV was sent but its answer was lost: it may or may not have been applied.',
    'None: b24nav looks the record up by its match keys before trying again, so no duplicate is created.'),
  NAV_TLS: code('permanent', 'nav',
    'The TLS certificate of the NAV server could not be verified (self-signed certificates are common on NAV).',
    'Give the CA with nav.tls.ca, or set nav.tls.insecure: true to accept a self-signed certificate (logged at start).'),
} as const satisfies Record<string, ErrorCodeInfo>;

export type ErrorCode = keyof typeof ERROR_CODES;
