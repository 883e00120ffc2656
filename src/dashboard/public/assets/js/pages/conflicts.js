// Conflicts: records changed on both sides that the policy left to an operator.
// The list, and one conflict side by side — base, Bitrix24, NAV — with a choice per field.
import { api } from '../api.js';
import { clear, h, showValue, toDate } from '../dom.js';
import { formatDateTime, t, tOr } from '../i18n.js';
import { badge, empty, entityName, errorBox, readOnlyTitle, recordIds, sideName, table } from './common.js';

const fieldCount = (fields) => (Array.isArray(fields) ? fields.length : fields && typeof fields === 'object' ? Object.keys(fields).length : null);

function list(ctx) {
  const state = ctx.params[0] === 'resolved' ? 'resolved' : 'open';
  const body = h('div');
  const tabs = h(
    'div',
    { class: 'tabs', role: 'tablist' },
    ['open', 'resolved'].map((s) => h('a', { href: s === 'open' ? '#/conflicts' : '#/conflicts/resolved', class: s === state ? 'active' : null, role: 'tab', 'aria-selected': String(s === state) }, t(`conflicts.state.${s}`))),
  );
  ctx.root.append(h('h1', {}, t('conflicts.title')), h('p', { class: 'hint' }, t('conflicts.hint')), tabs, body);
  let last = '';
  const load = async () => {
    try {
      const { items } = await api.get(`/api/conflicts?state=${state}&limit=200`);
      const key = JSON.stringify(items);
      if (key === last) return;
      last = key;
      clear(body);
      if (items.length === 0) return body.append(empty(state === 'open' ? 'conflicts.noneOpen' : 'conflicts.noneResolved'));
      body.append(
        table(
          ['conflicts.id', 'conflicts.entity', 'conflicts.record', 'conflicts.policy', 'conflicts.fields', 'conflicts.openedAt', null],
          items.map((c) =>
            h(
              'tr',
              { 'data-conflict': c.id },
              h('td', {}, `#${c.id}`),
              h('td', {}, entityName(c.entity)),
              h('td', {}, recordIds(c.entity, c.b24Id, c.navKey)),
              h('td', {}, c.policy ? tOr(`policy.${c.policy}`, c.policy) : '—'),
              h('td', { class: 'num' }, fieldCount(c.fields) ?? '—'),
              h('td', {}, formatDateTime(toDate(c.openedAt ?? c.createdAt))),
              h('td', {}, h('a', { href: `#/conflicts/${c.id}`, class: 'button', 'data-open-conflict': c.id }, state === 'open' ? t('conflicts.resolveOpen') : t('conflicts.view'))),
            ),
          ),
        ),
      );
    } catch (error) {
      clear(body).append(errorBox(error));
    }
  };
  void load();
  return { onSnapshot: () => void load(), onAction: () => void load() };
}

function detail(ctx, id) {
  const body = h('div');
  ctx.root.append(h('p', {}, h('a', { href: '#/conflicts' }, `← ${t('conflicts.back')}`)), body);
  const load = async () => {
    try {
      const { conflict: c } = await api.get(`/api/conflicts/${encodeURIComponent(id)}`);
      render(c);
    } catch (error) {
      clear(body).append(errorBox(error));
    }
  };

  const render = (c) => {
    clear(body);
    const open = c.state === 'open';
    const fields = Object.entries(c.fields ?? {});
    const choices = {};
    const resolve = h('button', { class: 'primary', id: 'resolve', disabled: true, title: readOnlyTitle(ctx.canChange) }, t('conflicts.resolve'));
    const update = () => {
      resolve.disabled = !ctx.canChange || !open || fields.some(([f]) => !choices[f]);
    };
    const radios = [];
    const choice = (field, side, value) => {
      const input = h('input', { type: 'radio', name: `choice-${field}`, value: side, disabled: !open || !ctx.canChange, 'data-field': field, 'data-side': side });
      input.addEventListener('change', () => {
        choices[field] = side;
        update();
      });
      radios.push(input);
      return h('td', { class: `value side-${side}` }, h('label', {}, input, ' ', h('span', {}, showValue(value))));
    };
    const chooseAll = (side) =>
      h(
        'button',
        {
          class: 'secondary',
          'data-choose-all': side,
          disabled: !open || !ctx.canChange,
          title: readOnlyTitle(ctx.canChange),
          onclick: () => {
            for (const r of radios) if (r.value === side) r.checked = true;
            for (const [f] of fields) choices[f] = side;
            update();
          },
        },
        t('conflicts.allFrom', { side: sideName(side) }),
      );
    resolve.addEventListener('click', async () => {
      resolve.disabled = true;
      try {
        await api.post(`/api/conflicts/${c.id}/resolve`, { choices });
        ctx.notice(t('conflicts.resolved', { id: c.id }));
        ctx.navigate('conflicts');
      } catch (error) {
        update();
        ctx.notice(`${t('error.generic')} (${error.code ?? ''}): ${error.message}`, 'error');
      }
    });
    body.append(
      h('h1', {}, t('conflicts.detailTitle', { id: c.id, entity: entityName(c.entity) })),
      h(
        'dl',
        { class: 'facts' },
        h('dt', {}, t('conflicts.record')),
        h('dd', {}, recordIds(c.entity, c.b24Id, c.navKey)),
        h('dt', {}, t('conflicts.policy')),
        h('dd', {}, c.policy ? tOr(`policy.${c.policy}`, c.policy) : '—'),
        h('dt', {}, t('conflicts.openedAt')),
        h('dd', {}, formatDateTime(toDate(c.openedAt ?? c.createdAt))),
        h('dt', {}, t('conflicts.stateLabel')),
        h('dd', {}, badge(c.state, t(`conflicts.state.${open ? 'open' : 'resolved'}`))),
      ),
      h('p', { class: 'hint' }, t(open ? 'conflicts.chooseHint' : 'conflicts.resolvedHint')),
      h(
        'table',
        { class: 'grid side-by-side', id: 'conflict-fields' },
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('conflicts.field')), h('th', { scope: 'col' }, t('conflicts.base')), h('th', { scope: 'col' }, sideName('b24')), h('th', { scope: 'col' }, sideName('nav')))),
        h(
          'tbody',
          {},
          fields.map(([field, v]) => h('tr', { 'data-field': field }, h('th', { scope: 'row' }, field), h('td', { class: 'value base' }, showValue(v.base)), choice(field, 'b24', v.b24), choice(field, 'nav', v.nav))),
        ),
      ),
      open ? h('div', { class: 'toolbar' }, chooseAll('b24'), ' ', chooseAll('nav'), ' ', resolve) : null,
    );
  };
  void load();
  return {};
}

export default function conflicts(ctx) {
  const id = ctx.params[0];
  return id && /^\d+$/.test(id) ? detail(ctx, id) : list(ctx);
}
