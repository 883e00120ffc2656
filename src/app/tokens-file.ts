// OAuth tokens kept in a file the service rewrites on every refresh: the refresh
// token is single-use, so losing the new one means authorizing the app again.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import type { OAuthTokens } from '../connectors/bitrix24/auth.ts';

const tokensSchema = z
  .object({
    accessToken: z.string().min(1),
    refreshToken: z.string().min(1),
    expiresAt: z.number(),
    clientEndpoint: z.string().url(),
    serverEndpoint: z.string().url(),
  })
  .strict();

export async function readTokens(file: string): Promise<OAuthTokens> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new Error(`bitrix24.oauth.tokensFile ${file} cannot be read; write the first token pair there (accessToken, refreshToken, expiresAt, clientEndpoint, serverEndpoint) after authorizing the application`);
  }
  const parsed = tokensSchema.safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error(`bitrix24.oauth.tokensFile ${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data;
}

export async function writeTokens(file: string, tokens: OAuthTokens): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const tmp = `${file}.tmp`;
  await writeFile(tmp, JSON.stringify(tokens, null, 2), { mode: 0o600 });
  await rename(tmp, file);
}
