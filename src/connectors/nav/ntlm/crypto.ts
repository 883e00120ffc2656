// The hashes of NTLMv2 (MS-NLMP 3.3.2). Node 20 links OpenSSL 3, whose default
// provider has no MD4, so the NT hash uses js-md4; HMAC-MD5 is still in OpenSSL.
import { createHmac, randomBytes } from 'node:crypto';
import md4 from 'js-md4';

export function utf16le(text: string): Buffer {
  return Buffer.from(text, 'utf16le');
}

/** NTOWFv1: MD4 of the UTF-16LE password, the "NT hash". */
export function ntHash(password: string): Buffer {
  return Buffer.from(md4.arrayBuffer(utf16le(password)));
}

export function hmacMd5(key: Uint8Array, ...parts: Uint8Array[]): Buffer {
  const hmac = createHmac('md5', key);
  for (const part of parts) hmac.update(part);
  return hmac.digest();
}

const responseKeys = new Map<string, Buffer>();

/**
 * NTOWFv2 = HMAC_MD5(NT hash, UNICODE(Uppercase(User) + UserDom)). The domain keeps
 * its case. With a handshake on every request it is computed per call on both
 * sides, so the last few are kept (in memory only, like the password itself).
 */
export function ntowfv2(password: string, user: string, domain: string): Buffer {
  const cacheKey = `${password}\u0000${user.toUpperCase()}\u0000${domain}`;
  let key = responseKeys.get(cacheKey);
  if (!key) {
    key = hmacMd5(ntHash(password), utf16le(user.toUpperCase() + domain));
    if (responseKeys.size >= 64) responseKeys.clear();
    responseKeys.set(cacheKey, key);
  }
  return key;
}

let pool = Buffer.alloc(0);
let used = 0;

/** Random bytes for challenges, drawn from a pooled buffer: one OpenSSL call per 4 KB, not per handshake. */
export function challengeBytes(length: number): Buffer {
  if (used + length > pool.length) {
    pool = randomBytes(4096);
    used = 0;
  }
  const out = Buffer.from(pool.subarray(used, used + length));
  used += length;
  return out;
}
