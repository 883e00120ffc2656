// The dashboard's two dictionaries stay in step: the same keys and placeholders in
// English and Russian, every key the pages use exists, and the HTML carries no
// text of its own (everything visible comes from a dictionary).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { RULES } from '../alerts/index.ts';
import { CONFLICT_POLICIES } from '../core/conflict.ts';
import { DIRECTIONS } from '../core/field-map-config.ts';
import { DEFAULT_FIELDS } from '../config/defaults.ts';
import { ROLES } from '../server/access/principal.ts';

const PUBLIC = fileURLToPath(new URL('./public/', import.meta.url));
const load = (lang: string): Record<string, string> => JSON.parse(readFileSync(join(PUBLIC, 'assets/i18n', `${lang}.json`), 'utf8')) as Record<string, string>;
const en = load('en');
const ru = load('ru');

function files(dir: string, ext: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((d) => d.isFile() && d.name.endsWith(ext))
    .map((d) => join(d.parentPath, d.name));
}

const placeholders = (text: string): string[] => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string).sort();
const namespaces = new Set(Object.keys(en).map((k) => k.split('.')[0]));

/** Keys the code builds from data: prefix → the values it can meet. */
const DYNAMIC: Record<string, readonly string[]> = {
  'role.': ROLES,
  'lang.': ['ru', 'en'],
  'live.': ['connecting', 'on', 'reconnecting'],
  'conflicts.state.': ['open', 'resolved'],
  'overview.': ['linked', 'pending', 'failed', 'conflicts', 'lag', 'ambiguous'],
  'entity.': [...Object.keys(DEFAULT_FIELDS), 'stock'],
  'side.': ['b24', 'nav'],
  'flow.': [...DIRECTIONS, 'none'],
  'policy.': CONFLICT_POLICIES,
  'runStatus.': ['running', 'ok', 'failed', 'aborted'],
  'runKind.': ['sync', 'run', 'demo', 'reconcile'],
  'plan.': ['standard', 'enterprise'],
  'onDelete.': ['flag', 'unlink'],
  'alertRule.': RULES,
  'action.': ['created', 'updated', 'linked', 'unlinked', 'skipped_echo', 'conflict', 'resolved', 'ambiguous', 'failed', 'dead', 'deleted'],
};

describe('dashboard dictionaries', () => {
  it('English and Russian have the same keys, none empty, with the same placeholders', () => {
    assert.deepEqual(Object.keys(ru).sort(), Object.keys(en).sort());
    for (const [key, text] of Object.entries(en)) {
      const other = ru[key] as string;
      assert.ok(text.trim() !== '' && other.trim() !== '', `${key} is empty`);
      assert.deepEqual(placeholders(other), placeholders(text), `${key}: placeholders differ`);
    }
  });

  it('the Russian dictionary is Russian: most texts differ from the English ones', () => {
    const same = Object.keys(en).filter((k) => en[k] === ru[k]);
    // Proper names (b24nav, NAV, Dynamics NAV, language names) are the same in both.
    assert.ok(same.length < 15, `texts left in English: ${same.join(', ')}`);
  });

  it('every key the scripts use exists, and every key built from data has all its values', () => {
    const missing: string[] = [];
    const prefixes = new Set<string>();
    for (const file of files(join(PUBLIC, 'assets/js'), '.js')) {
      const code = readFileSync(file, 'utf8');
      for (const m of code.matchAll(/['"`]([a-z][A-Za-z]*(?:\.[A-Za-z0-9_]+)+)['"`]/g)) {
        const key = m[1] as string;
        if (namespaces.has(key.split('.')[0]) && !(key in en)) missing.push(`${file.slice(PUBLIC.length)}: ${key}`);
      }
      for (const m of code.matchAll(/\b(?:t|tOr)\(`([a-zA-Z.]+\.)\$\{/g)) prefixes.add(m[1] as string);
    }
    assert.deepEqual(missing, []);
    assert.ok(prefixes.size >= 8, 'the scan found the keys built from data');
    for (const prefix of prefixes) {
      const values = DYNAMIC[prefix];
      assert.ok(values, `the scripts build keys ${prefix}…; list the values in DYNAMIC`);
      for (const value of values) assert.ok(`${prefix}${value}` in en, `${prefix}${value} is missing`);
    }
  });

  it('the pages have no text of their own, and their data-i18n keys exist', () => {
    for (const file of files(PUBLIC, '.html')) {
      const html = readFileSync(file, 'utf8');
      const text = html
        .replace(/<!doctype[^>]*>/i, '')
        .replace(/<[^>]+>/g, ' ')
        .trim();
      assert.equal(text, '', `${file}: visible text outside the dictionaries`);
      for (const m of html.matchAll(/data-i18n(?:-[a-z-]+)?="([^"]+)"/g)) assert.ok((m[1] as string) in en, `${file}: ${m[1]}`);
    }
  });
});
