// Field definitions of published NAV pages: the element name, the NAV field name
// (as NAV's own error messages spell it), the type with its length, and whether
// the page lets a caller write it. Record types are inferred from these lists,
// so the TypeScript shape of a page and its wire format come from one place.

export type FieldKind = 'code' | 'text' | 'decimal' | 'integer' | 'boolean' | 'date' | 'option' | 'dateformula';

export interface FieldFlags {
  /** A FlowField or a non-editable control: written values are ignored. */
  readonly readOnly?: boolean;
  /** Part of the OData key but not a control of the page, so absent from SOAP (Document_Type on page 42). */
  readonly odataOnly?: boolean;
}

interface FieldBase<N extends string> {
  readonly name: N;
  readonly navName: string;
  readonly readOnly: boolean;
  readonly odataOnly: boolean;
}

export interface CodeField<N extends string = string> extends FieldBase<N> {
  readonly kind: 'code';
  readonly length: number;
}
export interface TextField<N extends string = string> extends FieldBase<N> {
  readonly kind: 'text';
  readonly length: number;
}
export interface DecimalField<N extends string = string> extends FieldBase<N> {
  readonly kind: 'decimal';
}
export interface IntegerField<N extends string = string> extends FieldBase<N> {
  readonly kind: 'integer';
}
export interface BooleanField<N extends string = string> extends FieldBase<N> {
  readonly kind: 'boolean';
}
export interface DateField<N extends string = string> extends FieldBase<N> {
  readonly kind: 'date';
}
/** A DateFormula ("1M", "14D", "CM") travels as text. */
export interface DateFormulaField<N extends string = string> extends FieldBase<N> {
  readonly kind: 'dateformula';
  readonly length: number;
}
export interface OptionField<N extends string = string, O extends string = string> extends FieldBase<N> {
  readonly kind: 'option';
  /** Captions in option order; the blank option is ''. */
  readonly options: readonly O[];
}

export type FieldDef =
  | CodeField
  | TextField
  | DecimalField
  | IntegerField
  | BooleanField
  | DateField
  | DateFormulaField
  | OptionField;

/** The value a caller sees: numbers for decimals and integers, captions for options, 'YYYY-MM-DD' or '' for dates. */
export type FieldValue<F> = F extends { readonly kind: 'decimal' | 'integer' }
  ? number
  : F extends { readonly kind: 'boolean' }
    ? boolean
    : F extends OptionField<string, infer O>
      ? O
      : string;

export type RecordOf<Fs extends readonly FieldDef[]> = { [F in Fs[number] as F['name']]: FieldValue<F> };

/** The fields a caller may write: everything not read-only. */
export type WritableOf<Fs extends readonly FieldDef[]> = {
  [F in Fs[number] as F extends { readonly readOnly: true } ? never : F['name']]?: FieldValue<F>;
};

export type NavValue = string | number | boolean;

function base<N extends string>(name: N, navName: string, flags: FieldFlags): FieldBase<N> {
  return { name, navName, readOnly: flags.readOnly ?? false, odataOnly: flags.odataOnly ?? false };
}

type Flagged<T, F extends FieldFlags> = T & (F extends { readonly readOnly: true } ? { readonly readOnly: true } : unknown);

export function code<const N extends string, const F extends FieldFlags = object>(name: N, navName: string, length: number, flags?: F): Flagged<CodeField<N>, F> {
  return { ...base(name, navName, flags ?? {}), kind: 'code', length } as Flagged<CodeField<N>, F>;
}

export function text<const N extends string, const F extends FieldFlags = object>(name: N, navName: string, length: number, flags?: F): Flagged<TextField<N>, F> {
  return { ...base(name, navName, flags ?? {}), kind: 'text', length } as Flagged<TextField<N>, F>;
}

export function decimal<const N extends string, const F extends FieldFlags = object>(name: N, navName: string, flags?: F): Flagged<DecimalField<N>, F> {
  return { ...base(name, navName, flags ?? {}), kind: 'decimal' } as Flagged<DecimalField<N>, F>;
}

export function integer<const N extends string, const F extends FieldFlags = object>(name: N, navName: string, flags?: F): Flagged<IntegerField<N>, F> {
  return { ...base(name, navName, flags ?? {}), kind: 'integer' } as Flagged<IntegerField<N>, F>;
}

export function boolean<const N extends string, const F extends FieldFlags = object>(name: N, navName: string, flags?: F): Flagged<BooleanField<N>, F> {
  return { ...base(name, navName, flags ?? {}), kind: 'boolean' } as Flagged<BooleanField<N>, F>;
}

export function date<const N extends string, const F extends FieldFlags = object>(name: N, navName: string, flags?: F): Flagged<DateField<N>, F> {
  return { ...base(name, navName, flags ?? {}), kind: 'date' } as Flagged<DateField<N>, F>;
}

export function dateFormula<const N extends string, const F extends FieldFlags = object>(name: N, navName: string, flags?: F): Flagged<DateFormulaField<N>, F> {
  return { ...base(name, navName, flags ?? {}), kind: 'dateformula', length: 32 } as Flagged<DateFormulaField<N>, F>;
}

export function option<const N extends string, const O extends string, const F extends FieldFlags = object>(
  name: N,
  navName: string,
  options: readonly O[],
  flags?: F,
): Flagged<OptionField<N, O>, F> {
  return { ...base(name, navName, flags ?? {}), kind: 'option', options } as Flagged<OptionField<N, O>, F>;
}

/** The value a field holds when nothing was ever written to it (NAV's blank / 0 / false / 0D). */
export function blankValue(field: FieldDef): NavValue {
  switch (field.kind) {
    case 'decimal':
    case 'integer':
      return 0;
    case 'boolean':
      return false;
    case 'option':
      return field.options[0] ?? '';
    default:
      return '';
  }
}
