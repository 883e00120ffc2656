// Changes the engine gave up on (a permanent refusal, an ambiguous match) are
// "held": the link keeps the source record's hash, and scans skip the record until
// it changes — so a refused record is not re-queued and re-refused every poll,
// while the fix an operator makes in the source system is picked up at once.
import { hashCanonical } from '../../core/hash.ts';
import type { FieldValue, SideName, SideRecord } from '../../core/record.ts';
import type { Link, LinkFields } from '../../store/index.ts';
import type { EntityRuntime } from '../runtime.ts';

/** The hash scans compare: of the mapped fields, or of the raw ones when the record cannot be mapped. */
export function sourceHash(rt: EntityRuntime, side: SideName, record: SideRecord, canonicalHash?: string): string {
  if (canonicalHash !== undefined) return canonicalHash;
  const mapped = rt.fieldMap.fromSide(side, record);
  if (mapped.errors.length === 0) return rt.fieldMap.hashFor(mapped.canonical, side);
  const raw: Record<string, FieldValue> = {};
  for (const path of rt.fieldMap.sidePaths(side)) raw[path] = record.fields[path] ?? null;
  return `raw:${hashCanonical(raw)}`;
}

export function heldHash(link: Link, side: SideName): string | null {
  return side === 'b24' ? link.heldB24Hash : link.heldNavHash;
}

export function holdPatch(side: SideName, hash: string | null): Pick<LinkFields, 'heldB24Hash' | 'heldNavHash'> {
  return side === 'b24' ? { heldB24Hash: hash } : { heldNavHash: hash };
}

/** Whether a scan can skip this record: nothing that flows changed, or a held change came back unchanged. */
export function unchangedForScan(link: Link | undefined, side: SideName, hash: string): boolean {
  if (!link) return false;
  if (link.state === 'unlinked') return true;
  if (heldHash(link, side) === hash) return true;
  return link.state === 'active' && hash === (side === 'b24' ? link.b24Hash : link.navHash);
}
