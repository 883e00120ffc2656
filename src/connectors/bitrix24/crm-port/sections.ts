// Catalog sections (product groups) by a name people and NAV item categories use:
// a section is known by its xmlId, else its code, else its name. Writing a value
// finds the section known by it (or whose xmlId is it) and creates a missing one
// with name = xmlId = the value, so item categories appear on the fly.
import { SyncError } from '../../../core/failure.ts';
import type { B24Client } from '../client.ts';
import type { CatalogSection } from '../types.ts';
import { listAll, listChunked } from './bulk-read.ts';
import type { CatalogDictionaries, Lazy } from './dictionaries.ts';
import { numericIds, textOrNull } from './values.ts';

export function sectionLabel(section: Pick<CatalogSection, 'xmlId' | 'code' | 'name'>): string {
  return textOrNull(section.xmlId) ?? textOrNull(section.code) ?? section.name;
}

const SELECT = ['id', 'iblockId', 'iblockSectionId', 'name', 'code', 'xmlId'];

export class SectionCache {
  private byId: Map<number, CatalogSection> | undefined;
  /** The resolve under way: the next waits for it, so two workers never both add a missing section. */
  private resolving: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly client: B24Client,
    private readonly catalog: Lazy<CatalogDictionaries>,
  ) {}

  private async all(): Promise<Map<number, CatalogSection>> {
    if (!this.byId) {
      const { iblockId } = await this.catalog.get();
      const rows = await listAll<CatalogSection>(this.client, { method: 'catalog.section.list', idField: 'id', filter: { iblockId }, select: SELECT });
      this.byId = new Map(rows.map((s) => [Number(s.id), s]));
    }
    return this.byId;
  }

  /** Labels of sections by id; sections created since the cache was filled are read. */
  async labels(ids: readonly number[]): Promise<Map<number, string>> {
    const known = await this.all();
    const missing = numericIds(ids).filter((id) => !known.has(id));
    if (missing.length > 0) {
      const rows = await listChunked<CatalogSection>(this.client, { method: 'catalog.section.list', idField: 'id', select: SELECT }, { inField: 'id', values: missing });
      for (const s of rows) known.set(Number(s.id), s);
    }
    return new Map(numericIds(ids).flatMap((id) => {
      const s = known.get(id);
      return s ? [[id, sectionLabel(s)] as const] : [];
    }));
  }

  /**
   * Section ids for labels, creating the missing sections (one batched round). A
   * section whose add failed is that value's error; the cache is dropped, so a
   * section created by an add whose answer was lost is found next time.
   */
  resolve(values: readonly string[]): Promise<Map<string, number | SyncError>> {
    const next = this.resolving.then(() => this.resolveNow(values));
    this.resolving = next.catch(() => undefined);
    return next;
  }

  private async resolveNow(values: readonly string[]): Promise<Map<string, number | SyncError>> {
    const known = [...(await this.all()).values()];
    const out = new Map<string, number | SyncError>();
    const create: string[] = [];
    for (const value of new Set(values)) {
      const found = known.find((s) => sectionLabel(s) === value) ?? known.find((s) => textOrNull(s.xmlId) === value);
      if (found) out.set(value, Number(found.id));
      else create.push(value);
    }
    if (create.length > 0) {
      const { iblockId } = await this.catalog.get();
      const made = await Promise.allSettled(create.map((name) => this.client.call<{ section: CatalogSection }>('catalog.section.add', { fields: { iblockId, name, xmlId: name } })));
      made.forEach((result, i) => {
        const value = create[i] as string;
        if (result.status === 'fulfilled') {
          this.byId?.set(Number(result.value.section.id), result.value.section);
          out.set(value, Number(result.value.section.id));
        } else {
          this.byId = undefined;
          const reason: unknown = result.reason;
          out.set(value, reason instanceof SyncError ? reason : new SyncError('B24_SERVER_ERROR', `catalog.section.add: ${String(reason)}`, { cause: reason }));
        }
      });
    }
    return out;
  }
}
