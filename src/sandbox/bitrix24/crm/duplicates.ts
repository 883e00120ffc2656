// crm.duplicate.findbycomm (reference §7.2): up to 20 values of one type; phones
// match on the whole number ignoring formatting and extension, but 8… and +7…
// are different numbers (no normalization of formats); e-mails case-insensitively.
// Nothing found → `[]`; the error puts human text in `error`.
import { B24Error } from '../errors.ts';
import { param, text } from '../params.ts';
import { ok, read, type MethodTable } from '../registry.ts';
import { phpMap } from '../php.ts';

function phoneKey(value: string): string {
  return value.replace(/(?:ext\.?|доб\.?|#).*$/i, '').replace(/\D/g, '');
}

const ENTITY_OF: Record<string, 'COMPANY' | 'CONTACT'> = { COMPANY: 'COMPANY', CONTACT: 'CONTACT' };

export const duplicateMethods: MethodTable = {
  'crm.duplicate.findbycomm': read('crm', (ctx) => {
    const type = text(param(ctx.params, 'type')).toUpperCase();
    if (type !== 'EMAIL' && type !== 'PHONE') {
      throw new B24Error(400, 'Communication type is not defined', "Parameter 'type' is required.");
    }
    const rawValues = param(ctx.params, 'values');
    const values = (Array.isArray(rawValues) ? rawValues : rawValues && typeof rawValues === 'object' ? Object.values(rawValues) : [rawValues])
      .map(text)
      .filter((v) => v !== '');
    if (values.length === 0) throw new B24Error(400, 'Values are not defined', "Parameter 'values' is required.");
    if (values.length > 20) throw new B24Error(400, 'Too many values', "Parameter 'values' may hold at most 20 values.");
    const onlyEntity = param(ctx.params, 'entity_type') === undefined ? undefined : ENTITY_OF[text(param(ctx.params, 'entity_type')).toUpperCase()];
    const keys = new Set(values.map((v) => (type === 'PHONE' ? phoneKey(v) : v.trim().toLowerCase())));
    const found: Record<string, number[]> = {};
    for (const mf of ctx.portal.state.multifields.values()) {
      if (mf.TYPE_ID !== type || mf.ENTITY_ID === 'DEAL' || mf.ENTITY_ID === 'SMART_INVOICE') continue;
      if (onlyEntity && mf.ENTITY_ID !== onlyEntity) continue;
      const key = type === 'PHONE' ? phoneKey(mf.VALUE) : mf.VALUE.trim().toLowerCase();
      if (!keys.has(key)) continue;
      const list = (found[mf.ENTITY_ID] ??= []);
      if (!list.includes(mf.ELEMENT_ID)) list.push(mf.ELEMENT_ID);
    }
    for (const list of Object.values(found)) list.sort((a, b) => a - b);
    return ok(phpMap(found));
  }),
};
