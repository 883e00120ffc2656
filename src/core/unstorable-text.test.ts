import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { compileFieldMap } from './field-map.ts';
import { firstUnstorable } from './unstorable-text.ts';

describe('unstorable text', () => {
  it('finds the control characters XML 1.0 cannot carry, U+FFFE/U+FFFF and lone surrogates, with their position', () => {
    assert.deepEqual(firstUnstorable('ab\u0000c'), { position: 3, name: 'U+0000' });
    assert.deepEqual(firstUnstorable('\u0007bell'), { position: 1, name: 'U+0007' });
    for (const c of ['\u0008', '\u000B', '\u000C', '\u000E', '\u001B', '\u001F', '\uFFFE', '\uFFFF']) assert.ok(firstUnstorable(`x${c}`), JSON.stringify(c));
    assert.deepEqual(firstUnstorable('lone \uD800 high'), { position: 6, name: 'U+D800 (a lone surrogate)' });
    assert.deepEqual(firstUnstorable('\uDC00 low first'), { position: 1, name: 'U+DC00 (a lone surrogate)' });
    assert.deepEqual(firstUnstorable('end \uD83D'), { position: 5, name: 'U+D83D (a lone surrogate)' });
  });

  it('lets through tab, line feed, carriage return, DEL, emoji pairs and every other character', () => {
    for (const ok of ['tab\there', 'line\nfeed\r\n', 'del\u007f', 'ООО «Ромашка» 😀 👨‍👩‍👧', '<a>&amp;</a>', '=SUM(A1)', '\u00a0', '']) assert.equal(firstUnstorable(ok), undefined, JSON.stringify(ok));
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 30 }), (text) => {
        // eslint-disable-next-line no-control-regex -- the characters the property excludes
        const clean = text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '');
        assert.equal(firstUnstorable(clean), undefined);
      }),
    );
  });

  it('makes the field map refuse the value for that field, on either side, naming field, character and position', () => {
    const compiled = compileFieldMap([{ name: 'name', b24: 'TITLE', nav: 'Name', direction: 'both', normalize: 'text', navMaxLength: 50 }]);
    assert.ok(compiled.ok);
    const nav = compiled.fieldMap.toNav({ name: 'Acme\u0000 Ltd' });
    assert.deepEqual(nav.fields, {});
    assert.deepEqual(nav.errors.map((e) => [e.code, e.side, e.path]), [['unstorable_char', 'nav', 'Name']]);
    assert.match(nav.errors[0]?.message ?? '', /^Name: "Acme\\u0000 Ltd" has the character U\+0000 at position 5, which NAV cannot store/);
    const b24 = compiled.fieldMap.toB24({ name: 'x\uD800' });
    assert.match(b24.errors[0]?.message ?? '', /TITLE: .*U\+D800 \(a lone surrogate\) at position 2, which Bitrix24 cannot store/);
  });
});
