// The `server.dashboard` part of the config schema: who may use the dashboard and
// /api. Users sign in with a password stored as a scrypt hash; API tokens come from
// the environment (${ENV}) and are sent as a Bearer header. docs/dashboard.md.
import { z } from 'zod';
import { isPasswordHash } from './passwords.ts';
import { ROLES } from './principal.ts';

const name = z.string().regex(/^[A-Za-z0-9._@-]{1,64}$/, 'expected 1–64 letters, digits or . _ @ -');
const role = z.enum(ROLES);

function unique(what: string) {
  return (entries: ReadonlyArray<{ name: string }>, ctx: z.RefinementCtx): void => {
    const seen = new Set<string>();
    entries.forEach((e, i) => {
      if (seen.has(e.name)) ctx.addIssue({ code: 'custom', path: [i, 'name'], message: `${what} "${e.name}" is listed twice` });
      seen.add(e.name);
    });
  };
}

export const dashboardConfigSchema = z
  .object({
    users: z
      .array(
        z
          .object({
            name,
            passwordHash: z.string().refine(isPasswordHash, { message: 'expected a hash printed by `b24nav hash-password` ($scrypt$ln=…), not the password itself' }),
            role,
          })
          .strict(),
      )
      .default([])
      .superRefine(unique('user')),
    tokens: z
      .array(
        z
          .object({
            name,
            token: z.string().min(32, 'expected at least 32 characters (e.g. from `openssl rand -hex 32`), given as ${ENV}'),
            role,
          })
          .strict(),
      )
      .default([])
      .superRefine(unique('token')),
    /** Mark the session cookie Secure: set it when the dashboard is reached over HTTPS (a TLS proxy in front). */
    secureCookie: z.boolean().default(false),
    /** A session unused this long ends. */
    sessionIdleMinutes: z.number().min(1).max(10_080).default(120),
    /** A session ends this long after sign-in. */
    sessionMaxHours: z.number().min(1).max(720).default(12),
    /** Sign-in attempts allowed per client address in 15 minutes. */
    signInAttempts: z.number().int().min(1).max(1000).default(10),
  })
  .strict()
  .prefault({});

export type DashboardConfig = z.output<typeof dashboardConfigSchema>;
