// A record's history as a timeline: what changed (field, before, after), from which
// side, which policy decided, what failed and why.
import { api } from '../api.js';
import { clear, h, showValue, toDate } from '../dom.js';
import { formatDateTime, t, tOr } from '../i18n.js';
import { actionName, badge, empty, entityName, errorBox, flowName, sideName } from './common.js';

function entry(e) {
  const fields = Object.entries(e.fields ?? {});
  return h(
    'li',
    { class: `event action-${e.action}`, 'data-action': e.action },
    h('div', { class: 'when' }, formatDateTime(toDate(e.at))),
    h(
      'div',
      { class: 'what' },
      h(
        'div',
        { class: 'headline' },
        badge(e.action, actionName(e.action)),
        e.direction ? h('span', { class: 'direction' }, flowName(e.direction)) : null,
        e.policy ? h('span', { class: 'policy' }, t('history.policy', { policy: tOr(`policy.${e.policy}`, e.policy) })) : null,
        e.runId ? h('span', { class: 'run' }, t('history.run', { id: e.runId })) : null,
      ),
      e.message ? h('p', { class: 'message' }, e.message) : null,
      e.error ? h('p', { class: 'error-line' }, h('code', {}, e.error.code), ' ', e.error.message) : null,
      fields.length > 0
        ? h(
            'table',
            { class: 'changes' },
            h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('history.field')), h('th', { scope: 'col' }, t('history.from')), h('th', { scope: 'col' }, t('history.to')))),
            h('tbody', {}, fields.map(([name, c]) => h('tr', { 'data-field': name }, h('th', { scope: 'row' }, name), h('td', { class: 'old' }, showValue(c.from)), h('td', { class: 'new' }, showValue(c.to))))),
          )
        : null,
    ),
  );
}

export default function history(ctx) {
  const [entity = '', side = 'b24', id = ''] = ctx.params;
  const kinds = (ctx.snapshot?.status.entities ?? []).map((e) => e.entity);
  if (entity && !kinds.includes(entity)) kinds.push(entity);
  if (kinds.length === 0) kinds.push('customers');
  const entitySelect = h('select', { name: 'entity', id: 'history-entity' }, kinds.map((k) => h('option', { value: k, selected: k === entity }, entityName(k))));
  const sideSelect = h('select', { name: 'side', id: 'history-side' }, ['b24', 'nav'].map((s) => h('option', { value: s, selected: s === side }, sideName(s))));
  const idInput = h('input', { name: 'id', id: 'history-id', value: id, required: true, placeholder: t('history.idPlaceholder') });
  const form = h(
    'form',
    { class: 'toolbar', id: 'history-form' },
    h('label', {}, t('history.entity'), ' ', entitySelect),
    h('label', {}, t('history.side'), ' ', sideSelect),
    h('label', {}, t('history.id'), ' ', idInput),
    h('button', { type: 'submit', class: 'primary' }, t('history.show')),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (idInput.value.trim()) ctx.navigate('history', entitySelect.value, sideSelect.value, idInput.value.trim());
  });
  const body = h('div');
  ctx.root.append(h('h1', {}, t('history.title')), form, body);
  if (!entity || !id) {
    body.append(empty('history.pick'));
    return {};
  }
  let last = '';
  const load = async () => {
    try {
      const { entries } = await api.get(`/api/history/${encodeURIComponent(entity)}/${encodeURIComponent(side)}/${encodeURIComponent(id)}?limit=200`);
      const key = JSON.stringify(entries);
      if (key === last) return;
      last = key;
      clear(body);
      body.append(h('h2', {}, t('history.of', { entity: entityName(entity), side: sideName(side), id })));
      if (entries.length === 0) return body.append(empty('history.none'));
      body.append(h('ol', { class: 'timeline' }, entries.map(entry)));
    } catch (error) {
      clear(body).append(errorBox(error));
    }
  };
  void load();
  return { onSnapshot: () => void load(), onAction: () => void load() };
}
