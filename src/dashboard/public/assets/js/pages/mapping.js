// The mapping in effect: per entity kind, direction, owner, conflict policy, match
// keys, and every field with its paths on both sides.
import { api } from '../api.js';
import { clear, h, showValue } from '../dom.js';
import { t, tOr } from '../i18n.js';
import { entityName, errorBox, flowName, sideName, table } from './common.js';

const ARROWS = { both: '⇄', b24_to_nav: '→', nav_to_b24: '←', none: '·' };

function transforms(tr) {
  const parts = [];
  for (const [key, steps] of Object.entries(tr)) if (steps.length > 0) parts.push(`${key}: ${steps.join(' | ')}`);
  return parts.join('; ') || '—';
}

function entitySection(e) {
  return h(
    'section',
    { class: 'card mapping', 'data-entity': e.entity },
    h('h2', {}, entityName(e.entity)),
    h(
      'dl',
      { class: 'facts' },
      h('dt', {}, t('mapping.direction')),
      h('dd', { 'data-fact': 'direction' }, flowName(e.direction)),
      h('dt', {}, t('mapping.owner')),
      h('dd', { 'data-fact': 'owner' }, sideName(e.owner)),
      h('dt', {}, t('mapping.policy')),
      h('dd', { 'data-fact': 'policy' }, tOr(`policy.${e.policy}`, e.policy)),
      h('dt', {}, t('mapping.matchKeys')),
      h('dd', { 'data-fact': 'matchKeys' }, e.matchKeys.join(', ') || '—'),
      h('dt', {}, t('mapping.onDelete')),
      h('dd', {}, tOr(`onDelete.${e.onDelete}`, e.onDelete)),
    ),
    table(
      ['mapping.field', 'mapping.b24Path', 'mapping.flow', 'mapping.navPath', 'mapping.fieldOwner', 'mapping.normalize', 'mapping.transforms'],
      e.fields.map((f) =>
        h(
          'tr',
          { 'data-field': f.name, class: f.direction === 'none' ? 'inactive' : null },
          h('th', { scope: 'row' }, f.name, f.compared ? null : h('span', { class: 'sub' }, ` ${t('mapping.oneSided')}`)),
          h('td', {}, f.b24 ? h('code', {}, f.b24) : '—'),
          h('td', { class: 'arrow', title: flowName(f.direction), 'aria-label': flowName(f.direction) }, ARROWS[f.direction] ?? '?'),
          h('td', {}, f.nav ? h('code', {}, f.nav) : '—'),
          h('td', {}, sideName(f.owner)),
          h('td', {}, f.normalize),
          h('td', { class: 'sub' }, transforms(f.transforms), f.default !== null ? ` · ${t('mapping.default', { value: showValue(f.default) })}` : ''),
        ),
      ),
    ),
    Object.keys(e.valueMaps).length > 0
      ? h(
          'details',
          {},
          h('summary', {}, t('mapping.valueMaps')),
          Object.entries(e.valueMaps).map(([name, vm]) =>
            h('div', { class: 'value-map' }, h('h3', {}, name), h('p', { class: 'sub' }, Object.entries(vm.values ?? {}).map(([k, v]) => `${k} → ${showValue(v)}`).join(', '))),
          ),
        )
      : null,
  );
}

export default function mapping(ctx) {
  const body = h('div');
  ctx.root.append(h('h1', {}, t('mapping.title')), h('p', { class: 'hint' }, t('mapping.hint')), body);
  (async () => {
    try {
      const m = await api.get('/api/mapping');
      clear(body);
      for (const e of m.entities) body.append(entitySection(e));
      body.append(
        h(
          'section',
          { class: 'card', 'data-entity': 'stock' },
          h('h2', {}, entityName('stock')),
          h(
            'dl',
            { class: 'facts' },
            h('dt', {}, t('mapping.stockEnabled')),
            h('dd', {}, t(m.stock.enabled ? 'common.yes' : 'common.no')),
            h('dt', {}, t('mapping.stockLocations')),
            h('dd', {}, Object.entries(m.stock.locations).map(([k, v]) => `${k} → ${v}`).join(', ') || t('mapping.stockLocationsAuto')),
            h('dt', {}, t('mapping.stockInterval')),
            h('dd', {}, t('unit.seconds', { n: m.stock.intervalSeconds })),
          ),
        ),
      );
    } catch (error) {
      clear(body).append(errorBox(error));
    }
  })();
  return {};
}
