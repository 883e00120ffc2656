// Two dictionaries, English and Russian (assets/i18n/*.json), the same keys in
// both (a test checks). The default is the language the server read from the
// browser's Accept-Language (<html lang>); a choice made in the page is kept.
const STORAGE_KEY = 'b24nav.lang';
export const LANGUAGES = ['ru', 'en'];
let lang = 'en';
let dict = {};

export function currentLanguage() {
  return lang;
}

function chosen() {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (LANGUAGES.includes(saved)) return saved;
  } catch {
    // storage may be off; the page default still works
  }
  const fromServer = document.documentElement.lang;
  return LANGUAGES.includes(fromServer) ? fromServer : 'en';
}

async function load(next) {
  const res = await fetch(`/assets/i18n/${next}.json`, { credentials: 'same-origin' });
  if (!res.ok) throw new Error(`dictionary ${next}: HTTP ${res.status}`);
  dict = await res.json();
  lang = next;
  document.documentElement.lang = next;
}

export async function initI18n() {
  await load(chosen());
}

export async function setLanguage(next) {
  if (!LANGUAGES.includes(next)) return;
  try {
    localStorage.setItem(STORAGE_KEY, next);
  } catch {
    // not kept across reloads then
  }
  await load(next);
}

/** The text of `key` with {name} placeholders filled from `vars`. */
export function t(key, vars = {}) {
  const text = dict[key];
  if (typeof text !== 'string') {
    console.warn(`i18n: no text for ${key}`);
    return key;
  }
  return text.replace(/\{(\w+)\}/g, (_, name) => (name in vars ? String(vars[name]) : `{${name}}`));
}

/** The text of `key` if the dictionary has it, else `fallback` (codes that come from data). */
export function tOr(key, fallback) {
  return typeof dict[key] === 'string' ? t(key) : fallback;
}

/** Fills every element with data-i18n="key" (text) and data-i18n-placeholder / data-i18n-title / data-i18n-aria-label. */
export function translateStatic(root = document) {
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll('[data-i18n-placeholder]')) el.setAttribute('placeholder', t(el.dataset.i18nPlaceholder));
  for (const el of root.querySelectorAll('[data-i18n-title]')) el.setAttribute('title', t(el.dataset.i18nTitle));
  for (const el of root.querySelectorAll('[data-i18n-aria-label]')) el.setAttribute('aria-label', t(el.dataset.i18nAriaLabel));
}

export function formatNumber(n, options = {}) {
  return typeof n === 'number' && Number.isFinite(n) ? new Intl.NumberFormat(lang, options).format(n) : '—';
}

export function formatDateTime(date) {
  return date ? new Intl.DateTimeFormat(lang, { dateStyle: 'short', timeStyle: 'medium' }).format(date) : '—';
}

export function formatTime(date) {
  return date ? new Intl.DateTimeFormat(lang, { hour: '2-digit', minute: '2-digit' }).format(date) : '—';
}

/** 75 → "1 min 15 s" in the current language. */
export function formatDuration(seconds) {
  if (typeof seconds !== 'number' || !Number.isFinite(seconds)) return '—';
  const s = Math.round(seconds);
  if (s < 60) return t('unit.seconds', { n: s });
  const m = Math.floor(s / 60);
  if (m < 60) return t('unit.minutesSeconds', { m, s: s % 60 });
  return t('unit.hoursMinutes', { h: Math.floor(m / 60), m: m % 60 });
}

/** Fills the language <select> and switches language on change; `redraw` renders what the page shows anew. */
export function setUpLanguageSelect(select, redraw = () => {}) {
  select.replaceChildren(
    ...LANGUAGES.map((lang) => {
      const option = document.createElement('option');
      option.value = lang;
      option.selected = lang === currentLanguage();
      option.textContent = t(`lang.${lang}`);
      return option;
    }),
  );
  select.onchange = async () => {
    await setLanguage(select.value);
    translateStatic();
    setUpLanguageSelect(select, redraw);
    redraw();
  };
}
