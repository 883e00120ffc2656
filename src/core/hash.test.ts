import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { canonicalRecord, fieldValue, reorder } from './arbitraries.ts';
import { canonicalJson, hashCanonical } from './hash.ts';
import { canonicalForm } from './normalize.ts';

describe('canonicalJson', () => {
  it('sorts keys at every depth, drops undefined, writes -0 as 0, NFC strings', () => {
    assert.equal(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: undefined, x: -0 }], c: 'e\u0301' } }), '{"a":{"c":"é","d":[2,{"x":0,"z":1}]},"b":1}');
    assert.equal(canonicalJson([undefined, null]), '[null,null]');
    assert.equal(canonicalJson(Object.fromEntries([['__proto__', 1], ['constructor', 2]])), '{"__proto__":1,"constructor":2}');
  });

  it('refuses values with no canonical form instead of hashing them as null', () => {
    assert.throws(() => canonicalJson(Number.NaN), RangeError);
    assert.throws(() => canonicalJson({ a: 10n }), TypeError);
  });

  it('is valid JSON that reads back to the same value', () => {
    fc.assert(
      fc.property(canonicalRecord, (record) => {
        assert.equal(canonicalJson(JSON.parse(canonicalJson(record))), canonicalJson(record));
      }),
    );
  });
});

describe('hashCanonical', () => {
  it('is sha256 hex', () => {
    assert.match(hashCanonical({ a: 1 }), /^[0-9a-f]{64}$/);
    assert.notEqual(hashCanonical({ a: 1 }), hashCanonical({ a: '1' }));
  });

  it('key order never changes the hash', () => {
    fc.assert(
      fc.property(canonicalRecord, fc.integer(), (record, seed) => {
        assert.equal(hashCanonical(reorder(record, seed)), hashCanonical(record));
      }),
    );
  });

  it('records that are equal after normalisation hash equal', () => {
    const amounts = fc.integer({ min: -10_000_000, max: 10_000_000 }).chain((cents) =>
      fc.constantFrom(cents / 100, (cents / 100).toFixed(2), (cents / 100).toFixed(3), String(cents / 100)).map((v) => [cents, v] as const),
    );
    fc.assert(
      fc.property(amounts, amounts, ([c1, v1], [c2, v2]) => {
        const h = (v: string | number) => hashCanonical({ creditLimit: canonicalForm('money', v) });
        assert.equal(h(v1) === h(v2), c1 === c2);
      }),
    );
    const phones = ['8 (495) 123-45-67', '+7 495 123 45 67', '84951234567'];
    const hashes = phones.map((p) => hashCanonical({ phone: canonicalForm('phone', p, { defaultRegion: 'RU' }) }));
    assert.equal(new Set(hashes).size, 1);
  });

  it('text that differs only in Unicode form or spacing hashes equal as text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 20 }), (text) => {
        const variant = ` ${text.normalize('NFD')}\u00a0`;
        assert.equal(hashCanonical({ name: canonicalForm('text', variant) }), hashCanonical({ name: canonicalForm('text', text) }));
      }),
    );
  });

  it('nested values hash the same from a deep copy', () => {
    fc.assert(fc.property(fieldValue, (v) => assert.equal(hashCanonical(structuredClone(v)), hashCanonical(v))));
  });
});
