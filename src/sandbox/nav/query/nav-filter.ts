// NAV filter expressions, as SOAP ReadMultiple takes them in Criteria
// (nav-web-services.md §1.5): `10000..20000`, `..C`, `>100`, `<>''`, `RED|BLUE`,
// `>=10&<=20`, `S*`, `?ANNON`, `@*cannon*`, `'A&B'`, parentheses; dates in the
// service language's format (en-US: MM/DD/YY or MM/DD/YYYY) plus T/TODAY/W/WORKDATE.
// Code-field values are upper-cased as NAV does; other matching is
// case-sensitive unless the value starts with @.
import type { FieldDef, NavValue } from '../../../connectors/nav/schema/index.ts';
import { optionEnumName } from '../../../connectors/nav/schema/index.ts';
import { navErrors } from '../errors.ts';
import { readQuoted } from './quoted.ts';

export type DateOrder = 'MDY' | 'DMY' | 'YMD';

export interface FilterSettings {
  readonly dateOrder: DateOrder;
  readonly today: string;
}

export type ValuePredicate = (value: NavValue) => boolean;

class FilterSyntaxError extends Error {}

type Token = { kind: 'op'; op: '|' | '&' | '(' | ')' } | { kind: 'text'; raw: string; quoted: boolean };

function tokenize(criteria: string): Token[] {
  const tokens: Token[] = [];
  let raw = '';
  let quoted = false;
  const flush = (): void => {
    if (raw !== '' || quoted) tokens.push({ kind: 'text', raw, quoted });
    raw = '';
    quoted = false;
  };
  for (let i = 0; i < criteria.length; i++) {
    const ch = criteria[i] as string;
    if (ch === "'") {
      // 'A&B' is a literal; '' inside quotes is one quote; a lone '' is the empty value.
      const literal = readQuoted(criteria, i);
      if (!literal) throw new FilterSyntaxError('a quote is not closed');
      raw += `\uE000${literal.value}\uE001`;
      quoted = true;
      i = literal.next - 1;
    } else if (ch === '|' || ch === '&' || ch === '(' || ch === ')') {
      flush();
      tokens.push({ kind: 'op', op: ch });
    } else {
      raw += ch;
    }
  }
  flush();
  return tokens;
}

export function compileNavFilter(field: FieldDef, criteria: string, settings: FilterSettings, tableName: string): ValuePredicate {
  try {
    const tokens = tokenize(criteria);
    let at = 0;
    const parseOr = (): ValuePredicate => {
      let left = parseAnd();
      while (tokens[at]?.kind === 'op' && (tokens[at] as { op: string }).op === '|') {
        at++;
        const right = parseAnd();
        const l = left;
        left = (v) => l(v) || right(v);
      }
      return left;
    };
    const parseAnd = (): ValuePredicate => {
      let left = parseTerm();
      while (tokens[at]?.kind === 'op' && (tokens[at] as { op: string }).op === '&') {
        at++;
        const right = parseTerm();
        const l = left;
        left = (v) => l(v) && right(v);
      }
      return left;
    };
    const parseTerm = (): ValuePredicate => {
      const token = tokens[at];
      if (token?.kind === 'op' && token.op === '(') {
        at++;
        const inner = parseOr();
        const close = tokens[at];
        if (close?.kind !== 'op' || close.op !== ')') throw new FilterSyntaxError('a parenthesis is not closed');
        at++;
        return inner;
      }
      if (token === undefined || token.kind === 'op') {
        // An empty side of | or & (e.g. "A|") means the blank value.
        return simple(field, '', settings);
      }
      at++;
      return simple(field, token.raw.trim(), settings);
    };
    const predicate = parseOr();
    if (at !== tokens.length) throw new FilterSyntaxError('unexpected text after the filter');
    return predicate;
  } catch (error) {
    const reason = error instanceof FilterSyntaxError ? ` ${error.message}.` : '';
    throw navErrors.dialog(`The filter "${criteria}" is not valid for the ${field.navName} field on the ${tableName} table.${reason}`);
  }
}

function simple(field: FieldDef, raw: string, settings: FilterSettings): ValuePredicate {
  const range = splitRange(raw);
  if (range) {
    const from = range[0] === '' ? undefined : literal(field, range[0], settings);
    const to = range[1] === '' ? undefined : literal(field, range[1], settings);
    return (v) => (from === undefined || compare(field, v, from) >= 0) && (to === undefined || compare(field, v, to) <= 0);
  }
  for (const [op, test] of OPERATORS) {
    if (raw.startsWith(op)) {
      const value = literal(field, raw.slice(op.length), settings);
      return (v) => test(compare(field, v, value));
    }
  }
  const insensitive = raw.startsWith('@');
  const body = insensitive ? raw.slice(1) : raw;
  if (isText(field) && /[*?]/.test(unquotedPart(body))) {
    const re = wildcard(field, body, insensitive);
    return (v) => re.test(String(v));
  }
  const value = literal(field, body, settings);
  if (insensitive && isText(field)) {
    const lower = String(value).toLowerCase();
    return (v) => String(v).toLowerCase() === lower;
  }
  return (v) => compare(field, v, value) === 0;
}

const OPERATORS: ReadonlyArray<readonly [string, (c: number) => boolean]> = [
  ['<>', (c) => c !== 0],
  ['<=', (c) => c <= 0],
  ['>=', (c) => c >= 0],
  ['<', (c) => c < 0],
  ['>', (c) => c > 0],
  ['=', (c) => c === 0],
];

function splitRange(raw: string): [string, string] | undefined {
  let depth = 0;
  for (let i = 0; i < raw.length - 1; i++) {
    if (raw[i] === '\uE000') depth++;
    else if (raw[i] === '\uE001') depth--;
    else if (depth === 0 && raw[i] === '.' && raw[i + 1] === '.') return [raw.slice(0, i).trim(), raw.slice(i + 2).trim()];
  }
  return undefined;
}

function unquotedPart(raw: string): string {
  return raw.replace(/\uE000[^\uE001]*\uE001/g, '');
}

function unquote(raw: string): string {
  return raw.replace(/[\uE000\uE001]/g, '');
}

function isText(field: FieldDef): boolean {
  return field.kind === 'code' || field.kind === 'text' || field.kind === 'dateformula';
}

function wildcard(field: FieldDef, raw: string, insensitive: boolean): RegExp {
  let pattern = '';
  let quotedDepth = 0;
  for (const ch of raw) {
    if (ch === '\uE000') quotedDepth++;
    else if (ch === '\uE001') quotedDepth--;
    else if (quotedDepth === 0 && ch === '*') pattern += '.*';
    else if (quotedDepth === 0 && ch === '?') pattern += '.';
    else pattern += (field.kind === 'code' && !insensitive ? ch.toUpperCase() : ch).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${pattern}$`, insensitive ? 'is' : 's');
}

function literal(field: FieldDef, raw: string, settings: FilterSettings): NavValue {
  // A quoted value keeps its spaces; an unquoted one is trimmed.
  const text = raw.includes('\uE000') ? unquote(raw.trim()) : raw.trim();
  switch (field.kind) {
    case 'code':
      return text.toUpperCase();
    case 'decimal':
    case 'integer': {
      if (!/^[+-]?(\d+\.?\d*|\.\d+)$/.test(text)) throw new FilterSyntaxError(`${text} is not a valid ${field.kind === 'integer' ? 'integer' : 'decimal'}`);
      return Number(text);
    }
    case 'boolean': {
      const t = text.toLowerCase();
      if (['yes', 'true', '1'].includes(t)) return true;
      if (['no', 'false', '0'].includes(t)) return false;
      throw new FilterSyntaxError(`${text} is not a valid boolean (Yes or No)`);
    }
    case 'date':
      return parseFilterDate(text, settings);
    case 'option': {
      if (text === '' || text === '_blank_') return '';
      const byCaption = field.options.find((o) => o.toLowerCase() === text.toLowerCase());
      if (byCaption !== undefined) return byCaption;
      const byEnum = field.options.find((o) => optionEnumName(o) === text);
      if (byEnum !== undefined) return byEnum;
      if (/^\d+$/.test(text) && Number(text) < field.options.length) return field.options[Number(text)] as string;
      throw new FilterSyntaxError(`${text} is not an option of ${field.navName}`);
    }
    default:
      return text;
  }
}

export function parseFilterDate(text: string, settings: FilterSettings): string {
  const upper = text.toUpperCase();
  if (upper === '') return '';
  if (['T', 'TODAY', 'W', 'WORKDATE'].includes(upper)) return settings.today;
  const parts = text.split(/[/.-]/);
  if (parts.length !== 3 || parts.some((p) => !/^\d+$/.test(p))) throw new FilterSyntaxError(`${text} is not a valid date`);
  const order = settings.dateOrder;
  const [a, b, c] = parts as [string, string, string];
  const [y, m, d] = order === 'MDY' ? [c, a, b] : order === 'DMY' ? [c, b, a] : [a, b, c];
  let year = Number(y);
  if (y.length <= 2) year += year < 30 ? 2000 : 1900;
  const iso = `${String(year).padStart(4, '0')}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
  const check = new Date(`${iso}T00:00:00Z`);
  if (Number.isNaN(check.getTime()) || check.toISOString().slice(0, 10) !== iso) throw new FilterSyntaxError(`${text} is not a valid date`);
  return iso;
}

/** Typed comparison used by filters and sorting: numbers, booleans, option order, dates and text. */
export function compare(field: FieldDef, a: NavValue, b: NavValue): number {
  switch (field.kind) {
    case 'decimal':
    case 'integer':
      return Number(a) - Number(b);
    case 'boolean':
      return Number(Boolean(a)) - Number(Boolean(b));
    case 'option': {
      const options: readonly string[] = field.options;
      return options.indexOf(String(a)) - options.indexOf(String(b));
    }
    default: {
      const x = String(a);
      const y = String(b);
      return x < y ? -1 : x > y ? 1 : 0;
    }
  }
}
