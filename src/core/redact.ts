// Secrets (webhook codes, OAuth tokens, NAV passwords) must never reach logs,
// errors, history rows or API output. The Redactor knows the secret values and
// scrubs them from any text or JSON-like value; it is applied at every exit.

const MASK = '[redacted]';

export class Redactor {
  private secrets: string[] = [];

  /** Registers a secret value. Values shorter than 4 characters are ignored (too many false hits). */
  add(secret: string | undefined | null): void {
    if (!secret || secret.length < 4) return;
    // The URL-encoded form too, once: encoding it again ('%' → '%25') would never end.
    for (const form of [secret, encodeURIComponent(secret)]) if (!this.secrets.includes(form)) this.secrets.push(form);
    // Longer first, so that a secret containing another is masked whole.
    this.secrets.sort((a, b) => b.length - a.length);
  }

  text(value: string): string {
    let out = value;
    for (const secret of this.secrets) if (out.includes(secret)) out = out.split(secret).join(MASK);
    return out;
  }

  /** A deep copy of `value` with every string scrubbed. */
  value<T>(value: T): T {
    return this.walk(value, new WeakSet()) as T;
  }

  private walk(value: unknown, seen: WeakSet<object>): unknown {
    if (typeof value === 'string') return this.text(value);
    if (value === null || typeof value !== 'object') return value;
    if (seen.has(value)) return '[circular]';
    seen.add(value);
    if (Array.isArray(value)) return value.map((v) => this.walk(v, seen));
    if (value instanceof Error) {
      return { name: value.name, message: this.text(value.message), ...(this.walk({ ...value }, seen) as object) };
    }
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = this.walk(v, seen);
    return out;
  }
}
