// Bounded parallelism for per-record calls, and failures kept per record: one bad
// record never stops the others (DESIGN §3.8).
import { isSyncError, SyncError } from '../../../core/failure.ts';

/** `fn` over `items` with at most `limit` calls pending; results in input order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** A failure as a SyncError: the client's are kept, anything else is b24nav's own. */
export function asSyncError(error: unknown): SyncError {
  if (isSyncError(error)) return error;
  return new SyncError('SYNC_INTERNAL', error instanceof Error ? error.message : String(error), { cause: error });
}

/** The call's result, or its failure as a value. */
export async function settle<R>(call: () => Promise<R>): Promise<R | SyncError> {
  try {
    return await call();
  } catch (error) {
    return asSyncError(error);
  }
}
