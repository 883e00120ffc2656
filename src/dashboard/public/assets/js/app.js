// The dashboard shell: who is signed in, the navigation, the language switch, the
// live stream and a hash router (#/page/param/...) over the page modules.
import { api, setCsrf } from './api.js';
import { clear, h } from './dom.js';
import { formatTime, initI18n, setUpLanguageSelect, t, translateStatic } from './i18n.js';
import budget from './pages/budget.js';
import conflicts from './pages/conflicts.js';
import deadLetters from './pages/dead-letters.js';
import history from './pages/history.js';
import mapping from './pages/mapping.js';
import overview from './pages/overview.js';
import runs from './pages/runs.js';

const PAGES = [
  { id: 'overview', key: 'nav.overview', page: overview },
  { id: 'runs', key: 'nav.runs', page: runs },
  { id: 'dead-letters', key: 'nav.deadLetters', page: deadLetters },
  { id: 'conflicts', key: 'nav.conflicts', page: conflicts },
  { id: 'history', key: 'nav.history', page: history },
  { id: 'budget', key: 'nav.budget', page: budget },
  { id: 'mapping', key: 'nav.mapping', page: mapping },
];

const state = { user: null, snapshot: null, current: null, live: 'connecting', updatedAt: null };

export function navigate(...parts) {
  location.hash = `#/${parts.map((p) => encodeURIComponent(String(p))).join('/')}`;
}

function parseHash() {
  const parts = location.hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  return { id: parts[0] ?? 'overview', params: parts.slice(1) };
}

function renderNav(active) {
  const nav = clear(document.getElementById('nav'));
  for (const p of PAGES) {
    nav.append(h('a', { href: `#/${p.id}`, class: p.id === active ? 'active' : null, 'aria-current': p.id === active ? 'page' : null, 'data-page': p.id }, t(p.key)));
  }
}

function renderUser() {
  const el = clear(document.getElementById('user'));
  el.append(h('span', { class: 'user-name' }, state.user.name), ' ', h('span', { class: `role role-${state.user.role}` }, t(`role.${state.user.role}`)));
}

function renderLive() {
  const el = clear(document.getElementById('live'));
  el.className = `live live-${state.live}`;
  el.append(h('span', { class: 'dot', 'aria-hidden': 'true' }), ' ', t(`live.${state.live}`));
  // The time alone keeps the header on one line; the full sentence is the tooltip.
  if (state.updatedAt) {
    el.append(' · ', formatTime(state.updatedAt));
    el.title = t('live.updatedAt', { time: formatTime(state.updatedAt) });
  }
}

/** A short message at the top of the page: success of an action or its error. */
export function notice(text, kind = 'ok') {
  const area = document.getElementById('notices');
  const el = h('div', { class: `notice notice-${kind}`, role: kind === 'error' ? 'alert' : 'status' }, text);
  area.append(el);
  setTimeout(() => el.remove(), kind === 'error' ? 12_000 : 5_000);
}

function route() {
  const { id, params } = parseHash();
  const entry = PAGES.find((p) => p.id === id) ?? PAGES[0];
  state.current?.dispose?.();
  renderNav(entry.id);
  const root = clear(document.getElementById('page'));
  root.dataset.page = entry.id;
  document.title = `${t(entry.key)} · ${t('app.name')}`;
  state.current = entry.page({ root, params, user: state.user, snapshot: state.snapshot, canChange: state.user.role === 'admin', navigate, notice }) ?? {};
}

function startLive() {
  const source = new EventSource('/api/events');
  source.addEventListener('open', () => {
    state.live = 'on';
    renderLive();
  });
  source.addEventListener('snapshot', (event) => {
    state.snapshot = JSON.parse(event.data);
    state.live = 'on';
    state.updatedAt = new Date();
    renderLive();
    state.current?.onSnapshot?.(state.snapshot);
  });
  source.addEventListener('action', () => state.current?.onAction?.());
  source.addEventListener('signed-out', () => {
    source.close();
    location.assign('/login');
  });
  source.addEventListener('error', () => {
    state.live = 'reconnecting';
    renderLive();
  });
}

async function main() {
  await initI18n();
  translateStatic();
  const session = await api.get('/api/auth/session');
  state.user = session.user;
  setCsrf(session.csrfToken);
  setUpLanguageSelect(document.getElementById('lang'), () => {
    renderUser();
    renderLive();
    route();
  });
  renderUser();
  renderLive();
  document.getElementById('logout').addEventListener('click', async () => {
    try {
      await api.post('/api/auth/logout');
    } finally {
      location.assign('/login');
    }
  });
  window.addEventListener('hashchange', route);
  route();
  startLive();
}

main().catch((error) => {
  const root = clear(document.getElementById('page'));
  root.append(h('p', { class: 'error', role: 'alert' }, String(error.message ?? error)));
});
