// E-mail addresses: trimmed and lower-cased, nothing more.
//
// The local part is lower-cased although RFC 5321 §2.4 lets a host treat it as case
// sensitive: the same RFC discourages relying on that, mainstream mailbox providers
// ignore case, and Bitrix24 users type addresses in any case.
//
// Dots and "+tags" are NOT removed. Only Gmail ignores dots, and Google Workspace
// mailboxes on a company's own domain cannot be told apart from other hosts by the
// address; elsewhere ivan.petrov@ and ivanpetrov@ can be two people. Folding them would
// link two different customers, which is worse than missing one duplicate.

export interface NormalizedEmail {
  readonly value: string;
  /** Has the shape local@domain.tld (no spaces, one @, a dot in the domain). */
  readonly valid: boolean;
}

const SHAPE = /^[^\s@]{1,64}@(?=.{1,253}$)[^\s@.]+(?:\.[^\s@.]+)+$/u;

export function normalizeEmail(raw: string): NormalizedEmail {
  let text = raw.normalize('NFC').trim();
  // What people paste from mail clients: "mailto:a@b.ru" and "<a@b.ru>".
  if (/^mailto:/i.test(text)) text = text.slice('mailto:'.length);
  if (text.startsWith('<') && text.endsWith('>')) text = text.slice(1, -1).trim();
  const value = text.toLowerCase();
  return { value, valid: SHAPE.test(value) };
}
