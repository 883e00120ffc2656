// A result as a value: pure functions here never throw for bad data, they say what is wrong.
// `problem` is a sentence for the person running the service; callers prefix it with the field.

export type Outcome<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problem: string };

export function ok<T>(value: T): Outcome<T> {
  return { ok: true, value };
}

export function fail(problem: string): { readonly ok: false; readonly problem: string } {
  return { ok: false, problem };
}

/** A value quoted for a message: JSON-quoted, shortened past `max` characters. */
export function quote(value: unknown, max = 40): string {
  const text = typeof value === 'string' ? value : typeof value === 'number' ? String(value) : (JSON.stringify(value) ?? String(value));
  const chars = [...text];
  const short = chars.length > max ? `${chars.slice(0, max).join('')}…` : text;
  return typeof value === 'string' ? JSON.stringify(short) : short;
}
