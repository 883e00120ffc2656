// NTLM (MS-NLMP) written once: the NAV client authenticates with it and the NAV
// sandbox challenges and verifies with it.
export { challengeBytes, ntHash, ntowfv2 } from './crypto.ts';
export {
  AvId,
  decodeAvPairs,
  decodeMessage,
  encodeAvPairs,
  encodeChallenge,
  encodeNegotiate,
  fileTime,
  NtlmFlags,
  NtlmMessageError,
  type AuthenticateMessage,
  type ChallengeMessage,
  type NegotiateMessage,
  type NtlmMessage,
} from './messages.ts';
export { answerChallenge, computeNtlmV2, verifyNtlmV2, type ExpectedAccount, type NtlmCredentials, type VerifyResult } from './ntlmv2.ts';
