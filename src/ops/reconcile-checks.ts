// Reconcile, step 2: the checks, each over the scan's scratch rows and the links in
// pages. A record the listing did not have is read once more before it counts as
// gone (a record changed or created during the listing is no deletion), and what
// --fix does about each finding is what the engine's own policies allow:
//   diverged  → queued to be decided from scratch, when the conflict policy would
//               write something (the same pure function the engine uses says so);
//   orphan    → queued when its side is a source and the engine would take it;
//   missing,
//   broken    → the gone record queued, so the entity's onDelete acts on it;
//   duplicate → left: b24nav never merges records.
import { resolveConflict } from '../core/conflict.ts';
import { isEmptyValue, otherSide, sideLabel, type CanonicalRecord, type FieldValue, type SideName } from '../core/record.ts';
import { isSource } from '../engine/detect.ts';
import type { EntityRuntime } from '../engine/runtime.ts';
import { isGone } from '../engine/sync/deletion.ts';
import {
  getLinksByB24,
  getLinksByNav,
  getScratchRecords,
  listDuplicateKeys,
  listLinks,
  listScratchRecords,
  scratchKeyHolders,
  type Db,
  type JsonValue,
  type Link,
  type ScratchRecord,
} from '../store/index.ts';
import type { Findings } from './reconcile-findings.ts';
import type { FixOutcome } from './reconcile-types.ts';

const PAGE = 500;
/** Records named per duplicate value. */
const DUPLICATE_IDS = 20;

const left = (reason: string): { outcome: FixOutcome } => ({ outcome: { action: 'left', reason } });
const queued = (reason: string): FixOutcome => ({ action: 'queued', reason });

function ids(link: Link): { linkId: number; b24Id: string | null; navKey: string | null } {
  return { linkId: link.id, b24Id: link.b24Id, navKey: link.navKey };
}

function idOn(link: Link, side: SideName): string | null {
  return side === 'b24' ? link.b24Id : link.navKey;
}

/** Active links: diverged values, records gone on one side or both, links without an id. */
export async function checkPairs(db: Db, rt: EntityRuntime, scan: string, out: Findings): Promise<number> {
  let compared = 0;
  for (let after = 0; ; ) {
    const links = await listLinks(db, rt.kind, { state: 'active', afterId: after, limit: PAGE });
    if (links.length === 0) break;
    after = links.at(-1)?.id ?? after;
    compared += links.length;
    const listed = {
      b24: await getScratchRecords(db, scan, 'b24', links.flatMap((l) => l.b24Id ?? [])),
      nav: await getScratchRecords(db, scan, 'nav', links.flatMap((l) => l.navKey ?? [])),
    };
    // Not listed: read once more before calling it gone.
    const unlisted = { b24: new Set<string>(), nav: new Set<string>() };
    for (const link of links) {
      for (const side of ['b24', 'nav'] as const) {
        const id = idOn(link, side);
        if (id !== null && !listed[side].has(id)) unlisted[side].add(id);
      }
    }
    const present = {
      b24: unlisted.b24.size > 0 ? await rt.sides.b24.fetch([...unlisted.b24]) : new Map(),
      nav: unlisted.nav.size > 0 ? await rt.sides.nav.fetch([...unlisted.nav]) : new Map(),
    };
    for (const link of links) {
      if (link.b24Id === null || link.navKey === null) {
        const none = link.b24Id === null ? 'Bitrix24' : 'NAV';
        out.add({ kind: 'broken', side: null, ...ids(link), detail: `an active link without a ${none} id` }, left('a link b24nav cannot have made: report it with `b24nav history`; it is not repaired automatically'));
        continue;
      }
      const gone = (['b24', 'nav'] as const).filter((side) => {
        const id = idOn(link, side) as string;
        return !listed[side].has(id) && !present[side].has(id);
      });
      if (gone.length === 2) {
        // Nothing left on either side to delete or keep: the link is closed (state deleted).
        out.add({ kind: 'broken', side: null, ...ids(link), detail: 'both linked records are gone' }, { close: link, outcome: queued('both records are gone: the link is closed (state deleted), nothing is written to either system') });
        continue;
      }
      const [side] = gone;
      if (side !== undefined) {
        const survivor = otherSide(side);
        out.add({ kind: 'missing', side, ...ids(link), detail: `the ${sideLabel(side)} record ${idOn(link, side) ?? ''} is gone; the ${sideLabel(survivor)} record ${idOn(link, survivor) ?? ''} is there` }, missingFix(rt, link, side));
        continue;
      }
      const b24 = listed.b24.get(link.b24Id);
      const nav = listed.nav.get(link.navKey);
      // Listed by neither scan page but read just now: changed during the listing; compared at the next run.
      if (!b24 || !nav) continue;
      diverged(rt, link, b24, nav, out);
    }
    await out.flush();
  }
  return compared;
}

function missingFix(rt: EntityRuntime, link: Link, side: SideName): { deletion?: { side: SideName; id: string }; outcome: FixOutcome } {
  const id = idOn(link, side) as string;
  const survivor = otherSide(side);
  const what = `the ${sideLabel(survivor)} record ${idOn(link, survivor) ?? ''}`;
  if (isGone(link, side)) {
    return left(link.reason?.includes('refused') ? `${link.reason}; see \`b24nav dlq list\`` : `flagged already (onDelete: ${rt.config.onDelete}): an operator decides about ${what}`);
  }
  const effect =
    rt.config.onDelete === 'propagate'
      ? `onDelete: propagate — ${what} is deleted too, where the entity's direction allows`
      : rt.config.onDelete === 'unlink'
        ? `onDelete: unlink — the link is dropped, ${what} stays`
        : `onDelete: flag — the deletion is recorded and ${what} kept for an operator`;
  return { deletion: { side, id }, outcome: queued(effect) };
}

type Direction = 'both' | 'b24_to_nav' | 'nav_to_b24';

/** The side a field's values flow from, given the entity's and the field's direction; `none` when they disagree. */
function onlySource(entity: Direction, field: Direction): SideName | 'both' | 'none' {
  const from = (d: Direction): SideName | 'both' => (d === 'both' ? 'both' : d === 'b24_to_nav' ? 'b24' : 'nav');
  const [e, f] = [from(entity), from(field)];
  if (e === 'both') return f;
  if (f === 'both' || f === e) return e;
  return 'none';
}

function diverged(rt: EntityRuntime, link: Link, b24: ScratchRecord, nav: ScratchRecord, out: Findings): void {
  const problem = b24.problem ?? nav.problem;
  if (problem !== null || !b24.canonical || !nav.canonical) {
    const where = b24.problem !== null ? 'Bitrix24' : 'NAV';
    out.add({ kind: 'diverged', side: null, ...ids(link), detail: `cannot be compared: the ${where} values do not map: ${problem ?? ''}` }, left(`fix the value in ${where} or the field map; the engine refuses the record until then (SYNC_MAPPING)`));
    return;
  }
  const fields: Record<string, { b24: JsonValue; nav: JsonValue }> = {};
  const directions = rt.fieldMap.policyFields().fieldDirections;
  for (const field of rt.fieldMap.compared) {
    const a = b24.canonical[field] ?? null;
    const b = nav.canonical[field] ?? null;
    if (rt.fieldMap.same(field, a as never, b as never)) continue;
    // A field that flows one way differs by design where its source has no value: a record
    // created from the other side never got one (NAV's salesperson of a NAV-born customer).
    const from = onlySource(rt.config.direction, directions[field] ?? 'both');
    if (from === 'none' || (from !== 'both' && isEmptyValue((from === 'b24' ? a : b) as FieldValue))) continue;
    fields[field] = { b24: a, nav: b };
  }
  const names = Object.keys(fields);
  if (names.length === 0) return;
  const finding = { kind: 'diverged' as const, side: null, ...ids(link), detail: `differ in ${names.join(', ')}`, fields };
  if (link.reason?.startsWith('conflict:')) {
    out.add(finding, left('an open conflict waits for an operator: `b24nav conflicts list`'));
    return;
  }
  // What the engine's conflict policy would do with the pair as it is now.
  const result = resolveConflict({
    policy: rt.config.conflictPolicy,
    owner: rt.config.owner,
    base: (link.base as CanonicalRecord | null) ?? null,
    b24: b24.canonical as CanonicalRecord,
    nav: nav.canonical as CanonicalRecord,
    b24ModifiedAt: null,
    navModifiedAt: null,
    ...rt.fieldMap.policyFields(),
  });
  const source: SideName = isSource(rt, 'b24') ? 'b24' : 'nav';
  const record = { side: source, id: idOn(link, source) as string };
  if (result.conflict) {
    out.add(finding, { queue: record, outcome: queued(`changed on both sides: the next pass parks ${Object.keys(result.conflict.fields).join(', ')} for an operator (policy manual)`) });
    return;
  }
  const writes = [...result.toB24.map((f) => `${f} → Bitrix24`), ...result.toNav.map((f) => `${f} → NAV`)];
  if (writes.length > 0) {
    out.add(finding, { queue: record, outcome: queued(`the next pass writes ${writes.join(', ')}`) });
    return;
  }
  const why = result.decisions.filter((d) => names.includes(d.field)).map((d) => `${d.field}: ${d.reason}`);
  out.add(finding, left(`the policies keep both values: ${why.join('; ') || 'no field flows between them'}`));
}

/** Records of a side with no active link. */
export async function checkOrphans(db: Db, rt: EntityRuntime, scan: string, side: SideName, out: Findings): Promise<void> {
  for (let after = 0; ; ) {
    const page = await listScratchRecords(db, scan, side, { after, limit: PAGE });
    if (page.length === 0) break;
    after = page.at(-1)?.id ?? after;
    const links = side === 'b24' ? await getLinksByB24(db, rt.kind, page.map((r) => r.recordId)) : await getLinksByNav(db, rt.kind, page.map((r) => r.recordId));
    for (const record of page) {
      const link = links.get(record.recordId);
      if (link?.state === 'active') continue;
      const finding = {
        kind: 'orphan' as const,
        side,
        linkId: link?.id ?? null,
        b24Id: side === 'b24' ? record.recordId : null,
        navKey: side === 'nav' ? record.recordId : null,
        detail: link ? `not linked (${link.state}${link.reason ? `: ${link.reason}` : ''})` : `no link`,
      };
      out.add(finding, orphanFix(rt, side, record, link));
    }
    await out.flush();
  }
}

function orphanFix(rt: EntityRuntime, side: SideName, record: ScratchRecord, link: Link | undefined): { queue?: { side: SideName; id: string }; outcome: FixOutcome } {
  const other = sideLabel(otherSide(side));
  if (link) {
    switch (link.state) {
      case 'ambiguous':
        return left(`parked as ambiguous: link it by hand or fix the duplicates (${link.reason ?? ''})`);
      case 'failed':
        return left(`${link.reason ?? 'refused (see its history)'}; fix the cause, then \`b24nav dlq retry\``);
      case 'unlinked':
        return left(`unlinked on purpose (onDelete: unlink, ${link.reason ?? ''})`);
      case 'creating_b24':
      case 'creating_nav':
        return left('a create is in flight: the engine finishes it');
      default:
        break;
    }
  }
  if (record.skipped !== null) return left(`not synced by design: ${record.skipped}`);
  if (record.problem !== null) return left(`its values do not map (${record.problem}): fix them in ${sideLabel(side)}`);
  if (!isSource(rt, side)) return left(`${rt.kind} flow only ${other} → ${sideLabel(side)}: a ${sideLabel(side)} record that did not come from ${other} is not synced`);
  const keys = rt.matchSpecs.map((m) => m.key).join(', ');
  return { queue: { side, id: record.recordId }, outcome: queued(`the engine looks for it in ${other}${keys ? ` by ${keys}` : ''} and links it, or creates it there`) };
}

/** Match key values shared by several records of one side. */
export async function checkDuplicates(db: Db, rt: EntityRuntime, scan: string, out: Findings): Promise<void> {
  for (let after: Parameters<typeof listDuplicateKeys>[2]['after']; ; ) {
    const groups = await listDuplicateKeys(db, scan, { after, limit: PAGE });
    if (groups.length === 0) break;
    after = groups.at(-1);
    for (const g of groups) {
      const holders = await scratchKeyHolders(db, scan, g.side, g.key, g.value, DUPLICATE_IDS);
      out.add(
        {
          kind: 'duplicate',
          side: g.side,
          linkId: null,
          b24Id: null,
          navKey: null,
          detail: `${g.count} ${sideLabel(g.side)} records have ${g.key} ${g.value}`,
          key: g.key,
          value: g.value,
          ids: holders,
        },
        left(`b24nav never merges records: merge them in ${sideLabel(g.side)} (or correct the ${g.key}); until then a new record with this ${g.key} is parked as ambiguous`),
      );
    }
  }
}
