import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { decideMatch, matchKeys, matchKeySpec, matchValue, type MatchCandidates } from './match.ts';

describe('matchKeys', () => {
  it('normalises each configured key, in order', () => {
    const lookups = matchKeys(['inn', 'email', 'phone'], {
      inn: '7707 083 893',
      email: [' Info@Romashka.RU ', 'info@romashka.ru', 'not-an-address'],
      phone: ['8 (495) 123-45-67', '+7 495 123 45 67', '123', '+1 202 555 0143 ext. 9'],
    }, { defaultRegion: 'RU' });
    assert.deepEqual(lookups.map((l) => [l.key, l.values]), [
      ['inn', ['7707083893']],
      ['email', ['info@romashka.ru']],
      ['phone', ['+74951234567', '+12025550143']],
    ]);
  });

  it('an INN with wrong check digits is no key', () => {
    assert.deepEqual(matchKeys(['inn'], { inn: '7707083894' })[0]?.values, []);
    assert.equal(matchValue('inn', '500100732259'), '500100732259');
  });

  it('VAT ids keep their prefix; junk is no key', () => {
    assert.equal(matchValue('vat', 'de 123 456 789'), 'DE123456789');
    assert.equal(matchValue('vat', 'N/A'), null);
  });

  it('missing fields give no values', () => {
    assert.deepEqual(matchKeys(['inn', 'email'], {}).map((l) => l.values), [[], []]);
  });

  it('other keys take their kind from the field map, else match as text', () => {
    assert.deepEqual(matchKeySpec('vatId', () => 'vat'), { key: 'vatId', field: 'vatId', kind: 'vat' });
    assert.deepEqual(matchKeySpec('externalNo', () => 'code'), { key: 'externalNo', field: 'externalNo', kind: 'code' });
    assert.deepEqual(matchKeySpec('legalName'), { key: 'legalName', field: 'legalName', kind: 'text' });
    assert.deepEqual(matchKeys([{ key: 'tax', field: 'inn', kind: 'inn' }], { inn: 7707083893 })[0]?.values, ['7707083893']);
  });
});

describe('decideMatch', () => {
  it('the first key with candidates decides', () => {
    assert.deepEqual(decideMatch([]), { kind: 'none' });
    assert.deepEqual(decideMatch([{ key: 'inn', ids: [] }, { key: 'email', ids: ['C10'] }, { key: 'phone', ids: ['C10', 'C20'] }]), { kind: 'one', id: 'C10', key: 'email' });
    assert.deepEqual(decideMatch([{ key: 'inn', ids: ['C2', 'C1', 'C2'] }, { key: 'email', ids: ['C1'] }]), { kind: 'ambiguous', ids: ['C1', 'C2'], key: 'inn' });
    assert.deepEqual(decideMatch([{ key: 'inn', ids: ['C1', 'C1'] }]), { kind: 'one', id: 'C1', key: 'inn' });
  });

  it('never links when the deciding key found several; never looks past it', () => {
    const candidates = fc.array(
      fc.record({ key: fc.constantFrom('inn', 'vat', 'email', 'phone'), ids: fc.array(fc.constantFrom('A', 'B', 'C'), { maxLength: 3 }) }),
      { maxLength: 4 },
    );
    fc.assert(
      fc.property(candidates, (list: MatchCandidates[]) => {
        const decision = decideMatch(list);
        const deciding = list.find((c) => c.ids.length > 0);
        if (deciding === undefined) {
          assert.equal(decision.kind, 'none');
          return;
        }
        const unique = new Set(deciding.ids);
        assert.equal(decision.kind, unique.size === 1 ? 'one' : 'ambiguous');
        assert.equal(decision.key, deciding.key);
        if (decision.kind === 'one') assert.ok(unique.has(decision.id));
      }),
    );
  });
});
