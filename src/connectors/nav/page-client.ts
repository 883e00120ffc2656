// A typed client of one NAV page, whatever transport carries it: paged reads
// with filters as async iterators, read by key, create, update and delete with
// the concurrency token (`version`: the SOAP Key or the OData ETag).
import type { Where } from './filters.ts';
import type { NavValue } from './schema/index.ts';
import type { ListRequest, PageRef, PageTransport, Values, VersionedValues } from './transport.ts';

/** A record with its concurrency token. Pass `version` back to update or delete it. */
export type Versioned<T> = T & { readonly version: string };

export interface NavQuery<R> {
  readonly where?: Where<R>;
  /** Records per call: SOAP setSize; OData pages are sized by the server (its Max Page Size). */
  readonly pageSize?: number;
}

export interface NavSelectQuery<R, S extends keyof R> extends NavQuery<R> {
  /** OData $select (the key is always included); SOAP returns every field anyway. */
  readonly select: readonly S[];
}

export interface NavReadPage<R, K> {
  readonly service: string;
  readonly transport: 'soap' | 'odata';
  read(key: K): Promise<Versioned<R> | undefined>;
  pages(query?: NavQuery<R>): AsyncIterable<Array<Versioned<R>>>;
  pages<S extends keyof R & string>(query: NavSelectQuery<R, S>): AsyncIterable<Array<Versioned<Pick<R, S | (keyof K & keyof R)>>>>;
  all(query?: NavQuery<R>): AsyncIterable<Versioned<R>>;
  /** The record with the highest key the filter lets through (the newest ledger entry), in one call. */
  last(query?: Pick<NavQuery<R>, 'where'>): Promise<Versioned<R> | undefined>;
}

export interface NavPage<R, I, K> extends NavReadPage<R, K> {
  create(fields: I): Promise<Versioned<R>>;
  /** SOAP: CreateMultiple in batches, each all or nothing. OData: one POST per record, a few in parallel. */
  createMany(records: readonly I[]): Promise<Array<Versioned<R>>>;
  /** Only the fields in `changes` are written (§1.8); '' clears a field. */
  update(current: K & { readonly version: string }, changes: I): Promise<Versioned<R>>;
  delete(current: K & { readonly version: string }): Promise<void>;
}

export function toVersioned<R>(row: VersionedValues): Versioned<R> {
  return { ...row.values, version: row.version } as Versioned<R>;
}

export function keyValues(ref: PageRef, key: object): Values {
  const out: Record<string, NavValue> = {};
  const source = key as Record<string, NavValue>;
  for (const name of ref.def.key) {
    const value = source[name] ?? ref.fixed[name];
    if (value === undefined) throw new Error(`the key of ${ref.service} is ${ref.def.key.join(', ')}; ${name} is missing`);
    out[name] = value;
  }
  return out;
}

export function listRequest<R>(query: NavQuery<R> & { readonly select?: readonly string[] }, defaultPageSize: number, withLines: boolean): ListRequest {
  const where = Object.entries(query.where ?? {}).filter(([, condition]) => condition !== undefined) as ListRequest['where'];
  return { where, pageSize: query.pageSize ?? defaultPageSize, select: query.select, withLines };
}

export class PageClient<R, I, K> implements NavPage<R, I, K> {
  constructor(
    protected readonly io: PageTransport,
    readonly ref: PageRef,
    protected readonly pageSize: number,
  ) {}

  get service(): string {
    return this.ref.service;
  }

  get transport(): 'soap' | 'odata' {
    return this.io.kind;
  }

  async read(key: K): Promise<Versioned<R> | undefined> {
    const row = await this.io.read(this.ref, keyValues(this.ref, key as object), false);
    return row ? toVersioned<R>(row) : undefined;
  }

  pages(query?: NavQuery<R>): AsyncIterable<Array<Versioned<R>>>;
  pages<S extends keyof R & string>(query: NavSelectQuery<R, S>): AsyncIterable<Array<Versioned<Pick<R, S | (keyof K & keyof R)>>>>;
  pages(query: NavQuery<R> & { readonly select?: readonly string[] } = {}): AsyncIterable<Array<Versioned<R>>> {
    const io = this.io;
    const ref = this.ref;
    const request = listRequest(query, this.pageSize, false);
    return {
      async *[Symbol.asyncIterator]() {
        for await (const page of io.pages(ref, request)) yield page.map((row) => toVersioned<R>(row));
      },
    };
  }

  async *all(query: NavQuery<R> = {}): AsyncIterable<Versioned<R>> {
    for await (const page of this.pages(query)) yield* page;
  }

  async last(query: Pick<NavQuery<R>, 'where'> = {}): Promise<Versioned<R> | undefined> {
    const request = listRequest(query, 1, false);
    const row = await this.io.last(this.ref, { where: request.where, select: undefined });
    return row ? toVersioned<R>(row) : undefined;
  }

  async create(fields: I): Promise<Versioned<R>> {
    return toVersioned<R>(await this.io.create(this.ref, fields as Values));
  }

  async createMany(records: readonly I[]): Promise<Array<Versioned<R>>> {
    const rows = await this.io.createMany(this.ref, records as readonly Values[]);
    return rows.map((row) => toVersioned<R>(row));
  }

  async update(current: K & { readonly version: string }, changes: I): Promise<Versioned<R>> {
    return toVersioned<R>(await this.io.update(this.ref, { key: keyValues(this.ref, current), version: current.version }, changes as Values));
  }

  async delete(current: K & { readonly version: string }): Promise<void> {
    await this.io.delete(this.ref, { key: keyValues(this.ref, current), version: current.version });
  }
}
