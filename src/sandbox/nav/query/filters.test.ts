// The filter languages: NAV filter syntax (SOAP Criteria) and OData $filter as
// the sandbox reads them, and a property test that what the client writes for a
// condition means the same on both protocols as the condition itself.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { navCriteria, odataCondition, type FieldCondition } from '../../../connectors/nav/filters.ts';
import { code, date, decimal, option, text, type FieldDef, type NavValue } from '../../../connectors/nav/schema/index.ts';
import { NavError } from '../errors.ts';
import { compare, compileNavFilter, type FilterSettings } from './nav-filter.ts';
import { compileODataFilter } from './odata-filter.ts';

const settings: FilterSettings = { dateOrder: 'MDY', today: '2026-01-15' };
const name = text('Name', 'Name', 50);
const no = code('No', 'No.', 20);
const amount = decimal('Amount', 'Amount');
const day = date('Day', 'Day');
const blocked = option('Blocked', 'Blocked', ['', 'Ship', 'Invoice', 'All']);

const nav = (field: FieldDef, criteria: string) => compileNavFilter(field, criteria, settings, 'T');
const matches = (field: FieldDef, criteria: string, values: readonly NavValue[]): NavValue[] => values.filter(nav(field, criteria));

describe('NAV filter syntax', () => {
  it('ranges, comparisons, alternatives, wildcards, quotes and case', () => {
    const names = ['Alpha', 'alpha', 'Beta', 'A&B', 'Gamma Ray', ''];
    assert.deepEqual(matches(name, 'A*', names), ['Alpha', 'A&B']);
    assert.deepEqual(matches(name, '@a*', names), ['Alpha', 'alpha', 'A&B']);
    assert.deepEqual(matches(name, '?eta', names), ['Beta']);
    assert.deepEqual(matches(name, "'A&B'", names), ['A&B']);
    assert.deepEqual(matches(name, "'Gamma Ray'|Beta", names), ['Beta', 'Gamma Ray']);
    assert.deepEqual(matches(name, "''", names), ['']);
    assert.deepEqual(matches(name, "<>''", names).length, 5);
    assert.deepEqual(matches(amount, '10..20', [5, 10, 15, 20, 25]), [10, 15, 20]);
    assert.deepEqual(matches(amount, '<10|>20', [5, 10, 15, 20, 25]), [5, 25]);
    assert.deepEqual(matches(amount, '>=10&<=15', [5, 10, 15, 20]), [10, 15]);
    assert.deepEqual(matches(amount, '(5|25)&>10', [5, 10, 25]), [25]);
    assert.deepEqual(matches(no, 'c1*', ['C10', 'c10', 'D1']), ['C10'], 'Code filters are upper-cased');
    assert.deepEqual(matches(blocked, 'Ship|All', ['', 'Ship', 'Invoice', 'All']), ['Ship', 'All']);
  });

  it('dates in the service format, two-digit years and TODAY', () => {
    const days = ['2025-12-31', '2026-01-01', '2026-01-15', '2026-02-01'];
    assert.deepEqual(matches(day, '01/01/2026..01/31/2026', days), ['2026-01-01', '2026-01-15']);
    assert.deepEqual(matches(day, '01/01/26..', days), ['2026-01-01', '2026-01-15', '2026-02-01']);
    assert.deepEqual(matches(day, 'T', days), ['2026-01-15']);
    assert.deepEqual(compileNavFilter(day, '31/12/2025', { dateOrder: 'DMY', today: '' }, 'T')('2025-12-31'), true);
  });

  it('refuses what does not parse, naming field and table', () => {
    assert.throws(() => nav(amount, 'abc'), (e: unknown) => e instanceof NavError && e.message.startsWith('The filter "abc" is not valid for the Amount field on the T table.'));
    assert.throws(() => nav(day, '2026-13-45'), NavError);
    assert.throws(() => nav(name, "'open"), NavError);
    assert.throws(() => nav(name, '(A|B'), NavError);
  });
});

describe('OData $filter', () => {
  const fields = new Map<string, FieldDef>([name, no, amount, day, blocked].map((f) => [f.name, f]));
  const run = (filter: string, rows: ReadonlyArray<Record<string, NavValue>>): unknown[] => rows.filter(compileODataFilter(filter, fields, 'T').test).map((r) => r['No']);
  const rows = [
    { No: 'A', Name: 'Alpha', Amount: 5, Day: '2026-01-01', Blocked: '' },
    { No: 'B', Name: "O'Brien", Amount: 15, Day: '2026-01-15', Blocked: 'All' },
    { No: 'C', Name: 'Gamma', Amount: 25, Day: '2026-02-01', Blocked: 'Ship' },
  ];

  it('comparisons, and, or on one field, not, functions, literals', () => {
    assert.deepEqual(run("Amount gt 5 and Amount le 25 and Name ne 'Gamma'", rows), ['B']);
    assert.deepEqual(run("(No eq 'a' or No eq 'C')", rows), ['A', 'C']);
    assert.deepEqual(run("Name eq 'O''Brien'", rows), ['B']);
    assert.deepEqual(run('Day ge 2026-01-15', rows), ['B', 'C']);
    assert.deepEqual(run("Blocked eq ' '", rows), ['A']);
    assert.deepEqual(run("contains(Name,'amm') or startswith(Name,'Al')", rows), ['A', 'C']);
    assert.deepEqual(run("not startswith(Name,'Al')", rows), ['B', 'C']);
    assert.deepEqual(run("startswith(Name,'Al') eq false", rows), ['B', 'C']);
    assert.deepEqual(run('25 le Amount', rows), ['C']);
  });

  it('refuses OR across fields, unknown properties and mismatched types with the service\'s texts', () => {
    assert.throws(() => run("No eq 'A' or Name eq 'Gamma'", rows), /The 'OR' operator is not supported on distinct fields on an OData filter\./);
    assert.throws(() => run("Nope eq 'A'", rows), /Could not find a property named 'Nope' on type 'NAV.T'\./);
    assert.throws(() => run("Amount eq 'x'", rows), /Found operand types 'Edm.Decimal' and 'Edm.String' for operator kind 'Equal'/);
    assert.throws(() => run("Name eq 'open", rows), /unterminated string literal/);
  });
});

// What a condition means, written directly.
function holds(field: FieldDef, condition: FieldCondition<NavValue>, value: NavValue): boolean {
  const norm = (v: NavValue): NavValue => (field.kind === 'code' ? String(v).toUpperCase() : v);
  const v = norm(value);
  const c = (x: NavValue): number => compare(field, v, norm(x));
  if (condition.eq !== undefined && c(condition.eq) !== 0) return false;
  if (condition.ne !== undefined && c(condition.ne) === 0) return false;
  if (condition.in !== undefined && !condition.in.some((x) => c(x) === 0)) return false;
  if (condition.gt !== undefined && !(c(condition.gt) > 0)) return false;
  if (condition.ge !== undefined && !(c(condition.ge) >= 0)) return false;
  if (condition.lt !== undefined && !(c(condition.lt) < 0)) return false;
  if (condition.le !== undefined && !(c(condition.le) <= 0)) return false;
  if (condition.startsWith !== undefined && !String(v).startsWith(String(norm(condition.startsWith)))) return false;
  if (condition.contains !== undefined && !String(v).includes(String(norm(condition.contains)))) return false;
  return true;
}

describe('client conditions mean the same over SOAP and OData (property)', () => {
  const tricky = fc.constantFrom('A', 'B', 'a b', "O'Brien", 'A&B', 'x|y', '(p)', 'star*', 'q?', '@at', '..', '<>', '', ' pad ', 'Ромашка', 'Z');
  const amounts = fc.integer({ min: -500, max: 500 }).map((n) => n / 4);
  const days = fc.integer({ min: 0, max: 400 }).map((d) => new Date(Date.UTC(2025, 0, 1) + d * 86_400_000).toISOString().slice(0, 10));
  const conditionOf = <V extends NavValue>(values: fc.Arbitrary<V>, withText: boolean): fc.Arbitrary<FieldCondition<NavValue>> =>
    fc
      .record(
        {
          eq: values,
          ne: values,
          in: fc.array(values, { minLength: 1, maxLength: 3 }),
          gt: values,
          ge: values,
          lt: values,
          le: values,
          ...(withText ? { startsWith: fc.constantFrom('A', 'a', "O'", 'x|', 'Ро'), contains: fc.constantFrom('B', '&', ' ', '*') } : {}),
        },
        { requiredKeys: [] },
      )
      .filter((c) => Object.keys(c).length > 0);
  const cases: ReadonlyArray<readonly [FieldDef, fc.Arbitrary<NavValue>, boolean]> = [
    [name, tricky, true],
    [no, tricky.filter((s) => s.trim() === s && s.length <= 20), true],
    [amount, amounts, false],
    [day, days, false],
  ];
  const fields = new Map<string, FieldDef>(cases.map(([f]) => [f.name, f]));
  for (const [field, values, withText] of cases) {
    it(`${field.kind} fields`, () => {
      fc.assert(
        fc.property(conditionOf(values, withText), fc.array(values, { minLength: 1, maxLength: 8 }), (condition, rows) => {
          const expected = rows.map((v) => holds(field, condition, v));
          const soap = nav(field, navCriteria(field, condition, 'MDY'));
          const odata = compileODataFilter(odataCondition(field, condition), fields, 'T').test;
          assert.deepEqual(rows.map((v) => soap(field.kind === 'code' ? String(v).toUpperCase() : v)), expected, navCriteria(field, condition, 'MDY'));
          assert.deepEqual(rows.map((v) => odata({ [field.name]: field.kind === 'code' ? String(v).toUpperCase() : v })), expected, odataCondition(field, condition));
        }),
        { numRuns: 300 },
      );
    });
  }
});
