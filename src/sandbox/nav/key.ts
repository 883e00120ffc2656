// The SOAP Key and the OData ETag. Both are opaque to clients (§1.6, §3.5); the
// sandbox gives them the observed shapes:
//   Key  = "<n>;<base64 of table no + primary key values><m>;<row version>0;"
//          e.g. 32;DgAAAAJ7/0EATABNAEYAUwAwADAAMQ==10;13343107410;
//   ETag = W/"<base64 of '<m>;<row version>1;00;'>"
// The base64 part holds the table number (int32 LE) and each key value: text as
// 02 7B FF + UTF-16LE + 00 00, integers as 87 + int32 LE. A Key therefore names
// the record and its version; a stale Key still finds the record, so NAV can
// answer "Another user has modified the record".
import type { NavValue } from '../../connectors/nav/schema/index.ts';

export interface DecodedKey {
  readonly tableNo: number;
  readonly key: NavValue[];
  readonly version: number;
}

const encodedKeys = new Map<string, string>();

export function encodeKey(tableNo: number, key: readonly NavValue[], version: number): string {
  // The key part of a record never changes (a rename makes another record), so it is encoded once.
  const cacheKey = `${tableNo}\u0000${key.map(String).join('\u0000')}`;
  let b64 = encodedKeys.get(cacheKey);
  if (b64 === undefined) {
    b64 = encodeKeyPart(tableNo, key);
    encodedKeys.set(cacheKey, b64);
  }
  const v = String(version);
  return `${b64.length};${b64}${v.length};${v}0;`;
}

function encodeKeyPart(tableNo: number, key: readonly NavValue[]): string {
  const parts: Buffer[] = [];
  const head = Buffer.alloc(4);
  head.writeInt32LE(tableNo);
  parts.push(head);
  for (const value of key) {
    if (typeof value === 'number') {
      const n = Buffer.alloc(5);
      n.writeUInt8(0x87, 0);
      n.writeInt32LE(value, 1);
      parts.push(n);
    } else {
      parts.push(Buffer.from([0x02, 0x7b, 0xff]), Buffer.from(String(value), 'utf16le'), Buffer.from([0, 0]));
    }
  }
  return Buffer.concat(parts).toString('base64');
}

export function decodeKey(text: string): DecodedKey | undefined {
  const m = /^(\d+);/.exec(text);
  if (!m) return undefined;
  const b64Length = Number(m[1]);
  const b64Start = (m[1] ?? '').length + 1;
  const b64 = text.slice(b64Start, b64Start + b64Length);
  const rest = /^(\d+);(\d+)0;$/.exec(text.slice(b64Start + b64Length));
  if (!rest || (rest[2] ?? '').length !== Number(rest[1])) return undefined;
  const bytes = Buffer.from(b64, 'base64');
  if (bytes.length < 4 || bytes.toString('base64') !== b64) return undefined;
  const key: NavValue[] = [];
  let at = 4;
  while (at < bytes.length) {
    const marker = bytes[at];
    if (marker === 0x87 && at + 5 <= bytes.length) {
      key.push(bytes.readInt32LE(at + 1));
      at += 5;
    } else if (marker === 0x02 && bytes[at + 1] === 0x7b && bytes[at + 2] === 0xff) {
      let end = at + 3;
      while (end + 1 < bytes.length && !(bytes[end] === 0 && bytes[end + 1] === 0 && (end - at - 3) % 2 === 0)) end += 2;
      if (end + 1 >= bytes.length) return undefined;
      key.push(bytes.subarray(at + 3, end).toString('utf16le'));
      at = end + 2;
    } else {
      return undefined;
    }
  }
  return { tableNo: bytes.readInt32LE(0), key, version: Number(rest[2]) };
}

export function encodeETag(version: number): string {
  const v = String(version);
  return `W/"${Buffer.from(`'${v.length};${v}1;00;'`).toString('base64')}"`;
}

/** The row version in an ETag, or undefined when it is not one of ours. */
export function decodeETag(etag: string): number | undefined {
  const m = /^W\/"([A-Za-z0-9+/=]+)"$/.exec(etag.trim());
  if (!m) return undefined;
  const inner = /^'(\d+);(\d+)1;00;'$/.exec(Buffer.from(m[1] ?? '', 'base64').toString());
  if (!inner || (inner[2] ?? '').length !== Number(inner[1])) return undefined;
  return Number(inner[2]);
}
