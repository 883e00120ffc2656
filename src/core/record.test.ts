import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { fieldValue } from './arbitraries.ts';
import { fieldValueEquals, isEmptyValue, isFieldValue, otherSide, valueAt } from './record.ts';

describe('fieldValueEquals', () => {
  it('compares deeply and keeps types apart', () => {
    assert.equal(fieldValueEquals(['a', [1, null]], ['a', [1, null]]), true);
    assert.equal(fieldValueEquals(5, '5'), false);
    assert.equal(fieldValueEquals([1], [1, 2]), false);
    assert.equal(fieldValueEquals(null, undefined), false);
    assert.equal(fieldValueEquals(-0, 0), true);
    assert.equal(fieldValueEquals(Number.NaN, Number.NaN), true);
  });

  it('is reflexive and agrees with a structural copy', () => {
    fc.assert(
      fc.property(fieldValue, (v) => {
        assert.equal(fieldValueEquals(v, v), true);
        assert.equal(fieldValueEquals(v, structuredClone(v)), true);
      }),
    );
  });
});

describe('valueAt', () => {
  it('reads own fields only; absent is null', () => {
    const record = { name: 'x' };
    assert.equal(valueAt(record, 'name'), 'x');
    assert.equal(valueAt(record, 'missing'), null);
    assert.equal(valueAt(record, 'toString'), null);
    assert.equal(valueAt(record, 'constructor'), null);
  });
});

describe('helpers', () => {
  it('isEmptyValue treats null, blank text and an empty list as empty', () => {
    assert.deepEqual([null, '', '  ', [], 0, false, 'a', [null]].map((v) => isEmptyValue(v)), [true, true, true, true, false, false, false, false]);
  });

  it('isFieldValue refuses what JSON cannot carry', () => {
    assert.equal(isFieldValue(['a', 1, true, null, [2]]), true);
    assert.equal(isFieldValue(Number.POSITIVE_INFINITY), false);
    assert.equal(isFieldValue({ a: 1 }), false);
    assert.equal(isFieldValue(undefined), false);
  });

  it('otherSide', () => {
    assert.equal(otherSide('b24'), 'nav');
    assert.equal(otherSide('nav'), 'b24');
  });
});
