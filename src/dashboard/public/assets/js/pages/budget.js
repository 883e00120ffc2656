// API budget: the Bitrix24 request bucket and operating time per method, and the
// NAV calls with their latency.
import { api } from '../api.js';
import { gauge } from '../chart.js';
import { clear, h } from '../dom.js';
import { formatNumber, t, tOr } from '../i18n.js';
import { empty, errorBox, table } from './common.js';

const fact = (key, value) => [h('dt', {}, t(key)), h('dd', { 'data-fact': key }, value)];

function render(body, b) {
  const bucket = b.b24.bucket;
  const all = [...(b.b24.operating ?? [])].sort((x, y) => y.seconds - x.seconds || x.method.localeCompare(y.method));
  // Methods that used (next to) no server time only lengthen the list.
  const operating = all.filter((o) => o.seconds >= 0.05);
  const idle = all.length - operating.length;
  body.append(
    h(
      'section',
      { class: 'card', id: 'budget-b24' },
      h('h2', {}, t('budget.b24')),
      h(
        'div',
        { class: 'bucket' },
        h('div', { class: 'gauge-label' }, t('budget.bucket', { level: formatNumber(bucket.level, { maximumFractionDigits: 1 }), size: formatNumber(bucket.size) })),
        gauge(bucket.level, bucket.size, t('budget.bucket', { level: formatNumber(bucket.level, { maximumFractionDigits: 1 }), size: formatNumber(bucket.size) })),
      ),
      h(
        'dl',
        { class: 'facts' },
        fact('budget.plan', tOr(`plan.${b.b24.plan}`, b.b24.plan)),
        fact('budget.drain', t('budget.perSecond', { n: formatNumber(bucket.drainPerSecond) })),
        fact('budget.requests', formatNumber(b.b24.requests)),
        fact('budget.batches', formatNumber(b.b24.batches)),
        fact('budget.queryLimitHits', formatNumber(b.b24.queryLimitHits)),
        fact('budget.operatingLimitHits', formatNumber(b.b24.operatingLimitHits)),
      ),
      h('h3', {}, t('budget.operating')),
      operating.length === 0
        ? empty('budget.noOperating')
        : table(
            ['budget.method', 'budget.used', null],
            operating.map((o) =>
              h(
                'tr',
                { 'data-method': o.method },
                h('td', {}, h('code', {}, o.method)),
                h('td', { class: 'num' }, t('budget.secondsOf', { s: formatNumber(o.seconds, { maximumFractionDigits: 1 }), limit: formatNumber(o.limitSeconds) })),
                h('td', { class: 'gauge-cell' }, gauge(o.seconds, o.limitSeconds, o.method)),
              ),
            ),
          ),
      idle > 0 ? h('p', { class: 'sub' }, t('budget.idleMethods', { n: formatNumber(idle) })) : null,
    ),
    h(
      'section',
      { class: 'card', id: 'budget-nav' },
      h('h2', {}, t('budget.nav')),
      h(
        'dl',
        { class: 'facts' },
        fact('budget.navCalls', formatNumber(b.nav.calls)),
        fact('budget.navErrors', formatNumber(b.nav.errors)),
        fact('budget.latencyP50', t('budget.ms', { n: formatNumber(b.nav.latencyMs.p50, { maximumFractionDigits: 0 }) })),
        fact('budget.latencyP95', t('budget.ms', { n: formatNumber(b.nav.latencyMs.p95, { maximumFractionDigits: 0 }) })),
        fact('budget.latencyMax', t('budget.ms', { n: formatNumber(b.nav.latencyMs.max, { maximumFractionDigits: 0 }) })),
      ),
    ),
  );
}

export default function budget(ctx) {
  const body = h('div', { class: 'budget' });
  ctx.root.append(h('h1', {}, t('budget.title')), h('p', { class: 'hint' }, t('budget.hint')), body);
  let last = '';
  const load = async () => {
    try {
      const b = await api.get('/api/budget');
      const key = JSON.stringify(b);
      if (key === last) return;
      last = key;
      clear(body);
      render(body, b);
    } catch (error) {
      clear(body).append(errorBox(error));
    }
  };
  void load();
  return { onSnapshot: () => void load() };
}
