import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Redactor } from './redact.ts';

describe('Redactor', () => {
  it('masks a secret as written and URL-encoded, also when it holds characters encoding changes ($ / + %)', () => {
    const r = new Redactor();
    r.add('Pa$$w%rd/1+');
    assert.equal(r.text('a Pa$$w%rd/1+ b Pa%24%24w%25rd%2F1%2B c'), 'a [redacted] b [redacted] c');
  });

  it('masks the longer of two overlapping secrets whole, and ignores very short ones', () => {
    const r = new Redactor();
    r.add('abcd');
    r.add('abcdefgh');
    r.add('xyz');
    assert.equal(r.text('abcdefgh abcd xyz'), '[redacted] [redacted] xyz');
  });
});
