import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { canonicalRecord, reorder } from './arbitraries.ts';
import { applyDiff, diff, isEmptyDiff } from './diff.ts';
import { canonicalJson } from './hash.ts';
import { canonicalForm } from './normalize.ts';
import { fieldValueEquals, type CanonicalRecord } from './record.ts';

function sameRecord(a: CanonicalRecord, b: CanonicalRecord): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((k) => Object.hasOwn(a, k) && Object.hasOwn(b, k) && fieldValueEquals(a[k], b[k]));
}

describe('diff', () => {
  it('lists changed, added and removed fields, sorted', () => {
    const d = diff({ name: 'A', phone: ['1'], gone: 1 }, { phone: ['1', '2'], name: 'A', added: null });
    assert.deepEqual(Object.keys(d), ['added', 'gone', 'phone']);
    assert.deepEqual(d['gone'], { from: 1, to: undefined });
    assert.deepEqual(d['added'], { from: undefined, to: null });
    assert.deepEqual(d['phone'], { from: ['1'], to: ['1', '2'] });
  });

  it('applyDiff(a, diff(a, b)) is b', () => {
    fc.assert(
      fc.property(canonicalRecord, canonicalRecord, (a, b) => {
        assert.ok(sameRecord(applyDiff(a, diff(a, b)), b));
      }),
    );
  });

  it('the diff of equal records is empty, whatever the key order', () => {
    fc.assert(
      fc.property(canonicalRecord, fc.integer(), (a, seed) => {
        assert.ok(isEmptyDiff(diff(a, reorder(a, seed))));
        assert.ok(isEmptyDiff(diff(a, structuredClone(a))));
      }),
    );
  });

  it('diff(b, a) undoes diff(a, b), and the diff does not depend on key order', () => {
    fc.assert(
      fc.property(canonicalRecord, canonicalRecord, fc.integer(), (a, b, seed) => {
        assert.ok(sameRecord(applyDiff(applyDiff(a, diff(a, b)), diff(b, a)), a));
        assert.equal(canonicalJson(diff(reorder(a, seed), reorder(b, seed + 1))), canonicalJson(diff(a, b)));
      }),
    );
  });

  it('with a normalised comparison, changes of form only are not changes', () => {
    const same = (_f: string, x: unknown, y: unknown) => canonicalForm('phone', x as string, { defaultRegion: 'RU' }) === canonicalForm('phone', y as string, { defaultRegion: 'RU' });
    assert.ok(isEmptyDiff(diff({ phone: '8 (495) 123-45-67' }, { phone: '+74951234567' }, same)));
  });
});
