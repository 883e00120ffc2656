// The field map as config gives it (one list per entity kind), and its validation into
// compiled entries. Every problem names the entry by its config path and says what is
// expected, so `b24nav check` can print it as is (DESIGN.md §4).
import { NORMALIZE_KINDS, type NormalizeKind } from './normalize.ts';
import { quote } from './outcome.ts';
import type { CountryCode } from './phone.ts';
import { isFieldValue, otherSide, sideLabel, SIDES, type FieldValue, type SideName } from './record.ts';
import { compileTransform, type Step, type TransformContext, type ValueMap } from './transforms.ts';

export type Direction = 'both' | 'b24_to_nav' | 'nav_to_b24';

export const DIRECTIONS: readonly Direction[] = ['both', 'b24_to_nav', 'nav_to_b24'];

/** A transform as written in config: 'trim', 'join:; ', 'map:users'. */
export type TransformSpec = string;

export interface FieldMapEntry {
  /** Canonical field name: `name`, `inn`, `phone`, `creditLimit`. */
  readonly name: string;
  /** Side field paths; an entry may exist on one side only, written from its default. */
  readonly b24?: string;
  readonly nav?: string;
  readonly direction: Direction;
  /** Who wins when both sides changed the field (overrides the entity owner under 'merge' and 'latest'). */
  readonly owner?: SideName;
  readonly fromB24?: readonly TransformSpec[];
  readonly toB24?: readonly TransformSpec[];
  readonly fromNav?: readonly TransformSpec[];
  readonly toNav?: readonly TransformSpec[];
  /** The canonical form used to compare and hash; 'text' when not given. */
  readonly normalize?: NormalizeKind;
  /** Written when the source has no value (null, blank, empty list). */
  readonly default?: FieldValue;
  readonly navMaxLength?: number;
  readonly b24MaxLength?: number;
  /** What to do with a text longer than the side allows; 'fail' when not given. */
  readonly onTooLong?: 'fail' | 'truncate';
}

export interface FieldMapOptions {
  /** Region for phone numbers without a country code, e.g. 'RU'. */
  readonly defaultRegion?: CountryCode | undefined;
  /** Config path of the entry list, for problems: 'entities.customers.fields'. */
  readonly path?: string;
}

export interface ConfigProblem {
  readonly path: string;
  readonly message: string;
}

export interface CompiledEntry {
  readonly name: string;
  readonly paths: Readonly<Record<SideName, string | undefined>>;
  readonly direction: Direction;
  readonly owner: SideName | undefined;
  /** side → canonical (fromB24 / fromNav). */
  readonly read: Readonly<Record<SideName, readonly Step[]>>;
  /** canonical → side (toB24 / toNav). */
  readonly write: Readonly<Record<SideName, readonly Step[]>>;
  readonly normalize: NormalizeKind;
  readonly default: FieldValue | undefined;
  readonly maxLength: Readonly<Record<SideName, number | undefined>>;
  readonly onTooLong: 'fail' | 'truncate';
}

/** Whether the direction lets a value flow from `side` to the other side. */
export function flowsFrom(direction: Direction, side: SideName): boolean {
  return direction === 'both' || direction === `${side}_to_${otherSide(side)}`;
}

/** Whether an entry's value may be written to `side`. */
export function writesTo(entry: CompiledEntry, side: SideName): boolean {
  return entry.paths[side] !== undefined && flowsFrom(entry.direction, otherSide(side));
}

/** Entries with a path on both sides are compared and hashed; one-sided ones only carry a default. */
export function isCompared(entry: CompiledEntry): boolean {
  return entry.paths.b24 !== undefined && entry.paths.nav !== undefined;
}

const CHAIN_KEYS = {
  read: { b24: 'fromB24', nav: 'fromNav' },
  write: { b24: 'toB24', nav: 'toNav' },
} as const;

const LENGTH_KEYS = { b24: 'b24MaxLength', nav: 'navMaxLength' } as const;

type Report = (path: string, message: string) => void;

export function compileEntries(
  entries: readonly FieldMapEntry[],
  valueMaps: Readonly<Record<string, ValueMap>>,
  options: FieldMapOptions,
): { entries: CompiledEntry[]; problems: ConfigProblem[] } {
  const problems: ConfigProblem[] = [];
  const compiled: CompiledEntry[] = [];
  const names = new Map<string, string>();
  const written: Record<SideName, Map<string, string>> = { b24: new Map(), nav: new Map() };
  const ctx: TransformContext = { valueMaps, defaultRegion: options.defaultRegion };
  entries.forEach((entry, index) => {
    // Named by the entry's name where it has one: config entries are merged with the defaults,
    // so a position would not be the position in the user's file.
    const named = typeof entry.name === 'string' && entry.name.trim() !== '' && entries.filter((e) => e.name === entry.name).length === 1;
    const at = named ? `${options.path ?? 'fields'}[name=${entry.name}]` : `${options.path ?? 'fields'}[${index}]`;
    const before = problems.length;
    const report: Report = (path, message) => {
      problems.push({ path, message });
    };
    const previous = names.get(entry.name);
    if (previous !== undefined) report(`${at}.name`, `"${entry.name}" is already mapped by ${previous}; each canonical field is mapped once`);
    else names.set(entry.name, at);
    checkSettings(entry, at, report);
    checkPaths(entry, at, report);
    const chains = compileChains(entry, at, ctx, report);
    claimWrittenPaths(entry, at, written, report);
    if (problems.length > before) return;
    compiled.push({
      name: entry.name,
      paths: { b24: entry.b24, nav: entry.nav },
      direction: entry.direction,
      owner: entry.owner,
      read: chains.read,
      write: chains.write,
      normalize: entry.normalize ?? 'text',
      default: entry.default,
      maxLength: { b24: entry.b24MaxLength, nav: entry.navMaxLength },
      onTooLong: entry.onTooLong ?? 'fail',
    });
  });
  return { entries: compiled, problems };
}

/** The entry's own settings: name, direction, owner, normalize, onTooLong, default. */
function checkSettings(entry: FieldMapEntry, at: string, report: Report): void {
  if (typeof entry.name !== 'string' || entry.name.trim() === '') report(`${at}.name`, 'expected a canonical field name, e.g. "inn"');
  if (!DIRECTIONS.includes(entry.direction)) report(`${at}.direction`, `expected one of ${DIRECTIONS.join(', ')}, got ${quote(entry.direction)}`);
  if (entry.owner !== undefined && !SIDES.includes(entry.owner)) report(`${at}.owner`, `expected b24 or nav, got ${quote(entry.owner)}`);
  if (entry.normalize !== undefined && !NORMALIZE_KINDS.includes(entry.normalize)) report(`${at}.normalize`, `expected one of ${NORMALIZE_KINDS.join(', ')}, got ${quote(entry.normalize)}`);
  if (entry.onTooLong !== undefined && entry.onTooLong !== 'fail' && entry.onTooLong !== 'truncate') report(`${at}.onTooLong`, `expected fail or truncate, got ${quote(entry.onTooLong)}`);
  if (entry.default !== undefined && !isFieldValue(entry.default)) report(`${at}.default`, 'expected text, a number, true/false, null or a list of those');
}

/** Side paths and their length limits; a one-sided entry must flow to its side and have a default. */
function checkPaths(entry: FieldMapEntry, at: string, report: Report): void {
  const paths: Record<SideName, string | undefined> = { b24: entry.b24, nav: entry.nav };
  for (const side of SIDES) {
    const path = paths[side];
    if (path !== undefined && (typeof path !== 'string' || path.trim() === '')) report(`${at}.${side}`, `expected the ${sideLabel(side)} field path, e.g. ${side === 'b24' ? 'TITLE' : 'Name'}`);
    const max = entry[LENGTH_KEYS[side]];
    if (max !== undefined && (!Number.isInteger(max) || max < 1)) report(`${at}.${LENGTH_KEYS[side]}`, `expected a whole number of characters, at least 1, got ${quote(max)}`);
    if (max !== undefined && path === undefined) report(`${at}.${LENGTH_KEYS[side]}`, `the entry has no ${side} path to limit`);
  }
  if (paths.b24 === undefined && paths.nav === undefined) {
    report(at, 'expected a b24 path, a nav path, or both');
    return;
  }
  const lone = paths.b24 === undefined ? 'nav' : paths.nav === undefined ? 'b24' : undefined;
  if (lone === undefined || !DIRECTIONS.includes(entry.direction)) return;
  if (!flowsFrom(entry.direction, otherSide(lone))) {
    const flow = entry.direction === 'b24_to_nav' ? 'Bitrix24 → NAV' : 'NAV → Bitrix24';
    report(`${at}.direction`, `the entry has only a ${lone} path, so nothing can flow ${flow}; add a ${otherSide(lone)} path or set direction ${otherSide(lone)}_to_${lone}`);
  }
  if (entry.default === undefined) report(`${at}.default`, `the entry has only a ${lone} path, so its value comes from its default: give it one`);
}

function compileChains(
  entry: FieldMapEntry,
  at: string,
  ctx: TransformContext,
  report: Report,
): { read: Record<SideName, Step[]>; write: Record<SideName, Step[]> } {
  const chains = { read: { b24: [] as Step[], nav: [] as Step[] }, write: { b24: [] as Step[], nav: [] as Step[] } };
  for (const kind of ['read', 'write'] as const) {
    for (const side of SIDES) {
      const key = CHAIN_KEYS[kind][side];
      const specs: unknown = entry[key];
      if (specs === undefined) continue;
      if (!Array.isArray(specs)) {
        report(`${at}.${key}`, 'expected a list of transforms, e.g. [trim, upper]');
        continue;
      }
      if (entry[side] === undefined && specs.length > 0) report(`${at}.${key}`, `the entry has no ${side} path to transform`);
      specs.forEach((spec: unknown, j) => {
        const step = typeof spec === 'string' ? compileTransform(spec, ctx) : { ok: false as const, problem: `expected a transform name, got ${quote(spec)}` };
        if (step.ok) chains[kind][side].push(step.value);
        else report(`${at}.${key}[${j}]`, step.problem);
      });
    }
  }
  return chains;
}

/** Two entries writing one side field would overwrite each other. */
function claimWrittenPaths(entry: FieldMapEntry, at: string, written: Record<SideName, Map<string, string>>, report: Report): void {
  if (!DIRECTIONS.includes(entry.direction)) return;
  for (const side of SIDES) {
    const path = entry[side];
    if (path === undefined || !flowsFrom(entry.direction, otherSide(side))) continue;
    const other = written[side].get(path);
    if (other !== undefined) report(`${at}.${side}`, `${sideLabel(side)} field ${path} is already written by ${other}; two entries writing one field would overwrite each other`);
    else written[side].set(path, at);
  }
}
