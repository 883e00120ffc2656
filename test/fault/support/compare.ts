// The checks of the fault suite: a run under kills or faults ends in the state of
// the fault-free run — the same records on both sides, the same links, the same
// explanation for every record not linked — with no duplicate by match keys or by
// external id, no broken link, no create left half-done and no work left over.
import { listJobs, listLinks, type Store } from '../../../src/store/index.ts';
import { KINDS, type Kind, type Normalized, type RecordView, type Side } from './normalize.ts';

export interface StoreView {
  readonly links: ReadonlyArray<{ entity: string; state: string; b24Id: string | null; navKey: string | null }>;
  /** Dead-lettered jobs: what failed for good, and the error code. */
  readonly dead: ReadonlyArray<{ entity: string; source: string; recordId: string; code: string }>;
  /** Jobs still pending, running or waiting for a retry. */
  readonly active: number;
}

export async function readStore(store: Store): Promise<StoreView> {
  const links: Array<StoreView['links'][number]> = [];
  for (const entity of ['customers', 'contacts', 'products']) {
    for (const l of await listLinks(store.db, entity, { limit: 1_000_000 })) links.push({ entity, state: l.state, b24Id: l.b24Id, navKey: l.navKey });
  }
  const dead: Array<StoreView['dead'][number]> = [];
  let active = 0;
  for (let after = 0; ; ) {
    const page = await listJobs(store.db, { limit: 1000, after });
    if (page.length === 0) break;
    for (const j of page) {
      if (j.state === 'dead') dead.push({ entity: j.entity, source: j.source, recordId: j.recordId, code: j.lastError?.code ?? 'UNKNOWN' });
      if (j.state === 'pending' || j.state === 'running' || j.state === 'retry') active++;
    }
    after = page[page.length - 1]?.id ?? after;
  }
  return { links, dead, active };
}

export interface RunView {
  readonly systems: Normalized;
  readonly store: StoreView;
}

export interface Check {
  readonly name: string;
  readonly ok: boolean;
  /** What was counted, or what differs. */
  readonly detail: string;
}

/** Where records of a kind flow from, per the suite's config (products: NAV → B24). */
const SOURCES: Readonly<Record<Exclude<Kind, 'sections'>, readonly Side[]>> = { customers: ['b24', 'nav'], contacts: ['b24', 'nav'], products: ['nav'] };
const SYNCED: ReadonlyArray<Exclude<Kind, 'sections'>> = ['customers', 'contacts', 'products'];

function multiset(values: readonly string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const v of values) m.set(v, (m.get(v) ?? 0) + 1);
  return m;
}

/** Up to `limit` lines of what only one side has. */
function difference(expected: readonly string[], actual: readonly string[], limit = 6): { ok: boolean; lines: string[] } {
  const e = multiset(expected);
  const a = multiset(actual);
  const lines: string[] = [];
  for (const [v, n] of e) if ((a.get(v) ?? 0) < n) lines.push(`missing ${n - (a.get(v) ?? 0)}× ${v}`);
  for (const [v, n] of a) if ((e.get(v) ?? 0) < n) lines.push(`extra ${n - (e.get(v) ?? 0)}× ${v}`);
  return { ok: lines.length === 0, lines: lines.slice(0, limit).concat(lines.length > limit ? [`… ${lines.length - limit} more`] : []) };
}

function recordLines(run: RunView, side: Side, kind: Kind): string[] {
  return run.systems.records.filter((r) => r.side === side && r.kind === kind).map((r) => (r.pre ? `${r.origin} ${r.content}` : r.origin));
}

function linkLines(run: RunView, kind: Exclude<Kind, 'sections'>): string[] {
  return run.store.links
    .filter((l) => l.entity === kind)
    .map((l) => `${l.state} ${run.systems.originOf('b24', kind, l.b24Id) ?? (l.b24Id === null ? '-' : `gone:${l.b24Id}`)} ⇄ ${run.systems.originOf('nav', kind, l.navKey) ?? (l.navKey === null ? '-' : `gone:${l.navKey}`)}`);
}

/** Why each source record is where it is: linked, or the link state and dead-letter codes that explain it. */
function explanations(run: RunView, kind: Exclude<Kind, 'sections'>): string[] {
  const out: string[] = [];
  for (const side of SOURCES[kind]) {
    const other: Side = side === 'b24' ? 'nav' : 'b24';
    for (const r of run.systems.records.filter((x) => x.side === side && x.kind === kind)) {
      const link = run.store.links.find((l) => l.entity === kind && (side === 'b24' ? l.b24Id : l.navKey) === r.id);
      const otherId = link ? (other === 'b24' ? link.b24Id : link.navKey) : null;
      const codes = [...new Set(run.store.dead.filter((d) => d.entity === kind && d.source === side && d.recordId === r.id).map((d) => d.code))].sort();
      let why: string;
      if (link?.state === 'active' && run.systems.originOf(other, kind, otherId) !== null) why = 'linked';
      else if (link) why = `${link.state}${codes.length ? ` dead:${codes.join(',')}` : ''}`;
      else if (codes.length) why = `dead:${codes.join(',')}`;
      else why = 'not synced';
      out.push(`${r.origin} ${why}`);
    }
  }
  return out;
}

/** The match keys in effect per kind: b24nav promises no duplicate by these (records differing in the others are different records). */
export type MatchKeys = Readonly<Record<Kind, readonly string[]>>;

/** Records sharing a match-key value with another record on their side, where b24nav created at least one of them. */
function createdDuplicates(run: RunView, matchKeys: MatchKeys): string[] {
  const groups = new Map<string, RecordView[]>();
  for (const r of run.systems.records) {
    for (const k of r.keys) {
      if (!matchKeys[r.kind].includes(k.key)) continue;
      const key = `${r.side} ${r.kind} ${k.key}=${k.value}`;
      groups.set(key, [...(groups.get(key) ?? []), r]);
    }
  }
  return [...groups].filter(([, rs]) => rs.length > 1 && rs.some((r) => !r.pre)).map(([key, rs]) => `${key}: ${rs.map((r) => r.id).join(', ')}`);
}

function externalIdDuplicates(run: RunView): string[] {
  const groups = new Map<string, string[]>();
  for (const r of run.systems.records) {
    if (r.externalId === null) continue;
    const key = `${r.side} ${r.kind} ${r.externalId}`;
    groups.set(key, [...(groups.get(key) ?? []), r.id]);
  }
  return [...groups].filter(([, ids]) => ids.length > 1).map(([key, ids]) => `${key}: ${ids.join(', ')}`);
}

/** Checks that hold for any finished run on their own. */
export function selfChecks(run: RunView, matchKeys: MatchKeys): Check[] {
  const dups = createdDuplicates(run, matchKeys);
  const ext = externalIdDuplicates(run);
  const broken = run.store.links.filter((l) => l.state === 'active' && (run.systems.originOf('b24', l.entity as Kind, l.b24Id) === null || run.systems.originOf('nav', l.entity as Kind, l.navKey) === null));
  const halfDone = run.store.links.filter((l) => l.state.startsWith('creating_'));
  const multi = new Map<string, number>();
  for (const l of run.store.links) for (const [side, id] of [['b24', l.b24Id], ['nav', l.navKey]] as const) if (id !== null) multi.set(`${l.entity} ${side} ${id}`, (multi.get(`${l.entity} ${side} ${id}`) ?? 0) + 1);
  const twice = [...multi].filter(([, n]) => n > 1).map(([k]) => k);
  return [
    { name: 'no duplicate created (match keys)', ok: dups.length === 0, detail: dups.length === 0 ? 'none' : dups.slice(0, 5).join('; ') },
    { name: 'no duplicate external id', ok: ext.length === 0, detail: ext.length === 0 ? 'none' : ext.slice(0, 5).join('; ') },
    { name: 'every active link has both records', ok: broken.length === 0, detail: broken.length === 0 ? `${run.store.links.filter((l) => l.state === 'active').length} links` : broken.slice(0, 5).map((l) => `${l.entity} ${String(l.b24Id)} ⇄ ${String(l.navKey)}`).join('; ') },
    { name: 'a record is in one link at most', ok: twice.length === 0, detail: twice.length === 0 ? 'yes' : twice.slice(0, 5).join('; ') },
    { name: 'no create left half-done', ok: halfDone.length === 0, detail: halfDone.length === 0 ? 'none' : halfDone.slice(0, 5).map((l) => `${l.entity} ${l.state} ${String(l.b24Id ?? l.navKey)}`).join('; ') },
    { name: 'no work left in the queue', ok: run.store.active === 0, detail: `${run.store.active} active jobs` },
  ];
}

/** The run against the fault-free run: same records, same links, same explanations. */
export function compareRuns(baseline: RunView, run: RunView): Check[] {
  const checks: Check[] = [];
  for (const side of ['b24', 'nav'] as const) {
    for (const kind of KINDS) {
      if (side === 'nav' && kind === 'sections') continue;
      const expected = recordLines(baseline, side, kind);
      const d = difference(expected, recordLines(run, side, kind));
      checks.push({ name: `same ${kind} in ${side === 'b24' ? 'Bitrix24' : 'NAV'}`, ok: d.ok, detail: d.ok ? `${expected.length} records` : d.lines.join('\n') });
    }
  }
  for (const kind of SYNCED) {
    const expected = linkLines(baseline, kind);
    const d = difference(expected, linkLines(run, kind));
    checks.push({ name: `same ${kind} links`, ok: d.ok, detail: d.ok ? `${expected.length} links` : d.lines.join('\n') });
  }
  for (const kind of SYNCED) {
    const expected = explanations(baseline, kind);
    const d = difference(expected, explanations(run, kind));
    const notLinked = expected.filter((e) => !e.endsWith(' linked')).length;
    checks.push({ name: `nothing lost: ${kind}`, ok: d.ok, detail: d.ok ? `${expected.length - notLinked} linked, ${notLinked} explained as in the fault-free run` : d.lines.join('\n') });
  }
  return checks;
}
