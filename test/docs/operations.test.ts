// docs/operations.md lists every error code of src/core/error-codes.ts with its
// class, cause and fix (Fastify's habit: a test keeps the codes and their docs in
// step). Fails when a code is missing from the docs, when the docs list a code
// that does not exist, or when a class differs.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ERROR_CODES } from '../../src/core/error-codes.ts';

const DOC = readFileSync(join(import.meta.dirname, '../../docs/operations.md'), 'utf8');

/** The text of a `## title` section, up to the next `## ` heading. */
function section(markdown: string, title: string): string {
  const start = markdown.indexOf(`\n## ${title}\n`);
  assert.ok(start >= 0, `docs/operations.md has a "## ${title}" section`);
  const next = markdown.indexOf('\n## ', start + 1);
  return markdown.slice(start, next < 0 ? undefined : next);
}

interface Row {
  readonly code: string;
  readonly kind: string;
  readonly cause: string;
  readonly fix: string;
}

function rows(text: string): Row[] {
  const out: Row[] = [];
  for (const line of text.split('\n')) {
    const m = /^\| `([A-Z0-9_]+)` \|(.*)\|$/.exec(line);
    if (!m) continue;
    const cells = (m[2] ?? '').split(/(?<!\\)\|/).map((c) => c.trim());
    out.push({ code: m[1] ?? '', kind: cells[0] ?? '', cause: cells[1] ?? '', fix: cells[2] ?? '' });
  }
  return out;
}

describe('docs/operations.md and the error codes', () => {
  const documented = rows(section(DOC, 'Error codes'));
  const codes = Object.keys(ERROR_CODES);

  it('lists every error code, once', () => {
    const listed = documented.map((r) => r.code);
    assert.deepEqual(codes.filter((c) => !listed.includes(c)), [], 'codes missing from docs/operations.md');
    assert.equal(new Set(listed).size, listed.length, 'a code listed twice');
  });

  it('lists no code that does not exist', () => {
    assert.deepEqual(documented.map((r) => r.code).filter((c) => !(c in ERROR_CODES)), []);
  });

  it('gives each code its class as the code list has it, and a cause and a fix', () => {
    for (const row of documented) {
      const info = ERROR_CODES[row.code as keyof typeof ERROR_CODES];
      if (!info) continue;
      assert.equal(row.kind, info.kind, `class of ${row.code}`);
      assert.ok(row.cause.length >= 20, `cause of ${row.code}`);
      assert.ok(row.fix.length >= 4, `fix of ${row.code}`);
    }
  });

  it('every code named in the failure modes exists', () => {
    const named = [...section(DOC, 'Failure modes').matchAll(/`((?:B24|NAV|SYNC|CONFIG)_[A-Z_]+)`/g)].map((m) => m[1] ?? '');
    assert.ok(named.length > 10);
    assert.deepEqual(named.filter((c) => !(c in ERROR_CODES)), []);
  });
});
