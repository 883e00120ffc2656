// Notices as text, in English or Russian (alerts.language): a subject line and a
// body that says what is wrong, since when, and what to do — the same words on
// every channel.
import type { AlertFacts, Message, Notice, NoticeKind } from './types.ts';

export type Language = 'en' | 'ru';

interface Words {
  readonly kind: Record<NoticeKind, string>;
  readonly entity: (e: string) => string;
  readonly system: (s: string) => string;
  readonly title: (f: AlertFacts) => string;
  readonly clearedTitle: (f: AlertFacts) => string;
  readonly details: (f: AlertFacts) => string;
  readonly fix: (f: AlertFacts) => string;
  readonly since: (iso: string, minutes: number) => string;
  readonly resolvedAfter: (iso: string, minutes: number) => string;
  readonly dashboard: string;
}

const SYSTEM_NAMES: Record<string, string> = { bitrix24: 'Bitrix24', nav: 'NAV' };

const EN: Words = {
  kind: { firing: 'ALERT', reminder: 'STILL FIRING', resolved: 'RESOLVED' },
  entity: (e) => e,
  system: (s) => SYSTEM_NAMES[s] ?? s,
  title: (f) => {
    switch (f.rule) {
      case 'deadLetters':
        return `${f.count} ${f.entity} dead-lettered in ${f.withinMinutes} min`;
      case 'lag':
        return `${f.entity} sync lags by ${Math.max(f.queueMinutes ?? 0, ...f.scans.map((s) => s.minutes))} min`;
      case 'unreachable':
        return `${EN.system(f.system)} unreachable for ${f.minutes} min`;
      case 'conflicts':
        return `${f.count} ${f.entity} conflict${f.count === 1 ? '' : 's'} waiting ${f.oldestMinutes} min`;
      case 'tokenRefresh':
        return 'Bitrix24 OAuth token refresh failing';
    }
  },
  clearedTitle: (f) => {
    switch (f.rule) {
      case 'deadLetters':
        return `no new ${f.entity} dead letters`;
      case 'lag':
        return `${f.entity} sync caught up`;
      case 'unreachable':
        return `${EN.system(f.system)} answers again`;
      case 'conflicts':
        return `no ${f.entity} conflict waits longer than ${f.thresholdMinutes} min`;
      case 'tokenRefresh':
        return 'Bitrix24 OAuth token refreshed';
    }
  },
  details: (f) => {
    switch (f.rule) {
      case 'deadLetters':
        return `${f.count} ${f.entity} record(s) failed for good in the last ${f.withinMinutes} minutes (the alert fires at ${f.threshold}).`;
      case 'lag': {
        const parts = [
          ...(f.queueMinutes === null ? [] : [`the oldest queued change has waited ${f.queueMinutes} min`]),
          ...f.scans.map((s) => `no change scan of ${EN.system(s.side)} has worked for ${s.minutes} min`),
        ];
        return `${f.entity}: ${parts.join('; ')} (the alert fires above ${f.thresholdMinutes} min).`;
      }
      case 'unreachable':
        return `Calls to ${EN.system(f.system)} have failed for ${f.minutes} min without an answer: ${f.code}${f.message ? ` — ${f.message}` : ''}.`;
      case 'conflicts':
        return `${f.count} ${f.entity} record(s) changed on both sides wait for an operator; the oldest for ${f.oldestMinutes} min (the alert fires after ${f.thresholdMinutes} min).`;
      case 'tokenRefresh':
        return `The last OAuth refresh failed: ${f.code}${f.message ? ` — ${f.message}` : ''}. Calls to Bitrix24 fail until it works.`;
    }
  },
  fix: (f) => {
    switch (f.rule) {
      case 'deadLetters':
        return 'Open the dead letters, read each system message, fix the record or the mapping, then retry.';
      case 'lag':
        return 'Check that both systems answer and that the workers run (b24nav status); a failing scan is in the service log.';
      case 'unreachable':
        return `Check the network, ${EN.system(f.system)}'s service and the credentials in the config; b24nav keeps retrying and catches up by itself.`;
      case 'conflicts':
        return 'Open the conflicts and choose a side for each field.';
      case 'tokenRefresh':
        return 'If the refresh was refused, authorize the application again and restart b24nav; if it could not connect, check the network.';
    }
  },
  since: (iso, m) => `Firing since ${iso} (${m} min).`,
  resolvedAfter: (iso, m) => `It had fired since ${iso} (${m} min).`,
  dashboard: 'Dashboard',
};

const RU_ENTITIES: Record<string, string> = { customers: 'клиенты', contacts: 'контакты', products: 'товары', orders: 'заказы', invoices: 'счета', stock: 'остатки' };

const RU: Words = {
  kind: { firing: 'ТРЕВОГА', reminder: 'ВСЁ ЕЩЁ', resolved: 'ВОССТАНОВЛЕНО' },
  entity: (e) => RU_ENTITIES[e] ?? e,
  system: (s) => SYSTEM_NAMES[s] ?? s,
  title: (f) => {
    switch (f.rule) {
      case 'deadLetters':
        return `${RU.entity(f.entity)}: ${f.count} записей с ошибкой за ${f.withinMinutes} мин`;
      case 'lag':
        return `${RU.entity(f.entity)}: отставание синхронизации ${Math.max(f.queueMinutes ?? 0, ...f.scans.map((s) => s.minutes))} мин`;
      case 'unreachable':
        return `нет связи с ${RU.system(f.system)} ${f.minutes} мин`;
      case 'conflicts':
        return `${RU.entity(f.entity)}: конфликтов ждут решения — ${f.count}, дольше всех ${f.oldestMinutes} мин`;
      case 'tokenRefresh':
        return 'не обновляется OAuth-токен Bitrix24';
    }
  },
  clearedTitle: (f) => {
    switch (f.rule) {
      case 'deadLetters':
        return `${RU.entity(f.entity)}: новых записей с ошибкой нет`;
      case 'lag':
        return `${RU.entity(f.entity)}: синхронизация догнала`;
      case 'unreachable':
        return `${RU.system(f.system)} снова отвечает`;
      case 'conflicts':
        return `${RU.entity(f.entity)}: нет конфликтов старше ${f.thresholdMinutes} мин`;
      case 'tokenRefresh':
        return 'OAuth-токен Bitrix24 обновлён';
    }
  },
  details: (f) => {
    switch (f.rule) {
      case 'deadLetters':
        return `${RU.entity(f.entity)}: ${f.count} записей не удалось синхронизировать за последние ${f.withinMinutes} мин (порог — ${f.threshold}).`;
      case 'lag': {
        const parts = [
          ...(f.queueMinutes === null ? [] : [`самое старое изменение ждёт в очереди ${f.queueMinutes} мин`]),
          ...f.scans.map((s) => `чтение изменений из ${RU.system(s.side)} не удаётся ${s.minutes} мин`),
        ];
        return `${RU.entity(f.entity)}: ${parts.join('; ')} (порог — ${f.thresholdMinutes} мин).`;
      }
      case 'unreachable':
        return `Вызовы ${RU.system(f.system)} ${f.minutes} мин остаются без ответа: ${f.code}${f.message ? ` — ${f.message}` : ''}.`;
      case 'conflicts':
        return `${RU.entity(f.entity)}: ${f.count} записей изменены в обеих системах и ждут оператора; самая старая — ${f.oldestMinutes} мин (порог — ${f.thresholdMinutes} мин).`;
      case 'tokenRefresh':
        return `Последнее обновление OAuth-токена не удалось: ${f.code}${f.message ? ` — ${f.message}` : ''}. Пока токен не обновлён, вызовы Bitrix24 не проходят.`;
    }
  },
  fix: (f) => {
    switch (f.rule) {
      case 'deadLetters':
        return 'Откройте список ошибок, прочтите сообщение системы, исправьте запись или сопоставление полей и повторите.';
      case 'lag':
        return 'Проверьте, что обе системы отвечают и обработчики работают (b24nav status); ошибка чтения — в журнале сервиса.';
      case 'unreachable':
        return `Проверьте сеть, службу ${RU.system(f.system)} и учётные данные в конфигурации; b24nav повторяет попытки и догонит сам.`;
      case 'conflicts':
        return 'Откройте конфликты и выберите сторону для каждого поля.';
      case 'tokenRefresh':
        return 'Если обновление отклонено — авторизуйте приложение заново и перезапустите b24nav; если не было связи — проверьте сеть.';
    }
  },
  since: (iso, m) => `Началось ${iso} (${m} мин назад).`,
  resolvedAfter: (iso, m) => `Длилось с ${iso} (${m} мин).`,
  dashboard: 'Панель',
};

const WORDS: Record<Language, Words> = { en: EN, ru: RU };

function stamp(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

export function formatNotice(notice: Notice, language: Language, dashboardUrl?: string): Message {
  const w = WORDS[language];
  const f = notice.alert.facts;
  const minutes = Math.max(0, Math.floor((notice.at - notice.since) / 60_000));
  const resolved = notice.kind === 'resolved';
  const subject = `[b24nav] ${w.kind[notice.kind]}: ${resolved ? w.clearedTitle(f) : w.title(f)}`;
  const lines = resolved ? [w.resolvedAfter(stamp(notice.since), minutes)] : [w.details(f), w.fix(f), w.since(stamp(notice.since), minutes)];
  if (dashboardUrl) lines.push(`${w.dashboard}: ${dashboardUrl}`);
  return { subject, text: lines.join('\n') };
}
