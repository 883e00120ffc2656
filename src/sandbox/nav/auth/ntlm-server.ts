// The server side of NTLM over HTTP (MS-NTHT): 401 with the advertised scheme,
// a CHALLENGE_MESSAGE for the client's NEGOTIATE_MESSAGE on the same kept-alive
// connection, then the AUTHENTICATE_MESSAGE verified against the configured
// password (NTLMv2 only). The challenge lives with the socket: NTLM
// authenticates connections, not requests.
import type { Socket } from 'node:net';
import type { Clock } from '../../../core/clock.ts';
import {
  AvId,
  challengeBytes,
  decodeMessage,
  encodeAvPairs,
  encodeChallenge,
  fileTime,
  NtlmFlags,
  NtlmMessageError,
  verifyNtlmV2,
  type ExpectedAccount,
} from '../../../connectors/nav/ntlm/index.ts';

/**
 * - 'connection': once a connection is authenticated, later requests on it need no
 *   Authorization header (HTTP.sys with connection-based NTLM).
 * - 'request': every request runs the handshake again, as WCF's default
 *   (UnsafeConnectionNtlmAuthentication = false) requires. Which one NAV's service
 *   tier uses is UNCONFIRMED; the default is the documented .NET default.
 */
export type NtlmSession = 'connection' | 'request';

/** NAV advertises Negotiate by default, NTLM alone when ServicesUseNTLMAuthentication is on (§4). */
export type NtlmScheme = 'Negotiate' | 'NTLM';

interface SocketState {
  challenge: Buffer | undefined;
  user: string | undefined;
}

export type NtlmOutcome =
  | { readonly kind: 'authenticated'; readonly user: string }
  | { readonly kind: 'challenge'; readonly header: string }
  | { readonly kind: 'unauthorized'; readonly reason: string };

export interface NtlmServerOptions {
  readonly account: ExpectedAccount;
  readonly scheme: NtlmScheme;
  readonly session: NtlmSession;
  readonly clock: Clock;
}

export class NtlmServer {
  private readonly sockets = new WeakMap<Socket, SocketState>();

  constructor(private readonly options: NtlmServerOptions) {}

  get advertised(): string {
    return this.options.scheme;
  }

  /** Decides a request from its Authorization header and the state of its connection. */
  handle(socket: Socket, authorization: string | undefined): NtlmOutcome {
    let state = this.sockets.get(socket);
    if (!state) this.sockets.set(socket, (state = { challenge: undefined, user: undefined }));
    const scheme = this.options.scheme;
    const prefix = `${scheme} `;
    if (authorization === undefined || !authorization.startsWith(prefix)) {
      if (authorization === undefined && state.user !== undefined && this.options.session === 'connection') {
        return { kind: 'authenticated', user: state.user };
      }
      return { kind: 'unauthorized', reason: authorization === undefined ? 'no credentials' : `the server accepts ${scheme} only` };
    }
    let message;
    try {
      message = decodeMessage(Buffer.from(authorization.slice(prefix.length).trim(), 'base64'));
    } catch (error) {
      return { kind: 'unauthorized', reason: error instanceof NtlmMessageError ? error.message : 'unreadable token' };
    }
    if (message.type === 1) {
      state.challenge = challengeBytes(8);
      state.user = undefined;
      return { kind: 'challenge', header: `${scheme} ${this.challenge(state.challenge).toString('base64')}` };
    }
    if (message.type === 3 && state.challenge) {
      const result = verifyNtlmV2(message, state.challenge, this.options.account);
      state.challenge = undefined;
      if (!result.ok) return { kind: 'unauthorized', reason: result.reason };
      state.user = this.options.session === 'connection' ? result.user : undefined;
      return { kind: 'authenticated', user: result.user };
    }
    return { kind: 'unauthorized', reason: 'unexpected NTLM message' };
  }

  private challenge(serverChallenge: Buffer): Buffer {
    const domain = this.options.account.domain.toUpperCase();
    return encodeChallenge({
      flags:
        NtlmFlags.UNICODE |
        NtlmFlags.REQUEST_TARGET |
        NtlmFlags.NTLM |
        NtlmFlags.ALWAYS_SIGN |
        NtlmFlags.TARGET_TYPE_DOMAIN |
        NtlmFlags.EXTENDED_SESSIONSECURITY |
        NtlmFlags.TARGET_INFO |
        NtlmFlags.VERSION |
        NtlmFlags.N128 |
        NtlmFlags.N56,
      serverChallenge,
      targetName: domain,
      targetInfo: encodeAvPairs([
        [AvId.NbDomainName, Buffer.from(domain, 'utf16le')],
        [AvId.NbComputerName, Buffer.from('NAVSERVER', 'utf16le')],
        [AvId.DnsDomainName, Buffer.from(`${domain.toLowerCase()}.local`, 'utf16le')],
        [AvId.DnsComputerName, Buffer.from(`navserver.${domain.toLowerCase()}.local`, 'utf16le')],
        [AvId.Timestamp, fileTime(this.options.clock.now())],
      ]),
    });
  }
}
