// NTLM message encoding and decoding (MS-NLMP 2.2.1). Used by the client to
// authenticate and by the NAV sandbox to challenge and verify, so both sides
// share one reading of the wire format.

const SIGNATURE = Buffer.from('NTLMSSP\0', 'latin1');

export const NtlmFlags = {
  UNICODE: 0x00000001,
  OEM: 0x00000002,
  REQUEST_TARGET: 0x00000004,
  NTLM: 0x00000200,
  ALWAYS_SIGN: 0x00008000,
  TARGET_TYPE_DOMAIN: 0x00010000,
  EXTENDED_SESSIONSECURITY: 0x00080000,
  TARGET_INFO: 0x00800000,
  VERSION: 0x02000000,
  N128: 0x20000000,
  N56: 0x80000000,
} as const;

/** AV_PAIR ids (MS-NLMP 2.2.2.1) that a challenge carries. */
export const AvId = {
  EOL: 0,
  NbComputerName: 1,
  NbDomainName: 2,
  DnsComputerName: 3,
  DnsDomainName: 4,
  Timestamp: 7,
} as const;

export class NtlmMessageError extends Error {
  override name = 'NtlmMessageError';
}

export interface NegotiateMessage {
  readonly type: 1;
  readonly flags: number;
}

export interface ChallengeMessage {
  readonly type: 2;
  readonly flags: number;
  readonly serverChallenge: Buffer;
  readonly targetName: string;
  /** The raw AV_PAIR list; NTLMv2 copies it into the response. */
  readonly targetInfo: Buffer;
}

export interface AuthenticateMessage {
  readonly type: 3;
  readonly flags: number;
  readonly lmResponse: Buffer;
  readonly ntResponse: Buffer;
  readonly domain: string;
  readonly user: string;
  readonly workstation: string;
}

export type NtlmMessage = NegotiateMessage | ChallengeMessage | AuthenticateMessage;

// Windows 10 build 19041, NTLM revision 15: only informative (MS-NLMP 2.2.2.10).
const VERSION = Buffer.from([10, 0, 0x61, 0x4a, 0, 0, 0, 15]);

export const CLIENT_FLAGS =
  NtlmFlags.UNICODE |
  NtlmFlags.OEM |
  NtlmFlags.REQUEST_TARGET |
  NtlmFlags.NTLM |
  NtlmFlags.ALWAYS_SIGN |
  NtlmFlags.EXTENDED_SESSIONSECURITY |
  NtlmFlags.N128 |
  NtlmFlags.N56;

export function encodeNegotiate(flags = CLIENT_FLAGS): Buffer {
  const header = Buffer.alloc(32);
  SIGNATURE.copy(header, 0);
  header.writeUInt32LE(1, 8);
  header.writeUInt32LE(flags >>> 0, 12);
  // Empty domain and workstation fields, pointing at the end of the message.
  writeFields(header, 16, 0, 32);
  writeFields(header, 24, 0, 32);
  return header;
}

export type ChallengeInput = Omit<ChallengeMessage, 'type'>;

export function encodeChallenge(input: ChallengeInput): Buffer {
  const name = Buffer.from(input.targetName, 'utf16le');
  const headerLength = 56;
  const header = Buffer.alloc(headerLength);
  SIGNATURE.copy(header, 0);
  header.writeUInt32LE(2, 8);
  writeFields(header, 12, name.length, headerLength);
  header.writeUInt32LE(input.flags >>> 0, 20);
  input.serverChallenge.copy(header, 24, 0, 8);
  writeFields(header, 40, input.targetInfo.length, headerLength + name.length);
  VERSION.copy(header, 48);
  return Buffer.concat([header, name, input.targetInfo]);
}

export type AuthenticateInput = Omit<AuthenticateMessage, 'type'>;

export function encodeAuthenticate(input: AuthenticateInput): Buffer {
  const domain = Buffer.from(input.domain, 'utf16le');
  const user = Buffer.from(input.user, 'utf16le');
  const workstation = Buffer.from(input.workstation, 'utf16le');
  const headerLength = 72; // with Version, without MIC: we set no MsvAvFlags MIC bit
  const header = Buffer.alloc(headerLength);
  SIGNATURE.copy(header, 0);
  header.writeUInt32LE(3, 8);
  let offset = headerLength;
  const place = (at: number, data: Buffer): void => {
    writeFields(header, at, data.length, offset);
    offset += data.length;
  };
  place(12, input.lmResponse);
  place(20, input.ntResponse);
  place(28, domain);
  place(36, user);
  place(44, workstation);
  writeFields(header, 52, 0, offset);
  header.writeUInt32LE(input.flags >>> 0, 60);
  VERSION.copy(header, 64);
  return Buffer.concat([header, input.lmResponse, input.ntResponse, domain, user, workstation]);
}

export function decodeMessage(data: Buffer): NtlmMessage {
  if (data.length < 12 || !data.subarray(0, 8).equals(SIGNATURE)) {
    throw new NtlmMessageError('not an NTLM message (no NTLMSSP signature)');
  }
  const type = data.readUInt32LE(8);
  switch (type) {
    case 1:
      need(data, 16);
      return { type: 1, flags: data.readUInt32LE(12) };
    case 2: {
      need(data, 48);
      const flags = data.readUInt32LE(20);
      return {
        type: 2,
        flags,
        targetName: decodeText(readField(data, 12), flags),
        serverChallenge: Buffer.from(data.subarray(24, 32)),
        targetInfo: Buffer.from(readField(data, 40)),
      };
    }
    case 3: {
      need(data, 64);
      const flags = data.readUInt32LE(60);
      return {
        type: 3,
        flags,
        lmResponse: Buffer.from(readField(data, 12)),
        ntResponse: Buffer.from(readField(data, 20)),
        domain: decodeText(readField(data, 28), flags),
        user: decodeText(readField(data, 36), flags),
        workstation: decodeText(readField(data, 44), flags),
      };
    }
    default:
      throw new NtlmMessageError(`unknown NTLM message type ${type}`);
  }
}

export function encodeAvPairs(pairs: ReadonlyArray<readonly [number, Buffer]>): Buffer {
  const parts: Buffer[] = [];
  for (const [id, value] of pairs) {
    const head = Buffer.alloc(4);
    head.writeUInt16LE(id, 0);
    head.writeUInt16LE(value.length, 2);
    parts.push(head, value);
  }
  parts.push(Buffer.alloc(4)); // MsvAvEOL
  return Buffer.concat(parts);
}

export function decodeAvPairs(info: Buffer): Map<number, Buffer> {
  const pairs = new Map<number, Buffer>();
  let at = 0;
  while (at + 4 <= info.length) {
    const id = info.readUInt16LE(at);
    const length = info.readUInt16LE(at + 2);
    if (id === AvId.EOL) break;
    if (at + 4 + length > info.length) throw new NtlmMessageError('truncated AV_PAIR in target info');
    pairs.set(id, info.subarray(at + 4, at + 4 + length));
    at += 4 + length;
  }
  return pairs;
}

/** Windows FILETIME: 100 ns intervals since 1601-01-01, little-endian. */
export function fileTime(epochMs: number): Buffer {
  const out = Buffer.alloc(8);
  out.writeBigUInt64LE((BigInt(Math.round(epochMs)) + 11_644_473_600_000n) * 10_000n);
  return out;
}

function writeFields(header: Buffer, at: number, length: number, offset: number): void {
  header.writeUInt16LE(length, at);
  header.writeUInt16LE(length, at + 2);
  header.writeUInt32LE(offset, at + 4);
}

function readField(data: Buffer, at: number): Buffer {
  const length = data.readUInt16LE(at);
  const offset = data.readUInt32LE(at + 4);
  if (length === 0) return Buffer.alloc(0);
  if (offset + length > data.length) throw new NtlmMessageError('NTLM message field points past its end');
  return data.subarray(offset, offset + length);
}

function decodeText(data: Buffer, flags: number): string {
  return data.toString(flags & NtlmFlags.UNICODE ? 'utf16le' : 'latin1');
}

function need(data: Buffer, length: number): void {
  if (data.length < length) throw new NtlmMessageError('truncated NTLM message');
}
