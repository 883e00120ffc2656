// NAV's own error texts and how each is reported: the SOAP faultcode class
// (namespace urn:microsoft-dynamics-schemas/error, nav-web-services.md §1.6) and
// the OData v4 status and error code (§3.5, §3.6). Texts are NAV 2013–2018
// runtime and base-app messages; where a text or class is not confirmed by a
// source the function says so.
import type { NavValue } from '../../connectors/nav/schema/index.ts';

export type NavFaultClass =
  | 'NavCSideRecordNotFoundException'
  | 'NavCSideDuplicateKeyException'
  | 'NavNCLDialogException'
  | 'NavNCLCallbackNotAllowedException'
  | 'NavCSideException'
  | 'NavNCLStringLengthExceededException'
  | 'NavNCLInvalidKeyException'
  | 'NavNCLTypeConversionException'
  | 'NavNCLPermissionException';

export interface ODataErrorInfo {
  readonly status: number;
  readonly code: string;
  /** When OData words it differently from SOAP (the stale ETag). */
  readonly message?: string;
}

export class NavError extends Error {
  override name = 'NavError';
  constructor(
    readonly faultClass: NavFaultClass,
    message: string,
    readonly odata: ODataErrorInfo,
  ) {
    super(message);
  }
}

export type Identification = ReadonlyArray<readonly [navName: string, value: NavValue]>;

/** "No.='10000'" / "Document Type='Order',No.='101005'" (BC runtime format, D dynamics-error-codes.md). */
function identification(ids: Identification): string {
  return ids.map(([name, value]) => `${name}='${String(value)}'`).join(',');
}

/** "Document Type=Order, No.=101005" as TESTFIELD writes it. */
function testFieldIds(ids: Identification): string {
  return ids.map(([name, value]) => `${name}=${String(value)}`).join(', ');
}

const dialog = (message: string): NavError => new NavError('NavNCLDialogException', message, { status: 400, code: 'Application_DialogException' });

export const navErrors = {
  recordNotFound: (table: string, ids: Identification): NavError =>
    new NavError('NavCSideRecordNotFoundException', `The ${table} does not exist. Identification fields and values: ${identification(ids)}`, {
      status: 404,
      code: 'Internal_RecordNotFound',
    }),

  /** Create-Operation.md: "The [record name] already exists. Identification fields and values: [field]=[value]". */
  duplicate: (table: string, ids: Identification): NavError =>
    new NavError('NavCSideDuplicateKeyException', `The ${table} already exists. Identification fields and values: ${identification(ids)}`, {
      // OData code UNCONFIRMED for NAV; BC answers Internal_EntityWithSameKeyExists.
      status: 400,
      code: 'Internal_EntityWithSameKeyExists',
    }),

  /**
   * The runtime text of a stale record (§1.6). Which class NAV puts in the
   * faultcode is UNCONFIRMED; clients match the text ("Another user has modified").
   */
  staleRecord: (table: string): NavError =>
    new NavError(
      'NavCSideException',
      `Another user has modified the record for this ${table} after you retrieved it from the database. Enter your changes again in the updated window, or start the interrupted activity again.`,
      { status: 409, code: 'Request_EntityChanged', message: 'Another user has already changed the record.' },
    ),

  /** NAV's overflow text for Text and Code fields; the exception class is UNCONFIRMED. */
  tooLong: (value: string, max: number): NavError =>
    new NavError(
      'NavNCLStringLengthExceededException',
      `The length of the string is ${value.length}, but it must be less than or equal to ${max} characters. Value: ${value}`,
      { status: 400, code: 'Application_StringExceededLength' },
    ),

  /** TableRelation validation, before the field's OnValidate runs. */
  relation: (fieldNavName: string, table: string, value: NavValue, relatedTable: string): NavError =>
    dialog(`The field ${fieldNavName} of table ${table} contains a value (${String(value)}) that cannot be found in the related table (${relatedTable}).`),

  testField: (fieldNavName: string, expected: string, table: string, ids: Identification, current: string): NavError =>
    dialog(`${fieldNavName} must be equal to '${expected}'  in ${table}: ${testFieldIds(ids)}. Current value is '${current}'.`),

  mustHaveValue: (fieldNavName: string, table: string, ids: Identification): NavError =>
    dialog(`${fieldNavName} must have a value in ${table}: ${testFieldIds(ids)}. It cannot be zero or empty.`),

  /** NoSeriesManagement.TestManual (D dynamics-error-codes.md). */
  manualNos: (seriesCode: string): NavError =>
    dialog(`You may not enter numbers manually. If you want to enter numbers manually, please activate Manual Nos. in No. Series ${seriesCode}.`),

  /** Customer.CustBlockedErrorMessage (BC text; the NAV 2013–2018 wording is UNCONFIRMED). */
  blockedCustomer: (action: 'create' | 'post', customerNo: string, blocked: string): NavError =>
    dialog(`You cannot ${action} this type of document when Customer ${customerNo} is blocked with type ${blocked}`),

  /** Release Sales Document, Text001. */
  nothingToRelease: (documentType: string, no: string): NavError =>
    dialog(`There is nothing to release for the document of type ${documentType} with the number ${no}.`),

  /** A CONFIRM or a modal page in a web service session (§1.1 "UI calls fail"). */
  callbackNotAllowed: (): NavError =>
    new NavError('NavNCLCallbackNotAllowedException', 'Callback functions are not allowed.', { status: 400, code: 'Application_CallbackNotAllowed' }),

  customerHasOrders: (customerNo: string, documentType: string): NavError =>
    dialog(`You cannot delete Customer ${customerNo} because there is at least one outstanding Sales ${documentType} for this customer.`),

  itemHasOrders: (itemNo: string, documentType: string): NavError =>
    dialog(`You cannot delete Item ${itemNo} because there is at least one outstanding Sales ${documentType} that includes this item.`),

  invalidDateFormula: (formula: string, fieldNavName: string): NavError =>
    dialog(`Your entry of '${formula}' is not an acceptable value for '${fieldNavName}'.`),

  /** A Key that cannot be decoded. The wording is UNCONFIRMED. */
  invalidKey: (key: string): NavError =>
    new NavError('NavNCLInvalidKeyException', `The key "${key}" is not valid.`, { status: 400, code: 'BadRequest_InvalidToken' }),

  /** A value that does not parse as its type. The wording is UNCONFIRMED. */
  badValue: (message: string): NavError => new NavError('NavNCLTypeConversionException', message, { status: 400, code: 'BadRequest' }),

  notAllowed: (operation: string, pageName: string): NavError =>
    new NavError('NavNCLPermissionException', `The operation ${operation} is not allowed on page ${pageName}.`, { status: 405, code: 'BadRequest_MethodNotAllowed' }),

  dialog,
};
