// The document page clients (sales orders, posted invoices, shipments, credit
// memos) seen through field names, as nav-page.ts does for plain pages, and reads
// of many documents with their lines by an IN-filter, chunk by chunk.
import type { NavDocument, NavDocuments, NavReadDocuments } from '../document-client.ts';
import { filterChunks, type NavRow, type RowWhere } from './nav-page.ts';

export type NavDoc = NavDocument<NavRow, NavRow>;
export type LooseReadDocuments = NavReadDocuments<NavRow, NavRow, { readonly No: string }>;
export type LooseDocuments = NavDocuments<NavRow, NavRow, NavRow, NavRow, { readonly No: string }>;

/** A typed document client seen through field names (the same objects; only the static view widens). */
export function looseDocuments<P extends NavReadDocuments<object, object, object>>(page: P): P extends NavDocuments<object, object, object, object, object> ? LooseDocuments : LooseReadDocuments {
  return page as unknown as P extends NavDocuments<object, object, object, object, object> ? LooseDocuments : LooseReadDocuments;
}

/** Every document whose `field` is one of `values`, with its lines (the chunks go out together). */
export async function readDocumentsIn(page: LooseReadDocuments, field: string, values: readonly string[], base: RowWhere = {}): Promise<NavDoc[]> {
  const unique = [...new Set(values.filter((v) => v !== ''))];
  if (unique.length === 0) return [];
  const reads = filterChunks(unique).map(async (chunk) => {
    const docs: NavDoc[] = [];
    for await (const part of page.documents({ where: { ...base, [field]: { in: chunk } }, pageSize: chunk.length + 1 })) docs.push(...part);
    return docs;
  });
  return (await Promise.all(reads)).flat();
}

/** Lines in document order (Line No.). */
export function linesInOrder(doc: NavDoc): NavRow[] {
  return [...doc.lines].sort((a, b) => Number(a['Line_No'] ?? 0) - Number(b['Line_No'] ?? 0));
}
