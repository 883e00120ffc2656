// Alerts: rules over the store and the telemetry (dead-letter growth, lag, a
// system unreachable, conflicts waiting, OAuth refresh failing), deduplicated
// into firing / reminder / resolved notices, delivered to Bitrix24 users, e-mail,
// Telegram and a webhook — or only to the log. Configured under `alerts:`.
export { AlertService, type AlertServiceDeps } from './service.ts';
export { AlertTracker, type FiringAlert } from './tracker.ts';
export { Notifier, MAX_ATTEMPTS, type Delivery } from './notifier.ts';
export { formatNotice, type Language } from './format.ts';
export { RULE_FUNCTIONS, type Rule, type RuleInputs, type Watch } from './rules.ts';
export { createChannels, bitrix24Channel, emailChannel, telegramChannel, webhookChannel, webhookPayload, type B24Caller } from './channels/index.ts';
export { RULES, type Alert, type AlertFacts, type Channel, type Message, type Notice, type NoticeKind, type RuleName, type Severity } from './types.ts';
