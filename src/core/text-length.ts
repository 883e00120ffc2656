// How long a text is depends on who counts. NAV Text[n]/Code[n] fields are .NET strings
// stored as SQL Server nvarchar(n): n UTF-16 code units, so an emoji counts 2. Bitrix24
// keeps text in MySQL utf8mb4 columns, where varchar(n) counts characters (code points).

export type LengthUnit = 'utf16' | 'codepoints';

export function textLength(text: string, unit: LengthUnit): number {
  return unit === 'utf16' ? text.length : [...text].length;
}

/** The longest prefix of at most `max` units that does not cut a surrogate pair in two. */
export function cutText(text: string, max: number, unit: LengthUnit): string {
  if (unit === 'codepoints') return [...text].slice(0, max).join('');
  if (text.length <= max) return text;
  const last = text.charCodeAt(max - 1);
  const splitsPair = max > 0 && last >= 0xd800 && last <= 0xdbff;
  return text.slice(0, splitsPair ? max - 1 : max);
}
