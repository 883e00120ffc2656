// Runs: the sync passes and service sessions, newest first, with their counters.
import { api } from '../api.js';
import { clear, h, toDate } from '../dom.js';
import { formatDateTime, formatDuration, t, tOr } from '../i18n.js';
import { badge, empty, entityName, errorBox, table } from './common.js';

function counts(c) {
  if (!c || Object.keys(c).length === 0) return '—';
  return Object.entries(c)
    .filter(([, v]) => v !== 0)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ') || '—';
}

export default function runs(ctx) {
  const body = h('div');
  ctx.root.append(h('h1', {}, t('runs.title')), body);
  let last = '';

  const load = async () => {
    try {
      const { runs: list } = await api.get('/api/runs?limit=50');
      const key = JSON.stringify(list);
      if (key === last) return;
      last = key;
      clear(body);
      if (list.length === 0) return body.append(empty('runs.none'));
      body.append(
        table(
          ['runs.id', 'runs.kind', 'runs.entity', 'runs.status', 'runs.started', 'runs.duration', 'runs.counts', 'runs.error'],
          list.map((r) => {
            const started = toDate(r.startedAt);
            const finished = toDate(r.finishedAt);
            return h(
              'tr',
              { 'data-run': r.id },
              h('td', {}, `#${r.id}`),
              h('td', {}, tOr(`runKind.${r.kind}`, r.kind)),
              h('td', {}, r.entity ? entityName(r.entity) : t('runs.allEntities')),
              h('td', {}, badge(r.status, tOr(`runStatus.${r.status}`, r.status))),
              h('td', {}, formatDateTime(started)),
              h('td', {}, started && finished ? formatDuration((finished - started) / 1000) : r.status === 'running' ? t('runs.stillRunning') : '—'),
              h('td', { class: 'counts' }, counts(r.counts)),
              h('td', { class: 'message' }, r.error ? `${r.error.code}: ${r.error.message}` : ''),
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
