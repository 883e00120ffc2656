// The transforms a field map chains, parsed once from their config text ('trim',
// 'join:; ', 'map:users'). A step never throws: bad data comes back as a problem the
// field map prefixes with the field's name.
import { decimalToNumber, parseDecimal, roundDecimal } from './decimal.ts';
import { parseCalendarDate } from './date.ts';
import { normalizeEmail } from './email.ts';
import { normalizeCode, normalizeText, parseBool } from './normalize.ts';
import { fail, ok, quote, type Outcome } from './outcome.ts';
import { normalizePhone, type CountryCode } from './phone.ts';
import { isEmptyValue, type FieldValue } from './record.ts';
import { checkInn, normalizeVat } from './tax-id.ts';
import { cutText } from './text-length.ts';
import { done, eachItem, type Step } from './transform-step.ts';
import { buildValueMapSteps, type ValueMap } from './value-map.ts';

export type { ValueMap };
export type { Step, StepResult } from './transform-step.ts';

export interface TransformContext {
  readonly valueMaps: Readonly<Record<string, ValueMap>>;
  readonly defaultRegion?: CountryCode | undefined;
}

const onStrings = (fn: (text: string) => string): Step =>
  eachItem((v) => done(typeof v === 'string' ? fn(v) : v));

function numberStep(places: number | undefined): Step {
  return eachItem((v) => {
    if (typeof v === 'boolean') return fail(`${quote(v)} is not a number`);
    const parsed = parseDecimal(v);
    if (!parsed.ok) return parsed;
    const n = decimalToNumber(places === undefined ? parsed.value : roundDecimal(parsed.value, places));
    return Number.isFinite(n) ? done(n) : fail(`${quote(v)} is too large for a number`);
  });
}

/** `default:0` is the number 0, `default:true` a boolean, `default:"7"` the text 7, `default:DOMESTIC` text. */
export function parseDefaultArgument(arg: string): FieldValue {
  try {
    const parsed: unknown = JSON.parse(arg);
    if (parsed === null || ['string', 'number', 'boolean'].includes(typeof parsed)) return parsed as FieldValue;
  } catch {
    // Not JSON: the text itself.
  }
  return arg;
}

type Builder = (arg: string | undefined, ctx: TransformContext) => Outcome<Step>;

interface TransformDef {
  /** How it is written in config, e.g. 'join:<separator>'. */
  readonly usage: string;
  readonly arg: 'none' | 'required';
  readonly build: Builder;
}

const simple = (usage: string, step: Step): TransformDef => ({ usage, arg: 'none', build: () => ok(step) });

function positiveInt(arg: string | undefined, usage: string, max: number): Outcome<number> {
  const n = Number(arg);
  if (arg === undefined || !/^\d+$/.test(arg) || n > max) return fail(`expected ${usage} with a whole number up to ${max}`);
  return ok(n);
}

const DEFS: Readonly<Record<string, TransformDef>> = {
  trim: simple('trim', onStrings((t) => t.trim())),
  upper: simple('upper', onStrings((t) => t.toUpperCase())),
  lower: simple('lower', onStrings((t) => t.toLowerCase())),
  text: simple('text', onStrings(normalizeText)),
  code: simple('code', eachItem((v) => done(normalizeCode(String(v))))),
  first: simple('first', (v) => done(Array.isArray(v) ? ((v as readonly FieldValue[])[0] ?? null) : v)),
  list: simple('list', (v) => done(v === null || v === '' ? [] : Array.isArray(v) ? v : [v])),
  nullIfEmpty: simple('nullIfEmpty', (v) => done(isEmptyValue(v) ? null : v)),
  digits: simple('digits', eachItem((v) => done(String(v).replace(/\D/g, '')))),
  phone: {
    usage: 'phone',
    arg: 'none',
    build: (_arg, ctx) =>
      ok(
        eachItem((v) => {
          const phone = normalizePhone(String(v), ctx.defaultRegion);
          return phone.parsed ? done(phone.value) : done(phone.value, `${quote(v)} is not a phone number b24nav can read; kept as ${quote(phone.value)}`);
        }),
      ),
  },
  email: simple(
    'email',
    eachItem((v) => {
      const email = normalizeEmail(String(v));
      return email.valid ? done(email.value) : fail(`${quote(v)} is not an e-mail address`);
    }),
  ),
  inn: simple(
    'inn',
    eachItem((v) => {
      const check = checkInn(typeof v === 'boolean' ? String(v) : v);
      return check.valid ? done(check.inn) : fail(`INN ${quote(String(v))} ${check.reason}`);
    }),
  ),
  vat: simple('vat', eachItem((v) => done(normalizeVat(typeof v === 'boolean' ? String(v) : v)))),
  number: simple('number', numberStep(undefined)),
  money: simple('money', numberStep(2)),
  round: {
    usage: 'round:<decimals>',
    arg: 'required',
    build: (arg) => {
      const places = positiveInt(arg, 'round:<decimals>', 10);
      return places.ok ? ok(numberStep(places.value)) : places;
    },
  },
  date: simple(
    'date',
    eachItem((v) => (typeof v === 'string' ? parseCalendarDate(v) : fail(`${quote(v)} is not a date`))),
  ),
  bool: simple('bool', eachItem((v) => parseBool(v))),
  // Bitrix24 legacy boolean fields take and give 'Y'/'N' (REGISTER_HISTORY_EVENT, TAX_INCLUDED:
  // reference/bitrix24-rest.md §7.1, §7.4).
  yn: simple(
    'yn',
    eachItem((v) => {
      const parsed = parseBool(v);
      return parsed.ok ? done(parsed.value ? 'Y' : 'N') : parsed;
    }),
  ),
  truncate: {
    usage: 'truncate:<characters>',
    arg: 'required',
    build: (arg) => {
      const max = positiveInt(arg, 'truncate:<characters>', 1_000_000);
      return max.ok ? ok(onStrings((t) => cutText(t, max.value, 'codepoints'))) : max;
    },
  },
  join: {
    usage: 'join:<separator>',
    arg: 'required',
    build: (sep = '') =>
      ok((v) =>
        done(Array.isArray(v) ? (v as readonly FieldValue[]).filter((x) => x !== null).map((x) => (typeof x === 'object' ? JSON.stringify(x) : String(x))).join(sep) : v),
      ),
  },
  split: {
    usage: 'split:<separator>',
    arg: 'required',
    build: (sep) => {
      if (sep === undefined || sep === '') return fail('expected split:<separator> with a separator, e.g. split:;');
      return ok((v) =>
        done(typeof v === 'string' ? v.split(sep).map((part) => part.trim()).filter((part) => part !== '') : v),
      );
    },
  },
  default: {
    usage: 'default:<value>',
    arg: 'required',
    build: (arg = '') => {
      const fallback = parseDefaultArgument(arg);
      return ok((v) => done(isEmptyValue(v) ? fallback : v));
    },
  },
  map: { usage: 'map:<valueMap>', arg: 'required', build: (arg, ctx) => buildValueMapSteps(arg, ctx.valueMaps, 'map') },
  unmap: { usage: 'unmap:<valueMap>', arg: 'required', build: (arg, ctx) => buildValueMapSteps(arg, ctx.valueMaps, 'unmap') },
};

/** How each transform is written in config, for error messages and docs. */
export const TRANSFORM_USAGE: readonly string[] = Object.values(DEFS).map((def) => def.usage);

/** Parses one transform of a chain; the problem says what is expected. */
export function compileTransform(spec: string, ctx: TransformContext): Outcome<Step> {
  const colon = spec.indexOf(':');
  const name = colon < 0 ? spec.trim() : spec.slice(0, colon).trim();
  const arg = colon < 0 ? undefined : spec.slice(colon + 1);
  const def = Object.hasOwn(DEFS, name) ? DEFS[name] : undefined;
  if (def === undefined) {
    const hint = closest(name, Object.keys(DEFS));
    return fail(`unknown transform ${quote(spec)}${hint ? ` (did you mean "${hint}"?)` : ''}; expected one of ${TRANSFORM_USAGE.join(', ')}`);
  }
  if (def.arg === 'none' && arg !== undefined) return fail(`transform "${name}" takes no argument; write "${def.usage}"`);
  if (def.arg === 'required' && arg === undefined) return fail(`transform "${name}" needs an argument; write "${def.usage}"`);
  return def.build(arg, ctx);
}

export type ChainResult =
  | { readonly ok: true; readonly value: FieldValue; readonly warnings: readonly string[] }
  | { readonly ok: false; readonly problem: string };

/** Runs the steps in order; the first failure stops the chain. */
export function runChain(steps: readonly Step[], value: FieldValue): ChainResult {
  let current = value;
  const warnings: string[] = [];
  for (const step of steps) {
    const result = step(current);
    if (!result.ok) return result;
    current = result.value;
    if (result.warning !== undefined) warnings.push(result.warning);
  }
  return { ok: true, value: current, warnings };
}

/** The known name within two edits of `name`, if there is one. */
function closest(name: string, names: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of names) {
    const d = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row.push(Math.min((previous[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost));
    }
    previous = row;
  }
  return previous[b.length] ?? 0;
}
