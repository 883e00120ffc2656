// A typed client of a document page (header + lines part): the sales order and
// sales invoice pages, and the posted documents (read only). Lines are added,
// changed and deleted as NAV integrators do it (§1.7): SOAP through Update of the
// header and Delete_<Part>, OData through the lines containment.
import { keyValues, listRequest, PageClient, toVersioned, type NavPage, type NavQuery, type NavReadPage, type Versioned } from './page-client.ts';
import type { PageRef, PageTransport, VersionedValues } from './transport.ts';

export type NavDocument<R, L> = Versioned<R> & { readonly lines: ReadonlyArray<Versioned<L>> };

/** A line as its document knows it: its number and concurrency token. */
export interface LineRef {
  readonly Line_No: number;
  readonly version: string;
}

export interface NavReadDocuments<R, L, K> extends NavReadPage<R, K> {
  /** The document with its lines. */
  document(key: K): Promise<NavDocument<R, L> | undefined>;
  /** Pages of documents with their lines (OData: $expand of the lines part). */
  documents(query?: NavQuery<R>): AsyncIterable<Array<NavDocument<R, L>>>;
}

export interface NavDocuments<R, I, L, LI, K> extends NavReadDocuments<R, L, K>, NavPage<R, I, K> {
  addLines(current: K & { readonly version: string }, lines: readonly LI[]): Promise<NavDocument<R, L>>;
  updateLines(current: K & { readonly version: string }, changes: ReadonlyArray<{ readonly line: LineRef; readonly changes: LI }>): Promise<NavDocument<R, L>>;
  /** Deleting a line changes the document's version: read it again before the next header change (§1.6). */
  deleteLine(current: K & { readonly version: string }, line: LineRef): Promise<void>;
}

function toDocument<R, L>(row: VersionedValues): NavDocument<R, L> {
  return { ...toVersioned<R>(row), lines: (row.lines ?? []).map((line) => toVersioned<L>(line)) };
}

export class DocumentClient<R, I, L, LI, K> extends PageClient<R, I, K> implements NavDocuments<R, I, L, LI, K> {
  constructor(io: PageTransport, ref: PageRef, pageSize: number) {
    super(io, ref, pageSize);
  }

  async document(key: K): Promise<NavDocument<R, L> | undefined> {
    const row = await this.io.read(this.ref, keyValues(this.ref, key as object), true);
    return row ? toDocument<R, L>(row) : undefined;
  }

  documents(query: NavQuery<R> = {}): AsyncIterable<Array<NavDocument<R, L>>> {
    const io = this.io;
    const ref = this.ref;
    const request = listRequest(query, this.pageSize, true);
    return {
      async *[Symbol.asyncIterator]() {
        for await (const page of io.pages(ref, request)) yield page.map((row) => toDocument<R, L>(row));
      },
    };
  }

  async addLines(current: K & { readonly version: string }, lines: readonly LI[]): Promise<NavDocument<R, L>> {
    const header = { key: keyValues(this.ref, current), version: current.version };
    return toDocument<R, L>(await this.io.addLines(this.ref, header, lines as never));
  }

  async updateLines(current: K & { readonly version: string }, changes: ReadonlyArray<{ readonly line: LineRef; readonly changes: LI }>): Promise<NavDocument<R, L>> {
    const header = { key: keyValues(this.ref, current), version: current.version };
    const lineChanges = changes.map((c) => ({ line: { key: { Line_No: c.line.Line_No }, version: c.line.version }, changes: c.changes as never }));
    return toDocument<R, L>(await this.io.updateLines(this.ref, header, lineChanges));
  }

  async deleteLine(current: K & { readonly version: string }, line: LineRef): Promise<void> {
    const header = { key: keyValues(this.ref, current), version: current.version };
    await this.io.deleteLine(this.ref, header, { key: { Line_No: line.Line_No }, version: line.version });
  }
}
