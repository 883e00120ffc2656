import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classifyError, isReadMethod } from './classify.ts';

describe('classifyError', () => {
  const cases: Array<[number, unknown, unknown, string, string]> = [
    [503, 'QUERY_LIMIT_EXCEEDED', 'Too many requests', 'B24_QUERY_LIMIT', 'rate_limited'],
    [429, 'OPERATION_TIME_LIMIT', 'Method is blocked due to operation time limit.', 'B24_OPERATION_TIME_LIMIT', 'rate_limited'],
    [503, 'OVERLOAD_LIMIT', 'REST API is blocked due to overload', 'B24_OVERLOAD', 'rate_limited'],
    [401, 'expired_token', 'The access token provided has expired', 'B24_TOKEN_EXPIRED', 'transient'],
    [401, 'invalid_token', 'Token expired or invalid', 'B24_TOKEN_EXPIRED', 'transient'],
    [401, 'NO_AUTH_FOUND', 'Wrong authorization data', 'B24_AUTH_FAILED', 'permanent'],
    [403, 'insufficient_scope', '…', 'B24_INSUFFICIENT_SCOPE', 'permanent'],
    [403, 'WRONG_AUTH_TYPE', 'Current authorization type is denied for this method Application context required', 'B24_WRONG_AUTH_TYPE', 'permanent'],
    [403, 'ACCESS_DENIED', 'REST API is available only on commercial plans', 'B24_ACCESS_DENIED', 'permanent'],
    [400, 200040300010, 'Access Denied', 'B24_ACCESS_DENIED', 'permanent'],
    [404, 'ERROR_METHOD_NOT_FOUND', 'Method not found!', 'B24_METHOD_NOT_FOUND', 'permanent'],
    [400, 'ERROR_BATCH_LENGTH_EXCEEDED', 'Max batch length exceeded', 'B24_BATCH_TOO_LARGE', 'permanent'],
    [400, '', 'Not found', 'B24_NOT_FOUND', 'permanent'],
    [400, '', 'Company is not found', 'B24_NOT_FOUND', 'permanent'],
    [400, 'NOT_FOUND', 'Element not found', 'B24_NOT_FOUND', 'permanent'],
    [400, '', 'Access denied.', 'B24_ACCESS_DENIED', 'permanent'],
    [400, '', "Parameter 'filter' must be array.", 'B24_VALIDATION', 'permanent'],
    [400, 'ERROR_CORE', 'E-mail address "x" is incorrect.', 'B24_VALIDATION', 'permanent'],
    [400, 'INVALID_ARG_VALUE', 'Unknown field foo', 'B24_VALIDATION', 'permanent'],
    [400, 'Communication type is not defined', "Parameter 'type' is required.", 'B24_VALIDATION', 'permanent'],
    [500, 'INTERNAL_SERVER_ERROR', 'Internal server error', 'B24_SERVER_ERROR', 'transient'],
    [502, '', 'Bad gateway', 'B24_SERVER_ERROR', 'transient'],
  ];
  for (const [status, error, description, code, kind] of cases) {
    it(`${status} ${JSON.stringify(error)} "${String(description)}" → ${code}`, () => {
      const e = classifyError(status, { error, error_description: description }, 'crm.company.get');
      assert.equal(e.code, code);
      assert.equal(e.kind, kind);
      assert.equal(e.operation, 'crm.company.get');
      assert.equal(e.httpStatus, status);
    });
  }

  it('keeps the portal\'s own message', () => {
    const e = classifyError(400, { error: '', error_description: 'ID is not defined or invalid.' }, 'crm.deal.get');
    assert.match(e.message, /ID is not defined or invalid\./);
  });
});

describe('isReadMethod', () => {
  it('knows reads from writes', () => {
    for (const m of ['crm.company.list', 'crm.company.get', 'crm.item.fields', 'user.get', 'scope', 'crm.deal.productrows.get', 'catalog.document.mode.status', 'crm.duplicate.findbycomm']) {
      assert.equal(isReadMethod(m), true, m);
    }
    for (const m of ['crm.company.add', 'crm.company.update', 'crm.deal.productrows.set', 'catalog.document.conduct', 'event.offline.get', 'im.notify.system.add', 'batch']) {
      assert.equal(isReadMethod(m), false, m);
    }
  });
});
