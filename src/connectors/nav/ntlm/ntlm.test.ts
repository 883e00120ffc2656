import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  answerChallenge,
  AvId,
  computeNtlmV2,
  decodeMessage,
  encodeAvPairs,
  encodeChallenge,
  encodeNegotiate,
  fileTime,
  NtlmFlags,
  ntHash,
  ntowfv2,
  verifyNtlmV2,
  type AuthenticateMessage,
  type ChallengeMessage,
} from './index.ts';

const hex = (b: Buffer): string => b.toString('hex');

describe('NTLM hashes: MS-NLMP 4.2 test vectors', () => {
  const targetInfo = encodeAvPairs([
    [AvId.NbDomainName, Buffer.from('Domain', 'utf16le')],
    [AvId.NbComputerName, Buffer.from('Server', 'utf16le')],
  ]);

  it('NTOWFv1 and NTOWFv2', () => {
    assert.equal(hex(ntHash('Password')), 'a4f49c406510bdcab6824ee7c30fd852');
    assert.equal(hex(ntowfv2('Password', 'User', 'Domain')), '0c868a403bfd7a93a3001ef22ef02e3f');
  });

  it('NTLMv2 proof, LMv2 response and session base key (4.2.4)', () => {
    const result = computeNtlmV2({
      responseKey: ntowfv2('Password', 'User', 'Domain'),
      serverChallenge: Buffer.from('0123456789abcdef', 'hex'),
      clientChallenge: Buffer.from('aaaaaaaaaaaaaaaa', 'hex'),
      timestamp: Buffer.alloc(8),
      targetInfo,
      zeroLm: false,
    });
    assert.equal(hex(result.ntResponse.subarray(0, 16)), '68cd0ab851e51c96aabc927bebef6a1c');
    assert.equal(hex(result.lmResponse), '86c35097ac9cec102554764a57cccc19aaaaaaaaaaaaaaaa');
    assert.equal(hex(result.sessionBaseKey), '8de40ccadbc14a82f15cb0ad0de95ca3');
  });
});

describe('NTLM handshake messages', () => {
  const serverChallenge = Buffer.from('0102030405060708', 'hex');
  const challengeBytes = encodeChallenge({
    flags: NtlmFlags.UNICODE | NtlmFlags.NTLM | NtlmFlags.TARGET_INFO | NtlmFlags.EXTENDED_SESSIONSECURITY,
    serverChallenge,
    targetName: 'CRONUS',
    targetInfo: encodeAvPairs([
      [AvId.NbDomainName, Buffer.from('CRONUS', 'utf16le')],
      [AvId.Timestamp, fileTime(Date.UTC(2026, 0, 1))],
    ]),
  });
  const account = { user: 'navuser', domain: 'CRONUS', password: 'Pässword-1' };

  it('round-trips negotiate and challenge messages', () => {
    assert.equal(decodeMessage(encodeNegotiate()).type, 1);
    const challenge = decodeMessage(challengeBytes) as ChallengeMessage;
    assert.equal(challenge.type, 2);
    assert.equal(challenge.targetName, 'CRONUS');
    assert.deepEqual(challenge.serverChallenge, serverChallenge);
  });

  it('verifies the answer of the right password, whatever the case of user and domain', () => {
    const challenge = decodeMessage(challengeBytes) as ChallengeMessage;
    const answer = decodeMessage(answerChallenge(challenge, { ...account, user: 'NavUser', domain: 'cronus' })) as AuthenticateMessage;
    assert.equal(answer.type, 3);
    assert.equal(answer.user, 'NavUser');
    assert.deepEqual(answer.lmResponse, Buffer.alloc(24), 'a server timestamp makes the LM response Z(24)');
    assert.deepEqual(verifyNtlmV2(answer, serverChallenge, account), { ok: true, user: 'CRONUS\\navuser' });
  });

  it('refuses a wrong password, another user, another challenge and NTLMv1', () => {
    const challenge = decodeMessage(challengeBytes) as ChallengeMessage;
    const wrong = decodeMessage(answerChallenge(challenge, { ...account, password: 'nope' })) as AuthenticateMessage;
    assert.equal(verifyNtlmV2(wrong, serverChallenge, account).ok, false);
    const other = decodeMessage(answerChallenge(challenge, { ...account, user: 'mallory' })) as AuthenticateMessage;
    assert.equal(verifyNtlmV2(other, serverChallenge, account).ok, false);
    const right = decodeMessage(answerChallenge(challenge, account)) as AuthenticateMessage;
    assert.equal(verifyNtlmV2(right, Buffer.alloc(8), account).ok, false);
    const v1: AuthenticateMessage = { ...right, ntResponse: Buffer.alloc(24) };
    assert.deepEqual(verifyNtlmV2(v1, serverChallenge, account).ok, false);
  });

  it('rejects garbage with a clear error', () => {
    assert.throws(() => decodeMessage(Buffer.from('hello world!')), /NTLMSSP signature/);
  });
});
