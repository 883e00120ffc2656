// src/core: the pure domain of b24nav — no I/O. Records and their canonical form,
// field mapping, hashing, diff, conflict policies, match keys, exact money; and the
// shared plumbing every module uses (failures and their codes, clock, backoff, random,
// logging interface, redaction).

// Plumbing
export { backoffDelay, decideRetry, DEFAULT_BACKOFF, type BackoffPolicy, type RetryDecision } from './backoff.ts';
export { FakeClock, systemClock, type Clock } from './clock.ts';
export { ERROR_CODES, type ErrorCode, type ErrorCodeInfo } from './error-codes.ts';
export { isSyncError, SyncError, type FailureKind, type SyncErrorOptions, type SystemName } from './failure.ts';
export { silentLogger, type LogFn, type Logger } from './log.ts';
export { pick, randomInt, seededRandom, type Random } from './random.ts';
export { Redactor } from './redact.ts';
export { fail, ok, type Outcome } from './outcome.ts';

// Records
export {
  fieldValueEquals, isEmptyValue, isFieldValue, otherSide, sideLabel, SIDES, valueAt,
  type CanonicalRecord, type FieldValue, type SideName, type SideRecord,
} from './record.ts';

// Canonical forms
export { canonicalForm, NORMALIZE_KINDS, normalizeCode, normalizeText, parseBool, type NormalizeKind, type NormalizeOptions } from './normalize.ts';
export { normalizePhone, phoneMatchKey, type CountryCode, type NormalizedPhone } from './phone.ts';
export { normalizeEmail, type NormalizedEmail } from './email.ts';
export { checkInn, normalizeInn, normalizeVat, type InnCheck } from './tax-id.ts';
export { parseCalendarDate, parseTimeSpan, type TimeSpan } from './date.ts';
export { decimalToNumber, decimalToString, parseDecimal, roundDecimal, type Decimal } from './decimal.ts';

// Hashing and diff
export { canonicalJson, hashCanonical } from './hash.ts';
export { applyDiff, diff, isEmptyDiff, type FieldChange, type FieldDiff, type SameValue } from './diff.ts';

// Field mapping
export {
  DIRECTIONS, type ConfigProblem, type Direction, type FieldMapEntry, type FieldMapOptions, type TransformSpec,
} from './field-map-config.ts';
export {
  compileFieldMap,
  type CompileFieldMapResult, type FieldError, type FieldMap, type FieldProblemCode, type MappedCanonical, type MappedSide, type PolicyFields,
} from './field-map.ts';
export { TRANSFORM_USAGE, type ValueMap } from './transforms.ts';

// Sync decisions
export {
  CONFLICT_POLICIES, laterSide, resolveConflict,
  type ConflictInput, type ConflictPolicy, type ConflictResult, type FieldDecision, type ParkedField, type Winner,
} from './conflict.ts';
export {
  decideMatch, matchKeys, matchKeySpec, matchValue,
  type MatchCandidates, type MatchDecision, type MatchKeySpec, type MatchKind, type MatchLookup, type MatchOptions,
} from './match.ts';

// Money
export {
  addMoney, excludeVat, moneyFromDecimal, moneyToDecimal, moneyToNumber, moneyToString, multiplyMoney, parseMoney, percentOf,
  salesLineAmounts, subtractMoney,
  type DecimalInput, type Money, type SalesLineAmounts, type SalesLineInput,
} from './money.ts';
