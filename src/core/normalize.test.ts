import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { fieldValue } from './arbitraries.ts';
import { parseCalendarDate, parseTimeSpan } from './date.ts';
import { normalizeEmail } from './email.ts';
import { canonicalForm, NORMALIZE_KINDS, normalizeCode, normalizeText, parseBool } from './normalize.ts';
import { normalizePhone, phoneMatchKey } from './phone.ts';
import { checkInn, normalizeInn, normalizeVat } from './tax-id.ts';

describe('phones', () => {
  it('writes Russian numbers in E.164 whatever the habit', () => {
    for (const raw of ['8 (495) 123-45-67', '+7 495 123 45 67', '84951234567', '7 495 1234567', ' +7(495)123-45-67 ']) {
      assert.deepEqual(normalizePhone(raw, 'RU'), { value: '+74951234567', parsed: true }, raw);
    }
    assert.equal(normalizePhone('9991234567', 'RU').value, '+79991234567');
    assert.equal(normalizePhone('+44 20 7946 0958', 'RU').value, '+442079460958');
  });

  it('keeps the extension', () => {
    assert.equal(normalizePhone('+1 202 555 0143 ext. 12').value, '+12025550143;ext=12');
    assert.equal(phoneMatchKey('+1 202 555 0143 ext. 12'), '+12025550143');
  });

  it('keeps a phone it cannot read as its digits, flagged', () => {
    assert.deepEqual(normalizePhone('123', 'RU'), { value: '123', parsed: false });
    assert.deepEqual(normalizePhone('+99 12', 'RU'), { value: '+9912', parsed: false });
    assert.deepEqual(normalizePhone('8 (495) 123-45-67'), { value: '84951234567', parsed: false });
    assert.deepEqual(normalizePhone(' n/a '), { value: 'n/a', parsed: false });
    assert.equal(phoneMatchKey('123', 'RU'), null);
  });
});

describe('e-mail', () => {
  it('trims and lower-cases, and keeps dots and tags', () => {
    assert.deepEqual(normalizeEmail('  Ivan.Petrov+crm@GMail.com '), { value: 'ivan.petrov+crm@gmail.com', valid: true });
    assert.equal(normalizeEmail('mailto:A@B.ru').value, 'a@b.ru');
    assert.equal(normalizeEmail('<a@b.ru>').value, 'a@b.ru');
    assert.equal(normalizeEmail('Пётр@Почта.рф').value, 'пётр@почта.рф');
  });

  it('flags what is not an address', () => {
    for (const raw of ['a@', '@b.ru', 'a b@c.ru', 'a@b', 'a@@b.ru', 'a@b..ru', '']) assert.equal(normalizeEmail(raw).valid, false, raw);
  });
});

describe('INN and VAT', () => {
  it('validates INN check digits', () => {
    assert.deepEqual(checkInn('7707083893'), { valid: true, inn: '7707083893', kind: 'organisation' });
    assert.deepEqual(checkInn(' 5001 0073 2259 '), { valid: true, inn: '500100732259', kind: 'person' });
    assert.equal(checkInn('7707083894').valid, false);
    assert.equal(checkInn('500100732258').valid, false);
    assert.equal(checkInn('0000000000').valid, false);
    assert.equal(checkInn('77070838').valid, false);
    assert.equal(checkInn('0274062111').valid, true);
  });

  it('gives back the leading zero a number lost', () => {
    assert.equal(normalizeInn(274062111), '0274062111');
    assert.equal(checkInn(274062111).valid, true);
    assert.equal(normalizeInn('02-74-062111'), '0274062111');
  });

  it('every INN with computed check digits is valid, and one changed digit is not', () => {
    const w10 = [2, 4, 10, 3, 5, 9, 4, 6, 8];
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 9, maxLength: 9 }), fc.integer({ min: 0, max: 8 }), (digits, at) => {
        fc.pre(digits.some((d) => d !== 0));
        const check = (digits.reduce((s, d, i) => s + d * (w10[i] ?? 0), 0) % 11) % 10;
        const inn = `${digits.join('')}${check}`;
        assert.equal(checkInn(inn).valid, true);
        const changed = digits.map((d, i) => (i === at ? (d + 1) % 10 : d));
        // 11 is prime, so one changed digit always changes the sum mod 11; only the final
        // "mod 10" folds 10 onto 0, and then the check digit cannot see the change.
        const folded = (changed.reduce((s, d, i) => s + d * (w10[i] ?? 0), 0) % 11) % 10;
        assert.equal(checkInn(`${changed.join('')}${check}`).valid, folded === check);
      }),
    );
  });

  it('VAT ids: upper-case letters and digits, prefix kept', () => {
    assert.equal(normalizeVat('de 123 456-789'), 'DE123456789');
    assert.equal(normalizeVat('EL.123456789'), 'EL123456789');
  });
});

describe('text, codes, booleans', () => {
  it('text: NFC, trimmed, inner whitespace collapsed', () => {
    assert.equal(normalizeText('  ООО\u00a0 «Ромашка»\n\tи  К '), 'ООО «Ромашка» и К');
    assert.equal(normalizeText('e\u0301'), 'é');
    assert.equal(normalizeCode(' domestic '), 'DOMESTIC');
  });

  it('booleans from both systems', () => {
    for (const v of ['Y', 'y', 'true', '1', 1, true, 'да']) assert.deepEqual(parseBool(v), { ok: true, value: true }, String(v));
    for (const v of ['N', 'false', '0', 0, false, '']) assert.deepEqual(parseBool(v), { ok: true, value: false }, String(v));
    assert.equal(parseBool('maybe').ok, false);
  });
});

describe('dates', () => {
  it('takes the date of a datetime as written, in its own offset', () => {
    assert.deepEqual(parseCalendarDate('2024-08-30T02:00:00+02:00'), { ok: true, value: '2024-08-30' });
    assert.deepEqual(parseCalendarDate('2024-08-30T00:00:00+03:00'), { ok: true, value: '2024-08-30' });
    assert.deepEqual(parseCalendarDate('2024-08-30'), { ok: true, value: '2024-08-30' });
    assert.deepEqual(parseCalendarDate('2024-08-30+03:00'), { ok: true, value: '2024-08-30' });
    assert.deepEqual(parseCalendarDate('30.08.2024'), { ok: true, value: '2024-08-30' });
    assert.deepEqual(parseCalendarDate('2024-02-29'), { ok: true, value: '2024-02-29' });
  });

  it("reads NAV's blank date as null and refuses impossible days", () => {
    assert.deepEqual(parseCalendarDate('0001-01-01'), { ok: true, value: null });
    for (const bad of ['2023-02-29', '2024-13-01', '2024-00-10', '31.04.2024', 'yesterday', '08/30/2024']) assert.equal(parseCalendarDate(bad).ok, false, bad);
  });

  it('time spans: an instant, a UTC day, or ±14 h without an offset', () => {
    assert.deepEqual(parseTimeSpan('2024-08-30T02:00:00+02:00'), { from: Date.UTC(2024, 7, 30), to: Date.UTC(2024, 7, 30) + 1 });
    assert.deepEqual(parseTimeSpan('2024-08-30'), { from: Date.UTC(2024, 7, 30), to: Date.UTC(2024, 7, 31) });
    const naive = parseTimeSpan('2024-08-30T12:00:00');
    assert.ok(naive && naive.to - naive.from > 27 * 3600_000);
    assert.equal(parseTimeSpan('soon'), null);
  });
});

describe('canonicalForm', () => {
  it('money: 1000, 1000.0 and "1000.00" are the same', () => {
    for (const v of [1000, 1000.0, '1000.00', '1 000', '1000,0']) assert.equal(canonicalForm('money', v), '1000.00', String(v));
    assert.equal(canonicalForm('number', '1000.50'), '1000.5');
    assert.equal(canonicalForm('number', 'abc'), 'abc');
  });

  it('each kind', () => {
    assert.equal(canonicalForm('phone', '8 (495) 123-45-67', { defaultRegion: 'RU' }), '+74951234567');
    assert.deepEqual(canonicalForm('phone', ['+7 495 123 45 67', '84951234567', '+7 999 123 45 67'], { defaultRegion: 'RU' }), ['+74951234567', '+79991234567']);
    assert.equal(canonicalForm('email', ' A@B.RU'), 'a@b.ru');
    assert.equal(canonicalForm('inn', '77 0708 3893'), '7707083893');
    assert.equal(canonicalForm('vat', 'de 123'), 'DE123');
    assert.equal(canonicalForm('code', ' sp01 '), 'SP01');
    assert.equal(canonicalForm('date', '2024-08-30T02:00:00+02:00'), '2024-08-30');
    assert.equal(canonicalForm('bool', 'Y'), true);
    assert.equal(canonicalForm('text', 5), '5');
    assert.equal(canonicalForm('none', ''), '');
  });

  it('every kind but none reads empty as null', () => {
    for (const kind of NORMALIZE_KINDS.filter((k) => k !== 'none')) {
      for (const empty of [null, '', '   ', [], [null, '']]) assert.equal(canonicalForm(kind, empty), null, `${kind} ${JSON.stringify(empty)}`);
    }
  });

  it('is idempotent for every kind', () => {
    fc.assert(
      fc.property(fc.constantFrom(...NORMALIZE_KINDS), fieldValue, (kind, value) => {
        const once = canonicalForm(kind, value, { defaultRegion: 'RU' });
        assert.deepEqual(canonicalForm(kind, once, { defaultRegion: 'RU' }), once);
      }),
    );
  });
});
