// The two systems as any outside client sees them: Bitrix24 REST through the inbound
// webhook, NAV OData v4 with Basic authentication, and each sandbox's admin API for
// fault rules and user edits. Nothing here reads a sandbox's memory.

export type Row = Record<string, unknown>;

async function postJson(url: string, body: unknown): Promise<{ status: number; json: unknown }> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(60_000) });
  const text = await res.text();
  return { status: res.status, json: text === '' ? null : (JSON.parse(text) as unknown) };
}

export class B24Rest {
  constructor(readonly webhookUrl: string) {}

  async call<T = unknown>(method: string, params: Row = {}): Promise<{ result: T; next?: number }> {
    for (let attempt = 0; ; attempt++) {
      const { status, json } = await postJson(`${this.webhookUrl}${method}`, params);
      const body = json as { result?: T; next?: number; error?: string; error_description?: string };
      // The request bucket is shared with the service; a refusal only means "later".
      if ((status === 503 || status === 429) && attempt < 120) {
        await new Promise((r) => setTimeout(r, 1000));
        continue;
      }
      if (status !== 200 || body.error !== undefined) throw new Error(`Bitrix24 ${method}: HTTP ${status} ${body.error ?? ''} ${body.error_description ?? ''}`);
      return { result: body.result as T, ...(body.next === undefined ? {} : { next: body.next }) };
    }
  }

  /** Every row of a legacy list, by the keyset export the docs recommend (order ID, >ID, start=-1). */
  async listAll(method: string, params: Row = {}, idField = 'ID'): Promise<Row[]> {
    const out: Row[] = [];
    let last = 0;
    for (;;) {
      const filter = { ...((params['filter'] as Row | undefined) ?? {}), [`>${idField}`]: last };
      const { result } = await this.call<Row[] | Record<string, Row[]>>(method, { ...params, order: { [idField]: 'ASC' }, filter, start: -1 });
      // catalog.* wrap the rows: {products: […]}, {prices: […]}.
      const rows = Array.isArray(result) ? result : (Object.values(result)[0] ?? []);
      if (rows.length === 0) return out;
      out.push(...rows);
      last = Number(rows[rows.length - 1]?.[idField]);
    }
  }
}

export class NavOData {
  private readonly auth: string;

  constructor(
    /** `http://host:port/<Instance>/ODataV4/Company('…')` */
    readonly companyUrl: string,
    user: string,
    password: string,
  ) {
    this.auth = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
  }

  async list(service: string): Promise<Row[]> {
    const out: Row[] = [];
    let url: string | undefined = `${this.companyUrl}/${service}`;
    while (url) {
      const res = await fetch(url, { headers: { authorization: this.auth, accept: 'application/json' }, signal: AbortSignal.timeout(60_000) });
      if (res.status !== 200) throw new Error(`NAV OData ${service}: HTTP ${res.status} ${await res.text()}`);
      const body = (await res.json()) as { value: Row[]; '@odata.nextLink'?: string };
      out.push(...body.value);
      url = body['@odata.nextLink'];
    }
    return out;
  }

  async create(service: string, fields: Row): Promise<Row> {
    const res = await fetch(`${this.companyUrl}/${service}`, {
      method: 'POST',
      headers: { authorization: this.auth, accept: 'application/json', 'content-type': 'application/json' },
      body: JSON.stringify(fields),
      signal: AbortSignal.timeout(60_000),
    });
    if (res.status !== 201) throw new Error(`NAV OData POST ${service}: HTTP ${res.status} ${await res.text()}`);
    return (await res.json()) as Row;
  }
}

/** The `/_sandbox/` admin API both sandboxes offer (docs/sandbox.md). */
export class SandboxAdmin {
  constructor(readonly origin: string) {}

  async post(path: string, body: unknown): Promise<unknown> {
    const { status, json } = await postJson(`${this.origin}/_sandbox/${path}`, body);
    if (status >= 300) throw new Error(`${this.origin}/_sandbox/${path}: HTTP ${status} ${JSON.stringify(json)}`);
    return json;
  }

  async get(path: string): Promise<unknown> {
    const res = await fetch(`${this.origin}/_sandbox/${path}`, { signal: AbortSignal.timeout(60_000) });
    if (res.status !== 200) throw new Error(`${this.origin}/_sandbox/${path}: HTTP ${res.status}`);
    return res.json();
  }

  async clearFaults(): Promise<void> {
    const res = await fetch(`${this.origin}/_sandbox/faults`, { method: 'DELETE', signal: AbortSignal.timeout(60_000) });
    if (res.status >= 300) throw new Error(`${this.origin}/_sandbox/faults: HTTP ${res.status}`);
  }

  async removeFault(id: string): Promise<void> {
    const res = await fetch(`${this.origin}/_sandbox/faults/${encodeURIComponent(id)}`, { method: 'DELETE', signal: AbortSignal.timeout(60_000) });
    if (res.status >= 300) throw new Error(`${this.origin}/_sandbox/faults/${id}: HTTP ${res.status}`);
  }

  /** Faults injected since the rules were last cleared, per kind, as the sandbox counts them. */
  async injected(): Promise<Record<string, number>> {
    const body = (await this.get('faults')) as { injected: Record<string, number> };
    return { ...body.injected };
  }
}
