// Why an operator action was refused, with a stable code the CLI prints and the API
// answers with (`{ error: code, message }`), and the HTTP status that goes with it.
export type OpsErrorCode =
  /** No such dead letter, conflict or record. */
  | 'NOT_FOUND'
  /** A bad id, date, entity kind, side or choice: the message names it and what is expected. */
  | 'BAD_INPUT'
  /** The conflict was resolved already (by an operator, or because the sides agreed). */
  | 'ALREADY_RESOLVED'
  /** The record's link changed while the action ran (a worker synced it): try again. */
  | 'LINK_CHANGED';

const STATUS: Readonly<Record<OpsErrorCode, number>> = { NOT_FOUND: 404, BAD_INPUT: 400, ALREADY_RESOLVED: 409, LINK_CHANGED: 409 };

export class OpsError extends Error {
  readonly status: number;

  constructor(
    readonly code: OpsErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'OpsError';
    this.status = STATUS[code];
  }
}

export function isOpsError(error: unknown): error is OpsError {
  return error instanceof OpsError;
}
