// Dead letters: records that failed for good, with the system's own message, and
// the two ways out — retry (after the data was fixed) or drop.
import { api } from '../api.js';
import { clear, h, toDate } from '../dom.js';
import { formatDateTime, formatNumber, t } from '../i18n.js';
import { empty, entityName, errorBox, historyLink, readOnlyTitle, recordIds, sideName, table } from './common.js';

export default function deadLetters(ctx) {
  const entity = ctx.params[0] ?? '';
  const filter = h('select', { id: 'dl-entity', 'aria-label': t('deadLetters.filterEntity') });
  const body = h('div');
  ctx.root.append(h('h1', {}, t('deadLetters.title')), h('p', { class: 'hint' }, t('deadLetters.hint')), h('div', { class: 'toolbar' }, h('label', {}, t('deadLetters.filterEntity'), ' ', filter)), body);
  filter.append(h('option', { value: '' }, t('common.all')));
  for (const e of ctx.snapshot?.status.entities ?? []) filter.append(h('option', { value: e.entity, selected: e.entity === entity }, entityName(e.entity)));
  if (entity && ![...filter.options].some((o) => o.value === entity)) filter.append(h('option', { value: entity, selected: true }, entityName(entity)));
  filter.addEventListener('change', () => (filter.value ? ctx.navigate('dead-letters', filter.value) : ctx.navigate('dead-letters')));
  let last = '';

  const act = async (item, action, button) => {
    if (action === 'drop' && !window.confirm(t('deadLetters.confirmDrop', { id: item.id }))) return;
    button.disabled = true;
    try {
      await api.post(`/api/dead-letters/${item.id}/${action}`);
      ctx.notice(t(action === 'retry' ? 'deadLetters.retried' : 'deadLetters.dropped', { id: item.id }));
      await load(true);
    } catch (error) {
      button.disabled = false;
      ctx.notice(`${t('error.generic')} (${error.code ?? ''}): ${error.message}`, 'error');
    }
  };

  // The API retries one dead letter per call; "retry all" walks the list shown (after a fix that covers them all).
  const retryAll = async (items, button) => {
    if (!window.confirm(t('deadLetters.confirmRetryAll', { n: items.length }))) return;
    button.disabled = true;
    let done = 0;
    const failed = [];
    for (const item of items) {
      try {
        await api.post(`/api/dead-letters/${item.id}/retry`);
        done += 1;
      } catch (error) {
        failed.push(`#${item.id} (${error.code ?? ''}): ${error.message}`);
      }
    }
    if (done > 0) ctx.notice(t('deadLetters.retriedAll', { n: done }));
    if (failed.length > 0) ctx.notice(`${t('error.generic')}: ${failed.slice(0, 3).join('; ')}`, 'error');
    await load(true);
  };

  const load = async (force = false) => {
    try {
      const q = new URLSearchParams({ limit: '200' });
      if (entity) q.set('entity', entity);
      const { items } = await api.get(`/api/dead-letters?${q}`);
      const key = JSON.stringify(items);
      if (key === last && !force) return;
      last = key;
      clear(body);
      if (items.length === 0) return body.append(empty('deadLetters.none'));
      const all = h('button', { class: 'secondary', id: 'retry-all', disabled: !ctx.canChange, title: readOnlyTitle(ctx.canChange) }, t('deadLetters.retryAll', { n: formatNumber(items.length) }));
      all.addEventListener('click', () => void retryAll(items, all));
      body.append(
        h('div', { class: 'toolbar' }, h('span', { class: 'count' }, t('deadLetters.count', { n: formatNumber(items.length) })), items.length > 1 ? all : null),
        table(
          ['deadLetters.record', 'deadLetters.side', 'deadLetters.attempts', 'deadLetters.code', 'deadLetters.message', 'deadLetters.failedAt', 'deadLetters.actions'],
          items.map((item) => {
            const retry = h('button', { class: 'primary', 'data-action': 'retry', disabled: !ctx.canChange, title: readOnlyTitle(ctx.canChange) }, t('deadLetters.retry'));
            const drop = h('button', { class: 'danger', 'data-action': 'drop', disabled: !ctx.canChange, title: readOnlyTitle(ctx.canChange) }, t('deadLetters.drop'));
            retry.addEventListener('click', () => void act(item, 'retry', retry));
            drop.addEventListener('click', () => void act(item, 'drop', drop));
            return h(
              'tr',
              { 'data-dead-letter': item.id, 'data-record': item.recordId },
              h('td', {}, h('div', {}, entityName(item.entity)), h('div', {}, historyLink(item.entity, item.side, item.recordId)), item.link ? h('div', { class: 'sub' }, recordIds(item.entity, item.link.b24Id, item.link.navKey)) : null),
              h('td', {}, sideName(item.side)),
              h('td', { class: 'num' }, formatNumber(item.attempts)),
              h('td', {}, h('code', {}, item.code ?? '—'), item.kind ? h('div', { class: 'sub' }, item.kind) : null),
              h('td', { class: 'message system-message' }, item.message ?? ''),
              h('td', {}, formatDateTime(toDate(item.failedAt))),
              h('td', { class: 'actions' }, retry, ' ', drop),
            );
          }),
        ),
      );
    } catch (error) {
      clear(body).append(errorBox(error));
    }
  };
  void load();
  return { onSnapshot: () => void load(), onAction: () => void load() };
}
