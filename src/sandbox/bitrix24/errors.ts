// Errors as a real portal sends them. The shapes differ by method family
// (reference bitrix24-rest.md §2): legacy crm.* answers `error: ""` with the meaning
// in the description, crm.item.* uses named codes, catalog.* numeric codes, and
// crm.duplicate.findbycomm puts human text in `error`.

export class B24Error extends Error {
  constructor(
    readonly status: number,
    readonly code: string | number,
    readonly description: string,
  ) {
    super(description);
    this.name = 'B24Error';
  }

  body(): { error: string | number; error_description: string } {
    return { error: this.code, error_description: this.description };
  }
}

// ---- system errors (any method), reference §2 "System errors" -------------
export const queryLimitExceeded = (): B24Error => new B24Error(503, 'QUERY_LIMIT_EXCEEDED', 'Too many requests');
export const operationTimeLimit = (): B24Error =>
  new B24Error(429, 'OPERATION_TIME_LIMIT', 'Method is blocked due to operation time limit.');
export const noAuthFound = (): B24Error => new B24Error(401, 'NO_AUTH_FOUND', 'Wrong authorization data');
export const expiredToken = (): B24Error => new B24Error(401, 'expired_token', 'The access token provided has expired');
export const insufficientScope = (): B24Error =>
  new B24Error(403, 'insufficient_scope', 'The request requires higher privileges than provided by the webhook token');
export const wrongAuthType = (): B24Error =>
  new B24Error(403, 'WRONG_AUTH_TYPE', 'Current authorization type is denied for this method Application context required');
// HTTP 404 as for REST 3.0 and in third-party captures; the SDK docs say 400 (UNCONFIRMED for v2,
// reference §2; the portal's `methodNotFoundStatus` picks one).
export const methodNotFound = (status: 404 | 400 = 404): B24Error => new B24Error(status, 'ERROR_METHOD_NOT_FOUND', 'Method not found!');
export const internalError = (): B24Error => new B24Error(500, 'INTERNAL_SERVER_ERROR', 'Internal server error');
export const httpsRequired = (): B24Error => new B24Error(400, 'INVALID_REQUEST', 'Https required');
export const batchLengthExceeded = (): B24Error => new B24Error(400, 'ERROR_BATCH_LENGTH_EXCEEDED', 'Max batch length exceeded');
export const batchMethodNotAllowed = (): B24Error =>
  new B24Error(405, 'ERROR_BATCH_METHOD_NOT_ALLOWED', 'Method is not allowed for batch usage');
export const accessDenied = (description = 'Access denied!'): B24Error => new B24Error(403, 'ACCESS_DENIED', description);

// ---- legacy crm.* ---------------------------------------------------------
/** Legacy CRM: HTTP 400 with an empty code and the meaning in the description. */
export const legacyError = (description: string): B24Error => new B24Error(400, '', description);
export const legacyNotFound = (): B24Error => legacyError('Not found');
/** Validation failures of the CRM core (invalid e-mail, discount rules). */
export const coreError = (description: string): B24Error => new B24Error(400, 'ERROR_CORE', description);

// ---- crm.item.* -------------------------------------------------------------
export const itemNotFound = (what = 'Element not found'): B24Error => new B24Error(400, 'NOT_FOUND', what);
export const invalidArgValue = (description: string): B24Error => new B24Error(400, 'INVALID_ARG_VALUE', description);
export const entityTypeNotSupported = (id: number): B24Error =>
  new B24Error(400, 'ENTITY_TYPE_NOT_SUPPORTED', `Entity type ${id} is not supported`);

// ---- catalog.* --------------------------------------------------------------
// The method pages of the docs (catalog-product-get/add/list, catalog-price-get,
// catalog-document-conduct, catalog-product-property-enum-update): permission and
// information-block failures carry numeric codes (200040300010 "Access Denied",
// 200040300000 "Iblock Not Found"); a missing top-level parameter is 100 "Could not
// find value for parameter {id}"; every other failure — not found, validation,
// "Required select fields: id, iblockId" — has code 0, which the JSON examples show
// as the string "0" while the tables write `0`, "-" or "empty code" (UNCONFIRMED:
// clients must match on HTTP status + description, not on this code).
export const CATALOG_CODES = {
  accessDenied: 200040300010,
  iblockNotFound: 200040300000,
  missingParameter: 100,
  other: '0',
} as const;

export const catalogError = (code: number | string, description: string): B24Error => new B24Error(400, code, description);
/** Not found, validation and business-rule failures of catalog.* (code "0"). */
export const catalogFailure = (description: string): B24Error => catalogError(CATALOG_CODES.other, description);
export const catalogMissingParameter = (name: string): B24Error =>
  catalogError(CATALOG_CODES.missingParameter, `Could not find value for parameter {${name}}`);
export const iblockNotFound = (): B24Error => catalogError(CATALOG_CODES.iblockNotFound, 'Iblock Not Found');
