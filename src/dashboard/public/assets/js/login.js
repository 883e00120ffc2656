// The sign-in page: name and password to /api/auth/login, then to the dashboard.
import { api, ApiError } from './api.js';
import { clear } from './dom.js';
import { initI18n, setUpLanguageSelect, t, translateStatic } from './i18n.js';

async function main() {
  await initI18n();
  translateStatic();
  setUpLanguageSelect(document.getElementById('lang'));
  const form = document.getElementById('login');
  const message = document.getElementById('message');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clear(message);
    const data = new FormData(form);
    const button = form.querySelector('button');
    button.disabled = true;
    try {
      await api.post('/api/auth/login', { name: String(data.get('name') ?? ''), password: String(data.get('password') ?? '') });
      location.assign('/');
    } catch (error) {
      const key = error instanceof ApiError && error.code === 'TOO_MANY_ATTEMPTS' ? 'login.tooMany' : error instanceof ApiError && error.code === 'SIGN_IN_FAILED' ? 'login.failed' : null;
      message.append(key ? t(key) : `${t('error.generic')}: ${error.message}`);
    } finally {
      button.disabled = false;
    }
  });
}

void main();
