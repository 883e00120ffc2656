// The shape a failure takes in jobs.last_error, history.error and runs.error: the
// fields of SyncError.toJSON() (code, kind, message, vendorCode, ...) as plain JSON,
// so operators, the API and the engine read the same classification.
import type { JsonValue } from './json.ts';

export interface StoredError {
  code: string;
  kind: string;
  message: string;
  [detail: string]: JsonValue;
}
