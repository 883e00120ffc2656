// NTLMv2 responses (MS-NLMP 3.3.2): computed by the client, verified by the
// NAV sandbox against the configured password. NTLMv1 is refused, as Windows
// servers do from LmCompatibilityLevel 5 on.
import { timingSafeEqual } from 'node:crypto';
import { challengeBytes, hmacMd5, ntowfv2 } from './crypto.ts';
import {
  AvId,
  CLIENT_FLAGS,
  decodeAvPairs,
  encodeAuthenticate,
  fileTime,
  NtlmFlags,
  type AuthenticateMessage,
  type ChallengeMessage,
} from './messages.ts';

export interface NtlmCredentials {
  readonly user: string;
  readonly password: string;
  readonly domain: string;
  readonly workstation?: string | undefined;
}

export interface NtlmV2Response {
  readonly ntResponse: Buffer;
  readonly lmResponse: Buffer;
  readonly sessionBaseKey: Buffer;
}

export interface NtlmV2Input {
  readonly responseKey: Buffer;
  readonly serverChallenge: Buffer;
  readonly clientChallenge: Buffer;
  /** FILETIME, 8 bytes. */
  readonly timestamp: Buffer;
  readonly targetInfo: Buffer;
  /** MS-NLMP: with a server timestamp in the target info the LM response is Z(24). */
  readonly zeroLm: boolean;
}

export function computeNtlmV2(input: NtlmV2Input): NtlmV2Response {
  const blob = Buffer.concat([
    Buffer.from([1, 1, 0, 0, 0, 0, 0, 0]),
    input.timestamp,
    input.clientChallenge,
    Buffer.alloc(4),
    input.targetInfo,
    Buffer.alloc(4),
  ]);
  const ntProof = hmacMd5(input.responseKey, input.serverChallenge, blob);
  const lmResponse = input.zeroLm
    ? Buffer.alloc(24)
    : Buffer.concat([hmacMd5(input.responseKey, input.serverChallenge, input.clientChallenge), input.clientChallenge]);
  return { ntResponse: Buffer.concat([ntProof, blob]), lmResponse, sessionBaseKey: hmacMd5(input.responseKey, ntProof) };
}

/** The AUTHENTICATE_MESSAGE answering `challenge`. */
export function answerChallenge(challenge: ChallengeMessage, credentials: NtlmCredentials, now: number = Date.now()): Buffer {
  const serverTime = decodeAvPairs(challenge.targetInfo).get(AvId.Timestamp);
  const { ntResponse, lmResponse } = computeNtlmV2({
    responseKey: ntowfv2(credentials.password, credentials.user, credentials.domain),
    serverChallenge: challenge.serverChallenge,
    clientChallenge: challengeBytes(8),
    timestamp: serverTime ? Buffer.from(serverTime) : fileTime(now),
    targetInfo: challenge.targetInfo,
    zeroLm: serverTime !== undefined,
  });
  const unicode = (challenge.flags & NtlmFlags.UNICODE) !== 0;
  return encodeAuthenticate({
    flags: (CLIENT_FLAGS & challenge.flags) | (unicode ? NtlmFlags.UNICODE : 0),
    lmResponse,
    ntResponse,
    domain: credentials.domain,
    user: credentials.user,
    workstation: credentials.workstation ?? '',
  });
}

export interface ExpectedAccount {
  readonly user: string;
  readonly domain: string;
  readonly password: string;
}

export type VerifyResult = { readonly ok: true; readonly user: string } | { readonly ok: false; readonly reason: string };

/**
 * Checks an AUTHENTICATE_MESSAGE against the account. User and domain compare
 * case-insensitively (Windows accounts do); an empty domain from the client is
 * taken as the server's own. The proof is recomputed with the names exactly as
 * the client sent them, because NTOWFv2 hashes them as given.
 */
export function verifyNtlmV2(message: AuthenticateMessage, serverChallenge: Buffer, account: ExpectedAccount): VerifyResult {
  if (message.ntResponse.length <= 24) return { ok: false, reason: 'NTLMv1 responses are refused; the client must use NTLMv2' };
  if (message.user.toLowerCase() !== account.user.toLowerCase()) return { ok: false, reason: 'unknown user' };
  if (message.domain !== '' && message.domain.toLowerCase() !== account.domain.toLowerCase()) {
    return { ok: false, reason: 'unknown domain' };
  }
  const proof = message.ntResponse.subarray(0, 16);
  const blob = message.ntResponse.subarray(16);
  const key = ntowfv2(account.password, message.user, message.domain);
  const expected = hmacMd5(key, serverChallenge, blob);
  return timingSafeEqual(proof, expected) ? { ok: true, user: `${account.domain}\\${account.user}` } : { ok: false, reason: 'wrong password' };
}
