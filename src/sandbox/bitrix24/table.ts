// An in-memory table with auto-increment ids, iterated in id order (ids only
// grow, so Map insertion order is id order). Dumped to and loaded from JSON for
// --data persistence.

export class Table<T extends object> {
  private rows = new Map<number, T>();
  private nextId = 1;

  constructor(
    readonly name: string,
    private readonly idOf: (row: T) => number,
  ) {}

  /** Reserves the next id (for rows that embed their own id). */
  allocateId(): number {
    return this.nextId++;
  }

  put(row: T): T {
    const id = this.idOf(row);
    if (id >= this.nextId) this.nextId = id + 1;
    this.rows.set(id, row);
    return row;
  }

  get(id: number): T | undefined {
    return this.rows.get(id);
  }

  has(id: number): boolean {
    return this.rows.has(id);
  }

  delete(id: number): boolean {
    return this.rows.delete(id);
  }

  values(): IterableIterator<T> {
    return this.rows.values();
  }

  filter(predicate: (row: T) => boolean): T[] {
    const out: T[] = [];
    for (const row of this.rows.values()) if (predicate(row)) out.push(row);
    return out;
  }

  find(predicate: (row: T) => boolean): T | undefined {
    for (const row of this.rows.values()) if (predicate(row)) return row;
    return undefined;
  }

  get size(): number {
    return this.rows.size;
  }

  clear(): void {
    this.rows.clear();
    this.nextId = 1;
  }

  dump(): { nextId: number; rows: T[] } {
    return { nextId: this.nextId, rows: [...this.rows.values()] };
  }

  load(data: { nextId: number; rows: T[] }): void {
    this.clear();
    for (const row of data.rows) this.put(row);
    this.nextId = Math.max(this.nextId, data.nextId);
  }
}
