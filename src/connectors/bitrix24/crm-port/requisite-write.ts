// What `requisite.*` and `address.*` writes become. Requisites carry the tax ids
// (RQ_INN for Russian organisations and sole traders, RQ_VAT_ID elsewhere) and are
// created from a preset whose id is portal data (reference §7.5: fetch the presets);
// addresses hang off a requisite, keyed by TYPE_ID + ENTITY_TYPE_ID 8 + requisite id.
import type { CountryCode } from '../../../core/phone.ts';
import type { FieldValue } from '../../../core/record.ts';
import type { Preset } from './dictionaries.ts';
import { scalarsOf } from './values.ts';

/** 10 digits (organisation) or 12 (person, sole trader): an INN, whatever its check digits. */
export function isInnLike(value: string): boolean {
  return /^(?:\d{10}|\d{12})$/.test(value.replace(/[\s-]/g, ''));
}

function first(value: FieldValue): string {
  return (scalarsOf(value)[0] ?? '').trim();
}

/** Text as typed (leading and trailing spaces too, like TITLE); blank text is ''. */
function asTyped(value: FieldValue): string {
  const text = scalarsOf(value)[0] ?? '';
  return text.trim() === '' ? '' : text;
}

/**
 * RQ_* values to send. `requisite.TAX_ID` goes to RQ_INN when it looks like an INN,
 * else to RQ_VAT_ID with RQ_INN cleared (the read side prefers RQ_INN, so a stale one
 * would hide the new VAT id); null clears both. Explicit `requisite.RQ_*` paths win.
 */
export function requisiteValues(written: Readonly<Record<string, FieldValue>>, taxId: FieldValue | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (taxId !== undefined) {
    const tax = first(taxId);
    if (tax === '') {
      out['RQ_INN'] = '';
      out['RQ_VAT_ID'] = '';
    } else if (isInnLike(tax)) {
      out['RQ_INN'] = tax.replace(/[\s-]/g, '');
    } else {
      out['RQ_VAT_ID'] = tax;
      out['RQ_INN'] = '';
    }
  }
  for (const [name, value] of Object.entries(written)) out[name] = asTyped(value);
  return out;
}

export function addressValues(written: Readonly<Record<string, FieldValue>>): Record<string, string> {
  return Object.fromEntries(Object.entries(written).map(([name, value]) => [name, asTyped(value)]));
}

export function hasValue(values: Readonly<Record<string, string>>): boolean {
  return Object.values(values).some((v) => v !== '');
}

const RUSSIA = '1';

/**
 * The preset of a new requisite: the Russian organisation preset when the tax id is
 * an INN (or, without a tax id, when the portal's default region is RU), else a
 * company preset of another country. Matched by the default presets' XML_ID
 * (`#CRM_REQUISITE_PRESET_DEF_RU_COMPANY#`) or name, since ids differ per portal.
 */
export function choosePreset(presets: readonly Preset[], taxId: string | undefined, region: CountryCode | undefined): Preset | undefined {
  const active = presets.filter((p) => p.ACTIVE !== 'N');
  const russian = taxId ? isInnLike(taxId) : region === 'RU';
  const inRussia = active.filter((p) => String(p.COUNTRY_ID) === RUSSIA);
  if (russian) {
    return inRussia.find((p) => /RU_COMPANY/i.test(p.XML_ID ?? '') || p.NAME.trim() === 'Организация') ?? inRussia[0];
  }
  const elsewhere = active.filter((p) => String(p.COUNTRY_ID) !== RUSSIA);
  return elsewhere.find((p) => /_COMPANY#?$/i.test(p.XML_ID ?? '') || /company|organi[sz]ation|unternehmen/i.test(p.NAME)) ?? elsewhere[0] ?? active[0];
}
