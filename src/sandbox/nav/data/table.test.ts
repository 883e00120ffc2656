// The in-memory table: rows stay in key order with a consistent index whatever
// is inserted, renamed or deleted, and a failed transaction leaves no trace.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { Company } from './company.ts';
import type { StoredRow } from './table.ts';
import { incrementNo } from './number-series.ts';

const setup = { name: 'T', lcyCode: 'GBP', vatPercent: 25, series: {} as never };

type Op = { kind: 'insert' | 'delete'; no: string } | { kind: 'rename'; no: string; to: string };

const op = fc.oneof(
  fc.record({ kind: fc.constant('insert' as const), no: fc.stringMatching(/^[A-C0-9]{1,3}$/) }),
  fc.record({ kind: fc.constant('delete' as const), no: fc.stringMatching(/^[A-C0-9]{1,3}$/) }),
  fc.record({ kind: fc.constant('rename' as const), no: fc.stringMatching(/^[A-C0-9]{1,3}$/), to: fc.stringMatching(/^[A-C0-9]{1,3}$/) }),
);

function apply(company: Company, ops: readonly Op[]): void {
  const table = company.table('Customer');
  for (const o of ops) {
    const found = table.get([o.no]);
    if (o.kind === 'insert') table.insert({ No: o.no, Name: o.no });
    else if (o.kind === 'delete' && found) table.delete(found);
    else if (o.kind === 'rename' && found) table.rename(found, { ...found.values, No: o.to });
  }
}

function snapshot(company: Company): Array<[string, number, string]> {
  return company
    .table('Customer')
    .all()
    .map((r: StoredRow) => [String(r.values['No']), r.version, String(r.values['Name'])]);
}

describe('Table', () => {
  it('keeps rows sorted and findable by key (property)', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        const company = new Company(setup);
        apply(company, ops);
        const table = company.table('Customer');
        const keys = table.all().map((r) => String(r.values['No']));
        assert.deepEqual(keys, [...keys].sort());
        for (const key of keys) assert.equal(table.get([key])?.values['No'], key);
        for (const key of keys) assert.equal(table.rowAt(table.seek([key]))?.values['No'], key);
      }),
    );
  });

  it('rolls a failed transaction back completely (property)', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 20 }), fc.array(op, { maxLength: 20 }), (before, during) => {
        const company = new Company(setup);
        apply(company, before);
        const table = company.table('Customer');
        for (const stored of [...table.all()].slice(0, 2)) {
          table.beginEdit(stored);
          stored.values = { ...stored.values, Name: 'edited' };
          table.endEdit(stored);
        }
        const expected = snapshot(company);
        assert.throws(() =>
          company.transaction(() => {
            apply(company, during);
            for (const stored of table.all()) {
              table.beginEdit(stored);
              stored.values = { ...stored.values, Name: 'changed' };
              table.endEdit(stored);
            }
            throw new Error('fail');
          }),
        );
        assert.deepEqual(snapshot(company), expected);
      }),
    );
  });

  it('number series increase the last run of digits, keeping its width', () => {
    assert.equal(incrementNo('C00010', 10), 'C00020');
    assert.equal(incrementNo('101009', 1), '101010');
    assert.equal(incrementNo('C99990', 10), 'C100000');
    assert.equal(incrementNo('S-ORD-0099-X', 1), 'S-ORD-0100-X');
    assert.throws(() => incrementNo('ABC', 1), /no digits/);
  });
});
