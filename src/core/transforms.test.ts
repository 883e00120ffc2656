import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileTransform, parseDefaultArgument, runChain, TRANSFORM_USAGE, type Step, type TransformContext } from './transforms.ts';
import type { FieldValue } from './record.ts';

const ctx: TransformContext = {
  defaultRegion: 'RU',
  valueMaps: {
    users: { values: { '1': 'SP01', '7': 'SP07' } },
    lenient: { values: { a: 'A' }, fallback: 'OTHER', reverseFallback: 'z' },
    lossy: { values: { a: 'X', b: 'X' } },
  },
};

function step(spec: string): Step {
  const compiled = compileTransform(spec, ctx);
  if (!compiled.ok) throw new Error(compiled.problem);
  return compiled.value;
}

function run(specs: string[], value: FieldValue): FieldValue {
  const result = runChain(specs.map(step), value);
  if (!result.ok) throw new Error(result.problem);
  return result.value;
}

function problem(specs: string[], value: FieldValue): string {
  const result = runChain(specs.map(step), value);
  assert.equal(result.ok, false, `expected ${JSON.stringify(value)} to fail`);
  return result.ok ? '' : result.problem;
}

describe('transforms', () => {
  it('text shaping', () => {
    assert.equal(run(['trim'], '  a b '), 'a b');
    assert.equal(run(['upper'], 'ёж'), 'ЁЖ');
    assert.equal(run(['lower'], 'ЁЖ'), 'ёж');
    assert.equal(run(['text'], ' a \u00a0 b '), 'a b');
    assert.equal(run(['code'], ' sp01 '), 'SP01');
    assert.equal(run(['digits'], '+7 (495) 123'), '7495123');
    assert.equal(run(['truncate:3'], '😀😀😀😀'), '😀😀😀');
    assert.deepEqual(run(['trim', 'upper'], [' a ', null, 5]), ['A', null, 5]);
    assert.equal(run(['trim'], null), null);
  });

  it('lists', () => {
    assert.equal(run(['first'], ['a', 'b']), 'a');
    assert.equal(run(['first'], []), null);
    assert.equal(run(['first'], 'x'), 'x');
    assert.deepEqual(run(['list'], 'x'), ['x']);
    assert.deepEqual(run(['list'], null), []);
    assert.equal(run(['join:; '], ['a', null, 1]), 'a; 1');
    assert.deepEqual(run(['split:;'], ' a ; ;b '), ['a', 'b']);
    assert.deepEqual(run(['split:;'], ''), []);
  });

  it('contacts and ids', () => {
    assert.equal(run(['phone'], '8 (495) 123-45-67'), '+74951234567');
    assert.deepEqual(run(['phone'], ['8 495 123 45 67', '+7 999 123-45-67']), ['+74951234567', '+79991234567']);
    const odd = runChain([step('phone')], '123');
    assert.ok(odd.ok && odd.value === '123' && odd.warnings.length === 1 && odd.warnings[0]?.includes('kept as'));
    assert.equal(run(['email'], ' A@B.RU '), 'a@b.ru');
    assert.match(problem(['email'], 'not-an-address'), /"not-an-address" is not an e-mail address/);
    assert.equal(run(['inn'], '77 07 083893'), '7707083893');
    assert.match(problem(['inn'], '7707083894'), /INN "7707083894" fails the INN check digit/);
    assert.equal(run(['vat'], 'de 123-456'), 'DE123456');
  });

  it('numbers and money', () => {
    assert.equal(run(['number'], '1 000,50'), 1000.5);
    assert.equal(run(['money'], '2.345'), 2.35);
    assert.equal(run(['money'], 1000), 1000);
    assert.equal(run(['round:0'], '-2.5'), -3);
    assert.equal(run(['round:3'], 0.0005), 0.001);
    assert.match(problem(['number'], 'abc'), /"abc" is not a number/);
    assert.match(problem(['number'], true), /not a number/);
    assert.match(problem(['number'], '1e400'), /too large/);
  });

  it('dates and booleans', () => {
    assert.equal(run(['date'], '2024-08-30T02:00:00+02:00'), '2024-08-30');
    assert.equal(run(['date'], '0001-01-01'), null);
    assert.match(problem(['date'], 5), /is not a date/);
    assert.equal(run(['bool'], 'Y'), true);
    assert.equal(run(['bool'], 'false'), false);
    assert.equal(run(['yn'], true), 'Y');
    assert.equal(run(['yn'], '0'), 'N');
    assert.match(problem(['bool'], 'perhaps'), /not a yes\/no value/);
  });

  it('value maps, both ways, with fallbacks', () => {
    assert.equal(run(['map:users'], 7), 'SP07');
    assert.equal(run(['map:users'], '1'), 'SP01');
    assert.equal(run(['unmap:users'], 'SP07'), '7');
    assert.match(problem(['map:users'], 9), /9 is not in value map "users" \(add it to the map, or give the map a fallback\)/);
    assert.match(problem(['unmap:users'], 'SP99'), /"SP99" is not a value of value map "users"/);
    assert.equal(run(['map:lenient'], 'q'), 'OTHER');
    assert.equal(run(['unmap:lenient'], 'Q'), 'z');
    assert.equal(run(['map:users'], null), null);
  });

  it('defaults and blanks', () => {
    assert.equal(run(['default:DOMESTIC'], ''), 'DOMESTIC');
    assert.equal(run(['default:0'], null), 0);
    assert.equal(run(['default:"7"'], []), '7');
    assert.equal(run(['default:x'], 'kept'), 'kept');
    assert.equal(run(['nullIfEmpty'], '  '), null);
    assert.equal(run(['nullIfEmpty'], []), null);
    assert.equal(parseDefaultArgument('true'), true);
    assert.deepEqual(parseDefaultArgument('[1]'), '[1]');
  });

  it('a failing item of a list says which', () => {
    assert.match(problem(['email'], ['a@b.ru', 'bad']), /^item 2: "bad" is not an e-mail address/);
  });
});

describe('compileTransform', () => {
  it('says what is expected for a bad transform', () => {
    const bad = (spec: string) => {
      const r = compileTransform(spec, ctx);
      assert.equal(r.ok, false, spec);
      return r.ok ? '' : r.problem;
    };
    assert.match(bad('uper'), /unknown transform "uper" \(did you mean "upper"\?\); expected one of trim, upper/);
    assert.match(bad('frobnicate'), /^unknown transform "frobnicate"; expected one of/);
    assert.match(bad('trim:5'), /takes no argument/);
    assert.match(bad('truncate'), /needs an argument; write "truncate:<characters>"/);
    assert.match(bad('truncate:abc'), /whole number/);
    assert.match(bad('round:99'), /up to 10/);
    assert.match(bad('split:'), /needs|separator/);
    assert.match(bad('map:nobody'), /unknown value map "nobody"; the config defines "users", "lenient", "lossy"/);
    assert.match(bad('unmap:lossy'), /cannot be read backwards.*"X" is the value of both "a" and "b"/);
    assert.match(bad('toString'), /unknown transform/);
  });

  it('lists every transform', () => {
    for (const name of ['trim', 'join:<separator>', 'map:<valueMap>', 'yn', 'nullIfEmpty']) assert.ok(TRANSFORM_USAGE.includes(name), name);
  });
});
