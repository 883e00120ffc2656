// Phone numbers to E.164 with libphonenumber-js. A number written without a country
// code is read in the configured default region, so the Russian habit of a leading
// trunk "8" works: "8 (495) 123-45-67" in region RU is +74951234567.
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

export type { CountryCode };

export interface NormalizedPhone {
  /**
   * E.164 (`+74951234567`), with `;ext=12` (RFC 3966) when the number had an extension;
   * or, when it could not be read as a phone number, the digits as typed (a leading
   * `+` kept) — never dropped, since a person typed it.
   */
  readonly value: string;
  /** true when `value` is E.164. False values are never used as match keys. */
  readonly parsed: boolean;
}

export function normalizePhone(raw: string, defaultRegion?: CountryCode): NormalizedPhone {
  const text = raw.normalize('NFC').trim();
  const phone = parsePhoneNumberFromString(text, defaultRegion);
  // isPossible() (length rules per region) rather than isValid() (number ranges): the
  // bundled metadata is the compact "min" set, and a new operator range must not turn
  // a real customer's phone into digits.
  if (phone?.isPossible()) {
    return { value: phone.ext ? `${phone.number};ext=${phone.ext}` : phone.number, parsed: true };
  }
  const digits = text.replace(/\D/g, '');
  if (digits === '') return { value: text, parsed: false };
  return { value: text.startsWith('+') ? `+${digits}` : digits, parsed: false };
}

/** The E.164 number alone (extension cut), or null when the phone could not be read. */
export function phoneMatchKey(raw: string, defaultRegion?: CountryCode): string | null {
  const phone = normalizePhone(raw, defaultRegion);
  if (!phone.parsed) return null;
  const cut = phone.value.indexOf(';');
  return cut < 0 ? phone.value : phone.value.slice(0, cut);
}
