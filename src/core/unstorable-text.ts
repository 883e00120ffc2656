// Characters neither system can take in a text field, found before a write.
//
// NAV's SOAP services are WCF over XML 1.0, which cannot carry the C0 control
// characters other than tab, line feed and carriage return, nor U+FFFE/U+FFFF: a
// request holding one is refused ("hexadecimal value 0x00, is an invalid
// character"), and a value that reached NAV another way (OData takes "\u0000" in
// JSON) breaks every SOAP read of the page that returns it. Bitrix24 reads
// JSON with PHP's json_decode, which refuses a lone UTF-16 surrogate
// (JSON_ERROR_UTF16). So b24nav refuses such a value for that one record, with
// the character and its position, instead of writing something the other system
// refuses or breaks on — and instead of dropping characters without a word.

export interface UnstorableChar {
  /** Position in UTF-16 code units, counted from 1 as a person reads it. */
  readonly position: number;
  /** `U+0000`, or `U+D800 (a lone surrogate)`. */
  readonly name: string;
}

// eslint-disable-next-line no-control-regex -- these are exactly the characters looked for
const UNSTORABLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function firstUnstorable(text: string): UnstorableChar | undefined {
  const m = UNSTORABLE.exec(text);
  if (!m) return undefined;
  const code = m[0].charCodeAt(0);
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  const surrogate = code >= 0xd800 && code <= 0xdfff;
  return { position: m.index + 1, name: surrogate ? `${hex} (a lone surrogate)` : hex };
}
