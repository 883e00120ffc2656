// The hashes of NTLMv2 (MS-NLMP 3.3.2). Node 20 links OpenSSL 3, whose default
// provider has no MD4, so the NT hash uses js-md4; HMAC-MD5 is still in OpenSSL.
import { createHmac } from 'node:crypto';
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

/** NTOWFv2 = HMAC_MD5(NT hash, UNICODE(Uppercase(User) + UserDom)). The domain keeps its case. */
export function ntowfv2(password: string, user: string, domain: string): Buffer {
  return hmacMd5(ntHash(password), utf16le(user.toUpperCase() + domain));
}
