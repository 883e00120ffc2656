// fast-check arbitraries shared by the property tests of src/core (test-only: nothing
// outside *.test.ts imports this file).
import fc from 'fast-check';
import type { CanonicalRecord, FieldValue } from './record.ts';

/** Text people really type into a CRM, and text that breaks naive code. */
export const nastyText: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 24 }),
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.constantFrom(
    'ООО «Ромашка»', 'Иванов Пётр Сергеевич', 'ёлка Й й', '😀 emoji 👍🏽 family 👨‍👩‍👧', '"quoted" \'single\' `back`',
    '<b>&amp;</b> & <script>', '=SUM(A1:A2)', '+7 formula', '-2+3', '@cmd', 'tab\there\nnewline', 'e\u0301 vs é',
    '', ' ', '\u00a0no-break\u00a0', 'null', 'undefined', '__proto__', 'constructor',
  ),
);

const scalar: fc.Arbitrary<FieldValue> = fc.oneof(
  nastyText,
  fc.integer({ min: -1_000_000, max: 1_000_000 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
);

export const fieldValue: fc.Arbitrary<FieldValue> = fc.letrec<{ value: FieldValue }>((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, fc.array(tie('value'), { maxLength: 3 })),
})).value;

export const fieldName: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('name', 'inn', 'phone', 'email', 'creditLimit', 'requisite.RQ_INN', 'UF_CRM_1', '__proto__', 'constructor', 'toString'),
  fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 8 }),
);

export const canonicalRecord: fc.Arbitrary<CanonicalRecord> = fc
  .uniqueArray(fc.tuple(fieldName, fieldValue), { selector: ([k]) => k, maxLength: 8 })
  .map((pairs) => Object.fromEntries(pairs));

/** The same record with its keys inserted in another order. */
export function reorder<T>(record: Readonly<Record<string, T>>, seed: number): Record<string, T> {
  const keys = Object.keys(record);
  const shuffled = keys
    .map((k, i) => ({ k, w: Math.sin(seed * 9973 + i * 7919) }))
    .sort((a, b) => a.w - b.w)
    .map(({ k }) => k);
  return Object.fromEntries(shuffled.map((k) => [k, record[k] as T]));
}
