// OData v4 $filter as NAV supports it on pages (§3.3): eq ne gt ge lt le, and,
// or on one field only (NAV turns a filter into per-field NAV filters), not,
// parentheses, contains/startswith/endswith. Literals: 'text' (quotes doubled),
// numbers, true/false, bare dates 2026-01-31 for Edm.Date fields. Error texts
// are those of ODataLib, which NAV uses, and NAV's own for OR across fields.
import type { FieldDef, NavValue } from '../../../connectors/nav/schema/index.ts';
import type { Row } from '../data/table.ts';
import { NavError } from '../errors.ts';
import { compare } from './nav-filter.ts';
import { readQuoted } from './quoted.ts';

type Literal = { kind: 'string'; value: string } | { kind: 'number'; value: number } | { kind: 'boolean'; value: boolean } | { kind: 'date'; value: string } | { kind: 'null' };

type Expr =
  | { type: 'and' | 'or'; left: Expr; right: Expr }
  | { type: 'not'; expr: Expr }
  | { type: 'cmp'; op: string; field: FieldDef; value: Literal }
  | { type: 'fn'; name: string; field: FieldDef; value: string };

type Token = { t: 'id'; v: string } | { t: 'lit'; v: Literal } | { t: 'p'; v: '(' | ')' | ',' };

const badRequest = (message: string): NavError => new NavError('NavNCLDialogException', message, { status: 400, code: 'BadRequest' });

const OPS = new Set(['eq', 'ne', 'gt', 'ge', 'lt', 'le']);
const OP_NAMES: Readonly<Record<string, string>> = { eq: 'Equal', ne: 'NotEqual', gt: 'GreaterThan', ge: 'GreaterThanOrEqual', lt: 'LessThan', le: 'LessThanOrEqual' };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i] as string;
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === '(' || ch === ')' || ch === ',') {
      tokens.push({ t: 'p', v: ch });
      i++;
    } else if (ch === "'") {
      const literal = readQuoted(text, i);
      if (!literal) throw badRequest(`There is an unterminated string literal at position ${i} in '${text}'.`);
      tokens.push({ t: 'lit', v: { kind: 'string', value: literal.value } });
      i = literal.next;
    } else {
      const m = /^(\d{4}-\d{2}-\d{2})(?![\d:T])|^-?\d+(\.\d+)?[mMdD]?|^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i));
      if (!m) throw badRequest(`Syntax error at position ${i} in '${text}'.`);
      const word = m[0];
      if (m[1]) tokens.push({ t: 'lit', v: { kind: 'date', value: word } });
      else if (/^-?\d/.test(word)) tokens.push({ t: 'lit', v: { kind: 'number', value: Number(word.replace(/[mMdD]$/, '')) } });
      else if (word === 'true' || word === 'false') tokens.push({ t: 'lit', v: { kind: 'boolean', value: word === 'true' } });
      else if (word === 'null') tokens.push({ t: 'lit', v: { kind: 'null' } });
      else tokens.push({ t: 'id', v: word });
      i += word.length;
    }
  }
  return tokens;
}

export interface CompiledFilter {
  readonly test: (row: Row) => boolean;
  readonly fields: ReadonlySet<string>;
}

export function compileODataFilter(text: string, fields: ReadonlyMap<string, FieldDef>, entityType: string): CompiledFilter {
  const tokens = tokenize(text);
  let at = 0;
  const peekWord = (): string | undefined => {
    const t = tokens[at];
    return t?.t === 'id' ? t.v : undefined;
  };
  const fieldOf = (name: string): FieldDef => {
    const field = fields.get(name);
    if (!field) throw badRequest(`Could not find a property named '${name}' on type 'NAV.${entityType}'.`);
    return field;
  };
  const expect = (v: '(' | ')' | ','): void => {
    const t = tokens[at];
    if (t?.t !== 'p' || t.v !== v) throw badRequest(`Syntax error: '${v}' expected in '${text}'.`);
    at++;
  };
  const parseOr = (): Expr => {
    let left = parseAnd();
    while (peekWord() === 'or') {
      at++;
      left = { type: 'or', left, right: parseAnd() };
    }
    return left;
  };
  const parseAnd = (): Expr => {
    let left = parseUnary();
    while (peekWord() === 'and') {
      at++;
      left = { type: 'and', left, right: parseUnary() };
    }
    return left;
  };
  const parseUnary = (): Expr => {
    if (peekWord() === 'not') {
      at++;
      return { type: 'not', expr: parseUnary() };
    }
    const t = tokens[at];
    if (t?.t === 'p' && t.v === '(') {
      at++;
      const inner = parseOr();
      expect(')');
      return inner;
    }
    const word = peekWord();
    if (word && ['contains', 'startswith', 'endswith'].includes(word) && tokens[at + 1]?.t === 'p') {
      at++;
      expect('(');
      const name = peekWord();
      if (!name) throw badRequest(`Syntax error: a property name expected in '${text}'.`);
      at++;
      const field = fieldOf(name);
      expect(',');
      const lit = tokens[at];
      if (lit?.t !== 'lit' || lit.v.kind !== 'string') throw badRequest(`Syntax error: a string literal expected in '${text}'.`);
      at++;
      expect(')');
      let fn: Expr = { type: 'fn', name: word, field, value: lit.v.value };
      if (peekWord() === 'eq' || peekWord() === 'ne') {
        const negate = peekWord() === 'ne';
        at++;
        const b = tokens[at];
        if (b?.t !== 'lit' || b.v.kind !== 'boolean') throw badRequest(`Syntax error: true or false expected in '${text}'.`);
        at++;
        if (b.v.value === negate) fn = { type: 'not', expr: fn };
      }
      return fn;
    }
    return parseComparison();
  };
  const parseComparison = (): Expr => {
    const a = tokens[at];
    const opWord = tokens[at + 1];
    const b = tokens[at + 2];
    if (!a || opWord?.t !== 'id' || !OPS.has(opWord.v) || !b) throw badRequest(`Syntax error at position ${at} in '${text}'.`);
    at += 3;
    if (a.t === 'id' && b.t === 'lit') return { type: 'cmp', op: opWord.v, field: fieldOf(a.v), value: b.v };
    if (a.t === 'lit' && b.t === 'id') return { type: 'cmp', op: flip(opWord.v), field: fieldOf(b.v), value: a.v };
    throw badRequest(`The filter '${text}' compares two properties or two literals, which NAV does not support.`);
  };

  const expr = parseOr();
  if (at !== tokens.length) throw badRequest(`Syntax error at position ${at} in '${text}'.`);
  checkOrOnOneField(expr);
  const used = new Set<string>();
  const test = build(expr, used);
  return { test, fields: used };
}

function flip(op: string): string {
  return ({ gt: 'lt', lt: 'gt', ge: 'le', le: 'ge' } as Record<string, string>)[op] ?? op;
}

function fieldsOf(expr: Expr, into: Set<string>): Set<string> {
  switch (expr.type) {
    case 'and':
    case 'or':
      fieldsOf(expr.left, into);
      fieldsOf(expr.right, into);
      break;
    case 'not':
      fieldsOf(expr.expr, into);
      break;
    default:
      into.add(expr.field.name);
  }
  return into;
}

function checkOrOnOneField(expr: Expr): void {
  if (expr.type === 'or' && fieldsOf(expr, new Set()).size > 1) {
    throw badRequest("The 'OR' operator is not supported on distinct fields on an OData filter.");
  }
  if (expr.type === 'and' || expr.type === 'or') {
    checkOrOnOneField(expr.left);
    checkOrOnOneField(expr.right);
  } else if (expr.type === 'not') checkOrOnOneField(expr.expr);
}

function edmType(field: FieldDef): string {
  return ({ decimal: 'Edm.Decimal', integer: 'Edm.Int32', boolean: 'Edm.Boolean', date: 'Edm.Date' } as Record<string, string>)[field.kind] ?? 'Edm.String';
}

function literalType(value: Literal): string {
  return { string: 'Edm.String', number: 'Edm.Decimal', boolean: 'Edm.Boolean', date: 'Edm.Date', null: 'null' }[value.kind];
}

function typedValue(field: FieldDef, value: Literal, op: string): NavValue {
  const expected = edmType(field);
  const ok =
    (expected === 'Edm.String' && value.kind === 'string') ||
    ((expected === 'Edm.Decimal' || expected === 'Edm.Int32') && value.kind === 'number') ||
    (expected === 'Edm.Boolean' && value.kind === 'boolean') ||
    (expected === 'Edm.Date' && value.kind === 'date') ||
    (value.kind === 'null' && op !== 'gt' && op !== 'lt');
  if (value.kind === 'null') return field.kind === 'decimal' || field.kind === 'integer' ? 0 : field.kind === 'boolean' ? false : '';
  if (!ok) {
    throw badRequest(`A binary operator with incompatible types was detected. Found operand types '${expected}' and '${literalType(value)}' for operator kind '${OP_NAMES[op] ?? op}'.`);
  }
  if (field.kind === 'code' && value.kind === 'string') return value.value.toUpperCase();
  if (field.kind === 'option' && value.kind === 'string') return value.value === ' ' ? '' : value.value;
  return value.value;
}

function build(expr: Expr, used: Set<string>): (row: Row) => boolean {
  switch (expr.type) {
    case 'and': {
      const l = build(expr.left, used);
      const r = build(expr.right, used);
      return (row) => l(row) && r(row);
    }
    case 'or': {
      const l = build(expr.left, used);
      const r = build(expr.right, used);
      return (row) => l(row) || r(row);
    }
    case 'not': {
      const inner = build(expr.expr, used);
      return (row) => !inner(row);
    }
    case 'fn': {
      const { field } = expr;
      // NAV turns the function into a filter, and Code filters are upper-cased.
      const value = field.kind === 'code' ? expr.value.toUpperCase() : expr.value;
      used.add(field.name);
      const name = field.name;
      if (expr.name === 'contains') return (row) => String(row[name]).includes(value);
      if (expr.name === 'startswith') return (row) => String(row[name]).startsWith(value);
      return (row) => String(row[name]).endsWith(value);
    }
    case 'cmp': {
      const { field, op } = expr;
      used.add(field.name);
      const value = typedValue(field, expr.value, op);
      const name = field.name;
      const test = { eq: (c: number) => c === 0, ne: (c: number) => c !== 0, gt: (c: number) => c > 0, ge: (c: number) => c >= 0, lt: (c: number) => c < 0, le: (c: number) => c <= 0 }[op as 'eq'];
      return (row) => test(compare(field, row[name] ?? '', value));
    }
  }
}
