// Pieces the pages share: names of entity kinds and sides, tables, links to a
// record's history, error boxes.
import { h } from '../dom.js';
import { t, tOr } from '../i18n.js';

export const entityName = (entity) => tOr(`entity.${entity}`, entity);
export const sideName = (side) => tOr(`side.${side}`, side);
export const actionName = (action) => tOr(`action.${action}`, action);

/** A direction of flow: b24_to_nav, nav_to_b24, both, none. */
export function flowName(direction) {
  return tOr(`flow.${direction}`, direction ?? '—');
}

export function errorBox(error) {
  const code = error?.code ? ` (${error.code})` : '';
  return h('p', { class: 'error', role: 'alert' }, `${t('error.generic')}${code}: ${error?.message ?? String(error)}`);
}

export function empty(key) {
  return h('p', { class: 'empty' }, t(key));
}

/** headers: dictionary keys (null: an empty header); rows: table rows. */
export function table(headers, rows, attrs = {}) {
  return h(
    'table',
    { class: 'grid', ...attrs },
    h('thead', {}, h('tr', {}, headers.map((key) => h('th', { scope: 'col' }, key ? t(key) : '')))),
    h('tbody', {}, rows),
  );
}

export function historyLink(entity, side, id, label = id) {
  if (!id) return '—';
  return h('a', { href: `#/history/${encodeURIComponent(entity)}/${side}/${encodeURIComponent(id)}`, class: 'record-link', 'data-side': side }, label);
}

/** Both ids of a record, each linking to its history. */
export function recordIds(entity, b24Id, navKey) {
  return h('span', { class: 'ids' }, b24Id ? [sideName('b24'), ' ', historyLink(entity, 'b24', b24Id)] : null, b24Id && navKey ? ' · ' : null, navKey ? [sideName('nav'), ' ', historyLink(entity, 'nav', navKey)] : null);
}

export function badge(kind, text) {
  return h('span', { class: `badge badge-${kind}` }, text);
}

export function readOnlyTitle(canChange) {
  return canChange ? null : t('role.readOnlyHint');
}
