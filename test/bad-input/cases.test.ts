// The bad-input suite lists its cases in test/bad-input/README.md (issue 6 §5: at
// least 40, listed in the suite). This keeps the list and the tests in step: every
// `it(…)` of the suite is listed once, and every listed case is a test.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';

const DIR = import.meta.dirname;

/** Titles of the `it(…)` calls of one test file; in a template, `${transport}` is kept as `{transport}`. */
export function caseTitles(source: string): string[] {
  const out: string[] = [];
  for (const m of source.matchAll(/\bit\(\s*(['`])((?:\\.|(?!\1)[^\\])*)\1/g)) {
    const text = m[1] === '`' ? (m[2] ?? '').replace(/\$\{(\w+)\}/g, '{$1}') : (m[2] ?? '');
    out.push(text.replace(/\\(.)/g, '$1'));
  }
  return out;
}

function listed(readme: string): string[] {
  return [...readme.matchAll(/^\d+\. (.+)$/gm)].map((m) => m[1] ?? '');
}

describe('bad input: the list of cases', () => {
  const files = readdirSync(DIR).filter((f) => f.endsWith('.test.ts') && f !== 'cases.test.ts').sort();
  const inCode = files.flatMap((f) => caseTitles(readFileSync(join(DIR, f), 'utf8')));
  const inReadme = listed(readFileSync(join(DIR, 'README.md'), 'utf8'));

  it('cases: every test of the suite is listed in README.md, and every listed case is a test', () => {
    assert.deepEqual(inReadme.filter((t) => !inCode.includes(t)), [], 'listed but no such test');
    assert.deepEqual(inCode.filter((t) => !inReadme.includes(t)), [], 'a test not listed');
    assert.equal(new Set(inReadme).size, inReadme.length, 'each case listed once');
  });

  it('cases: the suite has at least 40 cases', () => {
    const perTransport = inCode.filter((t) => t.includes('{transport}')).length;
    assert.ok(inCode.length >= 40, `${inCode.length} cases`);
    assert.ok(perTransport > 0, 'some cases run on both NAV transports');
  });
});
