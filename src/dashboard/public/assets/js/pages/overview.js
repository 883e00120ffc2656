// Overview: the alerts firing now, and per entity kind linked records, the queue,
// failures, conflicts, lag and throughput per minute over the last hour; updated live.
import { api } from '../api.js';
import { throughputChart } from '../chart.js';
import { clear, h, toDate } from '../dom.js';
import { formatDateTime, formatDuration, formatNumber, t, tOr } from '../i18n.js';
import { badge, entityName, errorBox, sideName } from './common.js';

function metric(name, value, attrs = {}) {
  return h('div', { class: `metric metric-${name}`, 'data-metric': name, ...attrs }, h('span', { class: 'metric-value' }, value), h('span', { class: 'metric-label' }, t(`overview.${name}`)));
}

const SYSTEM_SIDES = { bitrix24: 'b24', nav: 'nav' };

/** What an alert is about: an entity kind, or a system (bitrix24, nav). */
function subjectName(subject) {
  return SYSTEM_SIDES[subject] ? sideName(SYSTEM_SIDES[subject]) : entityName(subject);
}

function alertsBox(box, data) {
  clear(box);
  const firing = data?.firing ?? [];
  box.hidden = firing.length === 0;
  if (firing.length === 0) return;
  box.append(
    h('h2', {}, t('alerts.firing', { n: firing.length })),
    h(
      'ul',
      {},
      firing.map((a) =>
        h(
          'li',
          { class: `alert-item severity-${a.severity}`, 'data-alert': a.key },
          h('strong', {}, t(`alertRule.${a.rule}`)),
          ' · ',
          subjectName(a.subject),
          ' ',
          h('span', { class: 'sub' }, t('alerts.since', { time: formatDateTime(toDate(a.since)) })),
          a.rule === 'deadLetters' ? [' ', h('a', { href: `#/dead-letters/${encodeURIComponent(a.subject)}` }, t('alerts.open'))] : null,
          a.rule === 'conflicts' ? [' ', h('a', { href: '#/conflicts' }, t('alerts.open'))] : null,
        ),
      ),
    ),
    h('p', { class: 'sub' }, data.channels.length > 0 ? t('alerts.channels', { channels: data.channels.join(', ') }) : t('alerts.logOnly')),
  );
}

function card(e, series, from) {
  const failed = e.failed > 0 ? { class: 'metric metric-failed alert' } : {};
  return h(
    'section',
    { class: 'card entity-card', 'data-entity': e.entity },
    h('h2', {}, entityName(e.entity)),
    h(
      'div',
      { class: 'metrics' },
      metric('linked', formatNumber(e.linked)),
      metric('pending', formatNumber(e.pending)),
      h('a', { href: `#/dead-letters/${encodeURIComponent(e.entity)}`, class: 'metric-link' }, metric('failed', formatNumber(e.failed), failed)),
      h('a', { href: '#/conflicts', class: 'metric-link' }, metric('conflicts', formatNumber(e.conflicts), e.conflicts > 0 ? { class: 'metric metric-conflicts warn' } : {})),
      metric('lag', e.lagSeconds === null ? '—' : formatDuration(e.lagSeconds)),
      e.ambiguous > 0 ? metric('ambiguous', formatNumber(e.ambiguous), { class: 'metric metric-ambiguous warn' }) : null,
    ),
    series
      ? h(
          'figure',
          { class: 'throughput' },
          throughputChart(series, from),
          h(
            'figcaption',
            {},
            h('span', { class: 'legend legend-synced' }, t('overview.legendSynced')),
            h('span', { class: 'legend legend-failed' }, t('overview.legendFailed')),
            h('span', { class: 'legend-note' }, t('overview.lastMinutes', { n: series.synced.length })),
          ),
        )
      : null,
  );
}

export default function overview(ctx) {
  const body = h('div', { class: 'overview' });
  const lastRun = h('p', { class: 'last-run' });
  const alerts = h('section', { id: 'alerts', class: 'alerts', role: 'status', hidden: true });
  ctx.root.append(h('h1', {}, t('overview.title')), lastRun, alerts, body);
  let alertsKey = '';
  const loadAlerts = async () => {
    try {
      const data = await api.get('/api/alerts');
      const key = JSON.stringify(data);
      if (key !== alertsKey) {
        alertsKey = key;
        alertsBox(alerts, data);
      }
    } catch (error) {
      clear(alerts).append(errorBox(error));
      alerts.hidden = false;
    }
  };

  const render = ({ status, throughput }) => {
    clear(body);
    clear(lastRun);
    const run = status.lastRun;
    if (run) {
      lastRun.append(
        t('overview.lastRun'),
        ' ',
        h('a', { href: '#/runs' }, `#${run.id}`),
        ' ',
        tOr(`runKind.${run.kind}`, run.kind),
        ' ',
        badge(run.status, tOr(`runStatus.${run.status}`, run.status)),
        ' ',
        t('overview.since', { time: formatDateTime(toDate(run.startedAt)) }),
      );
    }
    if (status.entities.length === 0) body.append(h('p', { class: 'empty' }, t('overview.nothingSynced')));
    for (const e of status.entities) {
      const series = throughput?.entities.find((s) => s.entity === e.entity);
      body.append(card(e, series, throughput?.from));
    }
  };

  const load = async () => {
    try {
      const [status, throughput] = await Promise.all([api.get('/api/status'), api.get('/api/throughput?minutes=60')]);
      render({ status, throughput });
    } catch (error) {
      clear(body).append(errorBox(error));
    }
  };

  if (ctx.snapshot) render(ctx.snapshot);
  else void load();
  void loadAlerts();
  return {
    onSnapshot: (snapshot) => {
      render(snapshot);
      void loadAlerts();
    },
  };
}
