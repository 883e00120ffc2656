// OAuth for part (b): the B24 sandbox's application authorized as its administrator
// (the consent step through the admin API, the code exchanged at /oauth/token/ as
// any client does), the first token pair written where the service keeps it.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SandboxProcess } from './processes.ts';
import { SandboxAdmin, type Row } from './systems.ts';

/** A `prepare` hook for `Scenario.start`: authorizes the app, answers the config that uses it. */
export async function authorizeOAuth({ b24, dir }: { b24: SandboxProcess; dir: string }): Promise<Row> {
  const m = /client_id=(\S+) client_secret=(\S+)/.exec(b24.banner);
  if (!m) throw new Error(`the Bitrix24 sandbox did not print its OAuth application:\n${b24.banner}`);
  const [, clientId, clientSecret] = m as unknown as [string, string, string];
  const { code } = (await new SandboxAdmin(b24.origin).post('oauth/code', { clientId })) as { code: string };
  const query = new URLSearchParams({ grant_type: 'authorization_code', client_id: clientId, client_secret: clientSecret, code });
  const res = await fetch(`${b24.origin}/oauth/token/?${query.toString()}`, { signal: AbortSignal.timeout(30_000) });
  const body = (await res.json()) as Row;
  if (res.status !== 200) throw new Error(`the OAuth code exchange failed: HTTP ${res.status} ${JSON.stringify(body)}`);
  const tokensFile = join(dir, 'b24-tokens.json');
  await writeFile(
    tokensFile,
    JSON.stringify({
      accessToken: body['access_token'],
      refreshToken: body['refresh_token'],
      expiresAt: Date.now() + Number(body['expires_in']) * 1000,
      clientEndpoint: body['client_endpoint'],
      serverEndpoint: body['server_endpoint'],
    }),
    { mode: 0o600 },
  );
  return { bitrix24: { oauth: { clientId, clientSecret, tokensFile } } };
}
