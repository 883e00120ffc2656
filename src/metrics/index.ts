// Telemetry of one b24nav service: Prometheus metrics (names prefixed b24nav_,
// listed in docs/configuration.md#metrics) in a Registry of its own, the API
// budget view, and what the alerts watch — whether Bitrix24 and NAV answer, how
// OAuth refreshes went, when each change scan last worked.
export { Telemetry, type Budget, type TelemetryOptions, type TelemetrySources } from './telemetry.ts';
export { isNavCallError, CALL_DURATION_BUCKETS, type B24Source } from './client-metrics.ts';
export { SYNC_LATENCY_BUCKETS } from './engine-metrics.ts';
export { LatencyWindow, type LatencySummary } from './latency-window.ts';
export { isOutage, Reachability, SYSTEMS, TokenRefreshLog, type LastError, type SystemState, type TokenRefreshState, type WatchedSystem } from './reachability.ts';
export { ScanLog, type ScanState } from './scan-log.ts';
export { parseExposition, type Sample } from './exposition.ts';
