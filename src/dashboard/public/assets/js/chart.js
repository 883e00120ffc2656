// Small SVG charts drawn by hand (no charting library): throughput per minute and
// horizontal gauges. Sizes are in viewBox units; CSS scales them to the card.
import { svg } from './dom.js';
import { formatNumber, formatTime, t } from './i18n.js';

const W = 320;
const H = 120;
const PAD = { left: 30, right: 6, top: 8, bottom: 18 };

/** Written records as a line over an area, failures as red bars, one point per minute. */
export function throughputChart({ synced, failed }, fromIso) {
  const n = Math.max(synced.length, 1);
  const max = Math.max(1, ...synced, ...failed);
  // A round top for the scale: 1, 2, 5, 10, 20, 50, ...
  const top = niceCeil(max);
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const x = (i) => PAD.left + (n === 1 ? plotW : (i / (n - 1)) * plotW);
  const y = (v) => PAD.top + plotH - (v / top) * plotH;
  const barW = Math.max(1, plotW / n - 1);
  const from = new Date(fromIso);
  const to = new Date(from.getTime() + (n - 1) * 60_000);
  const line = synced.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
  const area = `${x(0).toFixed(1)},${y(0)} ${line} ${x(n - 1).toFixed(1)},${y(0)}`;
  const total = synced.reduce((a, b) => a + b, 0);
  const totalFailed = failed.reduce((a, b) => a + b, 0);
  return svg(
    'svg',
    { viewBox: `0 0 ${W} ${H}`, class: 'chart', role: 'img', 'aria-label': t('chart.throughputLabel', { synced: total, failed: totalFailed, minutes: n }), 'data-synced': total, 'data-failed': totalFailed },
    svg('line', { x1: PAD.left, x2: W - PAD.right, y1: y(top), y2: y(top), class: 'grid' }),
    svg('line', { x1: PAD.left, x2: W - PAD.right, y1: y(top / 2), y2: y(top / 2), class: 'grid' }),
    svg('line', { x1: PAD.left, x2: W - PAD.right, y1: y(0), y2: y(0), class: 'axis' }),
    svg('text', { x: PAD.left - 4, y: y(top) + 4, class: 'tick', 'text-anchor': 'end' }, formatNumber(top)),
    svg('text', { x: PAD.left - 4, y: y(0) + 4, class: 'tick', 'text-anchor': 'end' }, '0'),
    svg('text', { x: PAD.left, y: H - 4, class: 'tick' }, formatTime(from)),
    svg('text', { x: W - PAD.right, y: H - 4, class: 'tick', 'text-anchor': 'end' }, formatTime(to)),
    svg('polygon', { points: area, class: 'synced-area' }),
    svg('polyline', { points: line, class: 'synced-line' }),
    failed.map((v, i) => (v > 0 ? svg('rect', { x: (x(i) - barW / 2).toFixed(1), y: y(v).toFixed(1), width: barW.toFixed(1), height: (y(0) - y(v)).toFixed(1), class: 'failed-bar' }) : null)),
  );
}

/** A horizontal gauge: value of max, turning amber past 70 % and red past 90 %. */
export function gauge(value, max, label) {
  const share = max > 0 ? Math.min(1, Math.max(0, value / max)) : 0;
  const level = share >= 0.9 ? 'high' : share >= 0.7 ? 'mid' : 'low';
  return svg(
    'svg',
    { viewBox: '0 0 200 14', class: `gauge ${level}`, role: 'img', 'aria-label': label, preserveAspectRatio: 'none' },
    svg('rect', { x: 0, y: 0, width: 200, height: 14, rx: 3, class: 'gauge-track' }),
    svg('rect', { x: 0, y: 0, width: (200 * share).toFixed(1), height: 14, rx: 3, class: 'gauge-fill' }),
  );
}

function niceCeil(v) {
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}
