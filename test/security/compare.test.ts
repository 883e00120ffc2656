// Issue 6 §6: secrets are compared in constant time. Every place the service
// compares a token it was given (the Bitrix24 event token, dashboard Bearer
// tokens, the CSRF token, the metrics token) goes through one helper,
// tokenMatches of src/server/access/compare.ts, which hashes both sides and
// compares the digests with crypto.timingSafeEqual — so neither the content nor
// the length of a token shows in the time an answer takes.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { tokenMatches } from '../../src/server/access/compare.ts';
import { tokenMatches as eventTokenMatches } from '../../src/server/app.ts';

const SRC = join(import.meta.dirname, '../../src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [path] : [];
  });
}

/** Runs `fn` with crypto.timingSafeEqual replaced by a counting spy (named ESM imports follow the builtin's export). */
function countingTimingSafeEqual<T>(fn: () => T): { result: T; calls: number } {
  const original = crypto.timingSafeEqual;
  let calls = 0;
  crypto.timingSafeEqual = (a, b) => {
    calls += 1;
    return original(a, b);
  };
  syncBuiltinESMExports();
  try {
    return { result: fn(), calls };
  } finally {
    crypto.timingSafeEqual = original;
    syncBuiltinESMExports();
  }
}

describe('security: constant-time comparison of secrets', () => {
  it('compare: tokenMatches answers equal for equal tokens and not equal otherwise, whatever the lengths', () => {
    const token = 'a3f9c1e7b5d2f8a4c6e0b9d7f5a3c1e9';
    assert.equal(tokenMatches(token, token), true);
    assert.equal(tokenMatches(`${token}`.slice(0), token), true);
    for (const other of ['', token.slice(0, -1), `${token}0`, `${token.slice(0, -1)}0`, token.toUpperCase(), 'x'.repeat(10_000)]) {
      assert.equal(tokenMatches(other, token), false, JSON.stringify(other.slice(0, 40)));
    }
  });

  it('compare: tokenMatches goes through crypto.timingSafeEqual, also when the lengths differ', () => {
    for (const given of ['same-length-tok', 'short', 'a-much-longer-token-than-expected']) {
      const { calls } = countingTimingSafeEqual(() => tokenMatches(given, 'same-length-tok'));
      assert.equal(calls, 1, given);
    }
  });

  it('compare: the event endpoint compares the application token with the same helper (no early return on a length mismatch)', () => {
    for (const given of ['evtok-5d8e2c7a9f1b4e6d', 'evtok', 'evtok-5d8e2c7a9f1b4e6d-and-more']) {
      const { result, calls } = countingTimingSafeEqual(() => eventTokenMatches(given, 'evtok-5d8e2c7a9f1b4e6d'));
      assert.equal(calls, 1, given);
      assert.equal(result, given === 'evtok-5d8e2c7a9f1b4e6d');
    }
  });

  it('compare: every module that checks a token it was given uses the helper, and only compare.ts calls timingSafeEqual outside password hashing', () => {
    const files = sourceFiles(SRC).filter((f) => !f.includes(`${join('src', 'sandbox')}`));
    const users = files.filter((f) => /\btokenMatches\(/.test(readFileSync(f, 'utf8'))).map((f) => relative(SRC, f)).sort();
    for (const expected of ['server/access/principal.ts', 'server/auth.ts', 'server/metrics.ts', 'server/app.ts']) assert.ok(users.includes(expected), `${expected} uses tokenMatches`);
    const direct = files.filter((f) => /\btimingSafeEqual\(/.test(readFileSync(f, 'utf8'))).map((f) => relative(SRC, f)).sort();
    // passwords.ts compares scrypt digests of equal length; ntlmv2.ts checks NTLM proofs (the NAV sandbox's server side).
    assert.deepEqual(direct, ['connectors/nav/ntlm/ntlmv2.ts', 'server/access/compare.ts', 'server/access/passwords.ts']);
  });

  it('compare: no token, secret, password or CSRF value is compared with === or !== in the server', () => {
    const offenders: string[] = [];
    for (const file of sourceFiles(join(SRC, 'server'))) {
      readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          // A value compared with a transform of itself (`password.trim() !== password`) checks its form, not a secret.
          if (/(\w+)\.\w+\(\)\s*[!=]==?\s*\1\b/.test(line)) return;
          if (/\b\w*(token|secret|password|csrf)\w*\s*[!=]==?\s*(?!undefined\b|null\b|'|"|`)\w/i.test(line) || /[!=]==?\s*\w*(token|secret|password|csrf)\w*\b(?!\s*\.length)/i.test(line.replace(/typeof\s+\w+\s*[!=]==?\s*'\w+'/g, ''))) {
            offenders.push(`${relative(SRC, file)}:${i + 1}: ${line.trim()}`);
          }
        });
    }
    assert.deepEqual(offenders, []);
  });
});
