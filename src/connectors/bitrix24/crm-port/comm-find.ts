// Look-ups by e-mail and phone: crm.duplicate.findbycomm takes at most 20 values of
// one type per call and matches the number's digits as typed, without normalising
// formats (reference §7.2): "+7 495 …" and "8 495 …" are different numbers to it, so
// a Russian number is asked in both forms. Its answer does not say which value found
// which record, so the candidates are read back (one batched list) and each is tied
// to the looked-up values by comparing the same digit forms the portal compares.
import { normalizeEmail } from '../../../core/email.ts';
import type { B24Client } from '../client.ts';
import { listChunked } from './bulk-read.ts';
import { addTo } from './find-results.ts';
import { entriesOf } from './multifields.ts';
import { chunk, numericIds } from './values.ts';

const FINDBYCOMM_MAX_VALUES = 20;

export type CommEntity = 'COMPANY' | 'CONTACT';

/** The digit forms the portal may hold a number in: +74951234567 → 74951234567 and 84951234567. */
export function phoneForms(e164: string): string[] {
  const digits = e164.replace(/\D/g, '');
  if (/^7\d{10}$/.test(digits)) return [digits, `8${digits.slice(1)}`];
  return [digits];
}

function digitsOf(stored: string): string {
  // The portal ignores an extension (reference §7.2).
  return stored.replace(/(?:ext\.?|доб\.?|#|;ext=).*$/i, '').replace(/\D/g, '');
}

async function findbycomm(client: B24Client, type: 'PHONE' | 'EMAIL', values: readonly string[], entity: CommEntity): Promise<number[]> {
  const parts = chunk([...new Set(values)], FINDBYCOMM_MAX_VALUES);
  const answers = await Promise.all(parts.map((part) => client.call<Record<string, unknown> | unknown[]>('crm.duplicate.findbycomm', { type, values: part, entity_type: entity })));
  const ids: number[] = [];
  for (const answer of answers) {
    // Nothing found is `[]` (an empty PHP map, reference §2).
    if (Array.isArray(answer)) continue;
    const found = answer[entity];
    if (Array.isArray(found)) ids.push(...numericIds(found as Array<string | number>));
  }
  return numericIds(ids);
}

/**
 * Record ids per looked-up value: `phones` as E.164, `emails` normalised
 * (core/match.ts). Values without a record are absent.
 */
export async function findByComm(client: B24Client, entity: CommEntity, phones: readonly string[], emails: readonly string[]): Promise<{ phones: Map<string, string[]>; emails: Map<string, string[]> }> {
  const phoneQuery = phones.flatMap(phoneForms);
  const [phoneIds, emailIds] = await Promise.all([
    phoneQuery.length > 0 ? findbycomm(client, 'PHONE', phoneQuery, entity) : Promise.resolve([]),
    emails.length > 0 ? findbycomm(client, 'EMAIL', emails, entity) : Promise.resolve([]),
  ]);
  const candidates = numericIds([...phoneIds, ...emailIds]);
  const rows = await listChunked<Record<string, unknown>>(
    client,
    { method: entity === 'COMPANY' ? 'crm.company.list' : 'crm.contact.list', idField: 'ID', select: ['ID', 'PHONE', 'EMAIL'] },
    { inField: 'ID', values: candidates },
  );
  const byPhone = new Map<string, string[]>();
  const byEmail = new Map<string, string[]>();
  const phoneKeys = new Map(phones.map((p) => [p, new Set(phoneForms(p))]));
  const emailSet = new Set(emails);
  for (const row of rows) {
    const id = String(row['ID']);
    const storedPhones = new Set(entriesOf(row, 'PHONE').map((e) => digitsOf(e.VALUE)));
    for (const [phone, forms] of phoneKeys) if ([...forms].some((f) => storedPhones.has(f))) addTo(byPhone, phone, id);
    for (const e of entriesOf(row, 'EMAIL')) {
      const email = normalizeEmail(e.VALUE).value;
      if (emailSet.has(email)) addTo(byEmail, email, id);
    }
  }
  return { phones: byPhone, emails: byEmail };
}
