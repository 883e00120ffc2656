// One step of a transform chain, and the helper that lifts a step on single values to
// lists. Kept apart from transforms.ts so that value-map.ts can build steps too.
import { fail } from './outcome.ts';
import type { FieldValue } from './record.ts';

export type StepResult =
  | { readonly ok: true; readonly value: FieldValue; readonly warning?: string }
  | { readonly ok: false; readonly problem: string };

export type Step = (value: FieldValue) => StepResult;

export type Scalar = string | number | boolean;

export const done = (value: FieldValue, warning?: string): StepResult =>
  warning === undefined ? { ok: true, value } : { ok: true, value, warning };

/** A step on single values: null passes through, a list is transformed item by item. */
export function eachItem(fn: (value: Scalar) => StepResult): Step {
  const step: Step = (value) => {
    if (value === null) return done(null);
    if (!Array.isArray(value)) return fn(value as Scalar);
    const items = value as readonly FieldValue[];
    const out: FieldValue[] = [];
    const warnings: string[] = [];
    for (const [i, item] of items.entries()) {
      const result = step(item);
      if (!result.ok) return items.length > 1 ? fail(`item ${i + 1}: ${result.problem}`) : result;
      out.push(result.value);
      if (result.warning !== undefined) warnings.push(result.warning);
    }
    return done(out, warnings.length > 0 ? warnings.join('; ') : undefined);
  };
  return step;
}
