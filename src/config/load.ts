// Reading the config: YAML → ${ENV} interpolation (secrets stay out of the file) →
// the zod schema → a frozen object. Every problem names the path and what was
// expected, e.g. `nav.auth.password: environment variable B24NAV_NAV_PASSWORD is not set`.
import { readFile } from 'node:fs/promises';
import { parseDocument } from 'yaml';
import type { ZodError} from 'zod';
import { type core } from 'zod';
import { configSchema, type Config } from './schema.ts';

export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly problems: readonly string[],
  ) {
    super(`${file}: ${problems.length === 1 ? problems[0] : `${problems.length} problems:\n  - ${problems.join('\n  - ')}`}`);
    this.name = 'ConfigError';
  }
}

const ENV_REF = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

/** Replaces ${NAME} and ${NAME:-default} in every string; a missing variable is a problem at that path. */
export function interpolate(value: unknown, env: Readonly<Record<string, string | undefined>>, path: string[] = [], problems: string[] = []): unknown {
  if (typeof value === 'string') {
    return value.replace(ENV_REF, (_, name: string, fallback: string | undefined) => {
      const v = env[name];
      if (v !== undefined && v !== '') return v;
      if (fallback !== undefined) return fallback;
      problems.push(`${path.join('.') || '(root)'}: environment variable ${name} is not set (export it, or use \${${name}:-default})`);
      return '';
    });
  }
  if (Array.isArray(value)) return value.map((v, i) => interpolate(v, env, [...path, String(i)], problems));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolate(v, env, [...path, k], problems)]));
  }
  return value;
}

// Keys whose value is a secret (passwords, client secrets, tokens, the webhook URL
// with its code, a database URL with its password): an error names the type it got,
// never the value, because config errors are printed and logged.
const SECRET_KEY = /password|secret|token|webhookurl|^url$/i;

function shown(path: readonly PropertyKey[], input: unknown): string {
  const key = path[path.length - 1];
  if (typeof key === 'string' && SECRET_KEY.test(key)) return `a ${Array.isArray(input) ? 'list' : input === null ? 'null' : typeof input} (value not shown: it is a secret)`;
  return JSON.stringify(input);
}

function describeIssue(issue: core.$ZodIssue): string {
  const path = issue.path.length > 0 ? issue.path.map(String).join('.') : '(root)';
  switch (issue.code) {
    case 'unrecognized_keys':
      return `${path}: unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')} (check the spelling; docs/configuration.md lists every key)`;
    case 'invalid_type':
      return `${path}: expected ${issue.expected}${issue.input === undefined ? ', but it is missing' : `, got ${shown(issue.path, issue.input)}`}`;
    case 'invalid_value':
      return `${path}: expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    default:
      return `${path}: ${issue.message}`;
  }
}

export function formatZodError(error: ZodError): string[] {
  return error.issues.map(describeIssue);
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** Validates an already parsed config object (tests, `init`). */
export function parseConfig(raw: unknown, env: Readonly<Record<string, string | undefined>>, file = 'config'): Config {
  const problems: string[] = [];
  const interpolated = interpolate(raw ?? {}, env, [], problems);
  if (problems.length > 0) throw new ConfigError(file, problems);
  const result = configSchema.safeParse(interpolated, { reportInput: true });
  if (!result.success) throw new ConfigError(file, formatZodError(result.error));
  return deepFreeze(result.data);
}

export async function loadConfig(file: string, env: Readonly<Record<string, string | undefined>>): Promise<Config> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new ConfigError(file, ['file not found: run `b24nav init` (or `b24nav init --sandbox`) to write one, or pass --config FILE']);
    }
    throw error;
  }
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new ConfigError(file, doc.errors.map((e) => `YAML: ${(e.message.split('\n')[0] ?? e.message).replace(/:\s*$/, '')}`));
  }
  return parseConfig(doc.toJS(), env, file);
}
