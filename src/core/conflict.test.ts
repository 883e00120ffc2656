import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { reorder } from './arbitraries.ts';
import { CONFLICT_POLICIES, laterSide, resolveConflict, type ConflictInput, type ConflictResult } from './conflict.ts';
import { DIRECTIONS, type Direction } from './field-map-config.ts';
import { canonicalJson } from './hash.ts';
import { fieldValueEquals, otherSide, valueAt, type CanonicalRecord, type FieldValue, type SideName } from './record.ts';

const BOTH: Record<string, Direction> = { name: 'both', phone: 'both', creditLimit: 'nav_to_b24', inn: 'b24_to_nav' };

function input(overrides: Partial<ConflictInput>): ConflictInput {
  return {
    policy: 'master', owner: 'b24', base: null, b24: {}, nav: {}, b24ModifiedAt: null, navModifiedAt: null, fieldDirections: BOTH,
    ...overrides,
  };
}

const base = { name: 'Ромашка', phone: '+74951234567', creditLimit: 100, inn: '7707083893' };

describe('resolveConflict', () => {
  it('one side changed: that side wins under every policy', () => {
    for (const policy of CONFLICT_POLICIES) {
      const r = resolveConflict(input({ policy, owner: 'nav', base, b24: { ...base, name: 'Ромашка+' }, nav: base }));
      assert.deepEqual(r.toNav, ['name'], policy);
      assert.deepEqual(r.toB24, []);
      assert.equal(r.merged['name'], 'Ромашка+');
      assert.deepEqual(r.decisions, [{ field: 'name', winner: 'b24', reason: 'changed in Bitrix24 only' }]);
      assert.equal(r.conflict, undefined);
    }
  });

  it('first sync of a matched pair: an empty value is filled, never spread, under every policy', () => {
    for (const policy of CONFLICT_POLICIES) {
      const r = resolveConflict(input({ policy, owner: 'b24', base: null, b24: { name: 'Ромашка', phone: null }, nav: { name: 'Ромашка', phone: '+74951234567' } }));
      assert.deepEqual(r.toB24, ['phone'], policy);
      assert.deepEqual(r.toNav, [], policy);
      assert.equal(r.merged['phone'], '+74951234567');
      assert.equal(r.conflict, undefined);
    }
  });

  it('unchanged fields make no decisions and no writes', () => {
    const r = resolveConflict(input({ base, b24: base, nav: base }));
    assert.deepEqual([r.toB24, r.toNav, r.decisions], [[], [], []]);
    assert.deepEqual(r.merged, base);
  });

  it('both changed to the same value: nothing to write', () => {
    const r = resolveConflict(input({ base, b24: { ...base, name: 'Новое' }, nav: { ...base, name: 'Новое' } }));
    assert.deepEqual([r.toB24, r.toNav], [[], []]);
    assert.equal(r.decisions[0]?.winner, 'both_equal');
  });

  it('both changed: master → the entity owner, even over a field owner', () => {
    const r = resolveConflict(input({ policy: 'master', owner: 'nav', fieldOwners: { name: 'b24' }, base, b24: { ...base, name: 'B' }, nav: { ...base, name: 'N' } }));
    assert.deepEqual([r.toB24, r.toNav, r.merged['name']], [['name'], [], 'N']);
    assert.match(r.decisions[0]?.reason ?? '', /NAV is the master/);
  });

  it('both changed: merge → the field owner, else the entity owner', () => {
    const both = { b24: { ...base, name: 'B', phone: '+1' }, nav: { ...base, name: 'N', phone: '+2' } };
    const r = resolveConflict(input({ policy: 'merge', owner: 'nav', fieldOwners: { name: 'b24' }, base, ...both }));
    assert.deepEqual(r.toNav, ['name']);
    assert.deepEqual(r.toB24, ['phone']);
    assert.deepEqual([r.merged['name'], r.merged['phone']], ['B', '+2']);
  });

  it('merge keeps each side’s own changes', () => {
    const r = resolveConflict(input({ policy: 'merge', base, b24: { ...base, name: 'B' }, nav: { ...base, phone: '+2' } }));
    assert.deepEqual([r.toNav, r.toB24], [['name'], ['phone']]);
  });

  it('both changed: latest → the later side when the times say so for certain', () => {
    const both = { base, b24: { ...base, name: 'B' }, nav: { ...base, name: 'N' } };
    const at = (b24ModifiedAt: string | null, navModifiedAt: string | null, owner: SideName = 'b24'): ConflictResult =>
      resolveConflict(input({ policy: 'latest', owner, b24ModifiedAt, navModifiedAt, ...both }));
    assert.equal(at('2024-08-30T10:00:00+03:00', '2024-08-31', 'b24').merged['name'], 'N');
    assert.equal(at('2024-09-01T10:00:00+03:00', '2024-08-31', 'nav').merged['name'], 'B');
    // Same day: a NAV date cannot be ordered against a time on that day → owner.
    assert.equal(at('2024-08-31T10:00:00+00:00', '2024-08-31', 'b24').merged['name'], 'B');
    assert.equal(at('2024-08-31T10:00:00+00:00', '2024-08-31', 'nav').merged['name'], 'N');
    // Equal times, or one missing → owner.
    assert.equal(at('2024-08-31T10:00:00+00:00', '2024-08-31T13:00:00+03:00', 'nav').merged['name'], 'N');
    assert.equal(at(null, '2024-08-31', 'b24').merged['name'], 'B');
    assert.match(at(null, '2024-08-31', 'b24').decisions[0]?.reason ?? '', /cannot tell which is newer .* so the owner Bitrix24 wins/);
  });

  it('both changed: manual → parked, nothing written for the field', () => {
    const r = resolveConflict(input({ policy: 'manual', base, b24: { ...base, name: 'B', phone: '+1' }, nav: { ...base, name: 'N' } }));
    assert.deepEqual(r.conflict, { fields: { name: { base: 'Ромашка', b24: 'B', nav: 'N' } } });
    assert.deepEqual([r.toB24, r.toNav], [[], ['phone']]);
    assert.equal(r.merged['name'], 'Ромашка');
    assert.equal(r.decisions.find((d) => d.field === 'name')?.winner, 'parked');
  });

  it('a direction is never crossed', () => {
    // creditLimit flows only NAV → B24; inn only B24 → NAV.
    const r = resolveConflict(input({ policy: 'master', owner: 'b24', base, b24: { ...base, creditLimit: 5, inn: '500100732259' }, nav: base }));
    assert.deepEqual([r.toB24, r.toNav], [[], ['inn']]);
    assert.equal(r.merged['creditLimit'], 100);
    assert.match(r.decisions[0]?.reason ?? '', /flows only NAV → Bitrix24, so NAV keeps its value/);
    const both = resolveConflict(input({ policy: 'master', owner: 'b24', base, b24: { ...base, creditLimit: 5 }, nav: { ...base, creditLimit: 7 } }));
    assert.deepEqual([both.toB24, both.merged['creditLimit']], [['creditLimit'], 7]);
  });

  it('first sync (base = null): every difference counts as changed on both sides', () => {
    const r = resolveConflict(input({ policy: 'master', owner: 'nav', base: null, b24: { ...base, name: 'B' }, nav: base }));
    assert.deepEqual(r.toB24, ['name']);
    assert.deepEqual(r.decisions.map((d) => [d.field, d.winner]), [['creditLimit', 'both_equal'], ['inn', 'both_equal'], ['name', 'nav'], ['phone', 'both_equal']]);
    assert.match(r.decisions[2]?.reason ?? '', /^different on the first sync: NAV is the master/);
  });

  it('compares in canonical form when given `same`', () => {
    const same = (_f: string, a: FieldValue, b: FieldValue) => String(a).replace(/\D/g, '') === String(b).replace(/\D/g, '');
    const r = resolveConflict(input({ base, b24: { ...base, phone: '+7 (495) 123-45-67' }, nav: base, same }));
    assert.deepEqual([r.toB24, r.toNav, r.decisions], [[], [], []]);
  });
});

describe('laterSide', () => {
  it('orders only what can be ordered', () => {
    assert.equal(laterSide('2024-08-30T23:30:00+00:00', '2024-08-31'), 'nav');
    assert.equal(laterSide('2024-08-31T01:00:00+02:00', '2024-08-31'), 'nav'); // 2024-08-30T23:00Z
    assert.equal(laterSide('2024-09-01T00:00:00+00:00', '2024-08-31'), 'b24');
    assert.equal(laterSide('2024-08-31T12:00:00+00:00', '2024-08-31'), null);
    assert.equal(laterSide('garbage', '2024-08-31'), null);
  });
});

describe('resolveConflict properties', () => {
  const FIELDS = ['a', 'b', 'c', 'd', 'e'];
  const small = fc.constantFrom<FieldValue>(null, 'x', 'y', 'z', 1, ['x']);
  const side = fc.constantFrom<SideName>('b24', 'nav');
  const stamp = fc.constantFrom(null, '2024-08-30', '2024-08-31', '2024-08-30T10:00:00+03:00', '2024-08-31T23:00:00+00:00', 'bad');
  const scenario = fc
    .record({
      policy: fc.constantFrom(...CONFLICT_POLICIES),
      owner: side,
      hasBase: fc.boolean(),
      base: fc.tuple(...FIELDS.map(() => small)),
      edits: fc.tuple(...FIELDS.map(() => fc.tuple(fc.option(small), fc.option(small)))),
      directions: fc.tuple(...FIELDS.map(() => fc.constantFrom(...DIRECTIONS))),
      owners: fc.tuple(...FIELDS.map(() => fc.option(side))),
      b24ModifiedAt: stamp,
      navModifiedAt: stamp,
    })
    .map((s): ConflictInput => {
      const record = (pick: (i: number) => FieldValue): CanonicalRecord => Object.fromEntries(FIELDS.map((f, i) => [f, pick(i)]));
      const baseRecord = record((i) => s.base[i] ?? null);
      const edited = (which: 0 | 1) => record((i) => {
        const edit = s.edits[i]?.[which];
        return edit === null || edit === undefined ? (s.base[i] ?? null) : edit;
      });
      return {
        policy: s.policy, owner: s.owner, base: s.hasBase ? baseRecord : null, b24: edited(0), nav: edited(1),
        b24ModifiedAt: s.b24ModifiedAt, navModifiedAt: s.navModifiedAt,
        fieldDirections: Object.fromEntries(FIELDS.map((f, i) => [f, s.directions[i] ?? 'both'])),
        fieldOwners: Object.fromEntries(FIELDS.flatMap((f, i) => (s.owners[i] ? [[f, s.owners[i]]] : []))),
      };
    });

  function applyWrites(record: CanonicalRecord, fields: readonly string[], merged: CanonicalRecord): CanonicalRecord {
    return { ...record, ...Object.fromEntries(fields.map((f) => [f, valueAt(merged, f)])) };
  }

  it('does not depend on the order of the fields', () => {
    fc.assert(
      fc.property(scenario, fc.integer(), (s, seed) => {
        const shuffled: ConflictInput = {
          ...s,
          base: s.base && reorder(s.base, seed),
          b24: reorder(s.b24, seed + 1),
          nav: reorder(s.nav, seed + 2),
          fieldDirections: reorder(s.fieldDirections, seed + 3),
          fieldOwners: reorder(s.fieldOwners ?? {}, seed + 4),
        };
        assert.equal(canonicalJson(JSON.parse(JSON.stringify(resolveConflict(shuffled)))), canonicalJson(JSON.parse(JSON.stringify(resolveConflict(s)))));
        assert.equal(JSON.stringify(resolveConflict(shuffled)), JSON.stringify(resolveConflict(s)));
      }),
    );
  });

  it('after the writes both sides agree on every two-way field that is not parked', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const r = resolveConflict(s);
        const b24 = applyWrites(s.b24, r.toB24, r.merged);
        const nav = applyWrites(s.nav, r.toNav, r.merged);
        for (const [field, direction] of Object.entries(s.fieldDirections)) {
          if (direction !== 'both' || r.conflict?.fields[field]) continue;
          assert.ok(fieldValueEquals(valueAt(b24, field), valueAt(nav, field)), field);
          assert.ok(fieldValueEquals(valueAt(b24, field), valueAt(r.merged, field)), field);
        }
      }),
    );
  });

  it('a field changed on one side only is never lost', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        fc.pre(s.base !== null);
        const r = resolveConflict(s);
        const after: Record<SideName, CanonicalRecord> = { b24: applyWrites(s.b24, r.toB24, r.merged), nav: applyWrites(s.nav, r.toNav, r.merged) };
        for (const [field, direction] of Object.entries(s.fieldDirections)) {
          for (const changedSide of ['b24', 'nav'] as const) {
            const other = otherSide(changedSide);
            const baseValue = valueAt(s.base ?? {}, field);
            const changed = !fieldValueEquals(valueAt(s[changedSide], field), baseValue);
            const otherChanged = !fieldValueEquals(valueAt(s[other], field), baseValue);
            if (!changed || otherChanged) continue;
            const value = valueAt(s[changedSide], field);
            assert.ok(fieldValueEquals(valueAt(after[changedSide], field), value), `${field} overwritten on ${changedSide}`);
            if (direction === 'both' || direction === `${changedSide}_to_${other}`) assert.ok(fieldValueEquals(valueAt(after[other], field), value), `${field} not copied to ${other}`);
          }
        }
      }),
    );
  });

  it('never writes against a direction, and never writes a parked field', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const r = resolveConflict(s);
        for (const f of r.toNav) assert.notEqual(s.fieldDirections[f], 'nav_to_b24');
        for (const f of r.toB24) assert.notEqual(s.fieldDirections[f], 'b24_to_nav');
        for (const f of Object.keys(r.conflict?.fields ?? {})) assert.ok(!r.toB24.includes(f) && !r.toNav.includes(f));
        if (s.policy !== 'manual') assert.equal(r.conflict, undefined);
      }),
    );
  });

  it('resolving again after the writes changes nothing (the base kept while a conflict is open)', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const r = resolveConflict(s);
        const again = resolveConflict({ ...s, base: r.conflict ? s.base : r.merged, b24: applyWrites(s.b24, r.toB24, r.merged), nav: applyWrites(s.nav, r.toNav, r.merged) });
        assert.deepEqual([again.toB24, again.toNav], [[], []]);
      }),
    );
  });
});
