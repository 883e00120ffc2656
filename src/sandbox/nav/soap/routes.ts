// SOAP endpoints under /<Instance>/WS/ (nav-web-services.md §1.1–1.2): page and
// codeunit services per company (WSDL on GET, operations on POST), the
// per-company `services` list, SystemService with Companies, and /WS/Services.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { codeunitNamespace, escapeDataString, SOAP_ENVELOPE_NAMESPACE, SYSTEM_SERVICE_NAMESPACE } from '../../../connectors/nav/schema/index.ts';
import { runCall, type CallAnswer } from '../call.ts';
import type { Company } from '../data/company.ts';
import { NavError, navErrors } from '../errors.ts';
import { decodeKey } from '../key.ts';
import { reopenDocument, releaseDocument, findDocument } from '../logic/release.ts';
import { setFields } from '../logic/records.ts';
import type { PageBinding } from '../pages/bindings.ts';
import type { NavServerContext } from '../server-context.ts';
import { envelope, faultEnvelope } from './envelope.ts';
import { runPageOperation } from './page-service.ts';
import { codeunitWsdl, pageWsdl, systemServiceWsdl, type CodeunitOperation } from './wsdl.ts';
import { child, emptyElement, escapeXml, parseXml, XmlSyntaxError, type XmlElement } from './xml.ts';

const XML = 'text/xml; charset=utf-8';

export const CODEUNIT_OPERATIONS: readonly CodeunitOperation[] = [
  { name: 'ReleaseSalesOrder', parameters: [['no', 'string']] },
  { name: 'ReopenSalesOrder', parameters: [['no', 'string']] },
];

export function registerSoapRoutes(app: FastifyInstance, ctx: NavServerContext): void {
  const prefix = `/${ctx.instance}/WS/`;
  const handler = async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const path = request.url.split('?')[0] ?? '';
    const segments = path.slice(prefix.length).split('/').map(safeDecode);
    const base = `${request.protocol}://${request.headers.host ?? 'localhost'}${prefix}`;
    const isGet = request.method === 'GET';
    const notFound = (what: string): FastifyReply => reply.code(404).type('text/plain').send(what);

    if (segments.length === 1 && segments[0]?.toLowerCase() === 'systemservice') {
      if (isGet) return void (await reply.type(XML).send(systemServiceWsdl(`${base}SystemService`)));
      return soapCall(ctx, request, reply, 'SystemService', () => {
        const body = operationOf(request.body);
        if (body.name !== 'Companies') throw navErrors.badValue(`The operation ${body.name} is not defined on service SystemService.`);
        const names = [...ctx.state.companies.keys()].map((n) => `<return_value>${escapeXml(n)}</return_value>`).join('');
        return { operation: 'Companies', write: false, xml: `<Companies_Result xmlns="${SYSTEM_SERVICE_NAMESPACE}">${names}</Companies_Result>` };
      });
    }
    if (segments.length === 1 && segments[0]?.toLowerCase() === 'services') {
      return void (await reply.type(XML).send(disco([`${base}SystemService`])));
    }
    const company = ctx.state.company(segments[0] ?? '');
    if (!company) return void (await notFound(`The company "${segments[0] ?? ''}" does not exist.`));
    const companyBase = `${base}${escapeDataString(company.name)}/`;
    if (segments.length === 2 && segments[1]?.toLowerCase() === 'services') {
      const refs = [...ctx.state.bindings.map((b) => `${companyBase}Page/${b.service}`), `${companyBase}Codeunit/${ctx.codeunit}`];
      return void (await reply.type(XML).send(disco(refs)));
    }
    const kind = segments[1]?.toLowerCase();
    const service = segments[2] ?? '';
    if (segments.length !== 3 || (kind !== 'page' && kind !== 'codeunit')) return void (await notFound(`No web service at ${path}.`));
    if (kind === 'codeunit') {
      if (service.toLowerCase() !== ctx.codeunit.toLowerCase()) return void (await notFound(`The service ${service} is not published.`));
      if (isGet) return void (await reply.type(XML).send(codeunitWsdl(ctx.codeunit, CODEUNIT_OPERATIONS, `${companyBase}Codeunit/${ctx.codeunit}`)));
      return soapCall(ctx, request, reply, ctx.codeunit, () => codeunitCall(ctx, company, request.body));
    }
    const binding = ctx.state.binding(service);
    if (!binding) return void (await notFound(`The service ${service} is not published.`));
    if (isGet) return void (await reply.type(XML).send(pageWsdl(binding.def, binding.service, `${companyBase}Page/${binding.service}`)));
    return soapCall(ctx, request, reply, binding.service, () => pageCall(ctx, company, binding, request.body), () => touchKeys(ctx, company, binding, request.body));
  };
  app.route({ method: ['GET', 'POST'], url: `${prefix}*`, handler });
}

interface SoapResult {
  readonly operation: string;
  readonly write: boolean;
  readonly xml: string;
}

const WRITES = /^(Create|CreateMultiple|Update|UpdateMultiple|Delete|Delete_.+|ReleaseSalesOrder|ReopenSalesOrder)$/;

async function soapCall(ctx: NavServerContext, request: FastifyRequest, reply: FastifyReply, service: string, run: () => SoapResult, touch?: () => void): Promise<void> {
  let operation = 'Unknown';
  try {
    operation = operationOf(request.body).name;
  } catch {
    // Reported by run() below.
  }
  await runCall(ctx, request, reply, {
    method: `${service}.${operation}`,
    write: WRITES.test(operation),
    run: (): CallAnswer => ({ status: 200, contentType: XML, body: envelope(run().xml) }),
    fail: soapFault,
    serverError: () => ({ status: 500, contentType: 'text/html', body: '<html><body><h1>Internal Server Error</h1></body></html>' }),
    ...(touch ? { touch } : {}),
  });
}

function soapFault(error: unknown): CallAnswer {
  if (error instanceof NavError) return { status: 500, contentType: XML, body: faultEnvelope(error.faultClass, error.message) };
  if (error instanceof XmlSyntaxError) return { status: 400, contentType: 'text/plain', body: `The request is not well-formed XML: ${error.message}` };
  const message = error instanceof Error ? error.message : String(error);
  return { status: 500, contentType: XML, body: faultEnvelope('System.Exception', message) };
}

/** The operation element in the SOAP Body, found by local name whatever the prefixes. */
export function operationOf(raw: unknown): { name: string; node: XmlElement } {
  if (typeof raw !== 'string' || raw.trim() === '') throw navErrors.badValue('The request has no SOAP envelope.');
  const envelope = parseXml(raw);
  // NAV's web services are SOAP 1.1 (basicHttpBinding): the envelope namespace decides, not the prefix.
  if (envelope.name !== 'Envelope' || envelope.ns !== SOAP_ENVELOPE_NAMESPACE) {
    throw navErrors.badValue(`The request is not a SOAP 1.1 envelope (${SOAP_ENVELOPE_NAMESPACE}).`);
  }
  const body = child(envelope, 'Body');
  const operation = body?.children[0];
  if (operation) return { name: operation.name, node: operation };
  const leaf = body ? [...body.leaves.keys()][0] : undefined;
  if (leaf !== undefined) return { name: leaf, node: emptyElement(leaf) };
  throw navErrors.badValue('The request has no SOAP envelope with a Body.');
}

function pageCall(ctx: NavServerContext, company: Company, binding: PageBinding, raw: unknown): SoapResult {
  const { name, node } = operationOf(raw);
  const engine = ctx.state.engine(company, binding);
  const xml = runPageOperation(
    { engine, service: binding.service, ctx: ctx.state.context(company), blank: ctx.soapBlankFields, dateOrder: ctx.dateOrder },
    name,
    node,
  );
  return { operation: name, write: WRITES.test(name), xml };
}

function codeunitCall(ctx: NavServerContext, company: Company, raw: unknown): SoapResult {
  const { name, node } = operationOf(raw);
  const logic = ctx.state.context(company);
  const no = (node.leaves.get('no') ?? '').trim().toUpperCase();
  company.transaction(() => {
    if (name === 'ReleaseSalesOrder') releaseDocument(logic, findDocument(logic, 'Order', no));
    else if (name === 'ReopenSalesOrder') reopenDocument(logic, findDocument(logic, 'Order', no));
    else throw navErrors.badValue(`The operation ${name} is not defined on service ${ctx.codeunit}.`);
  });
  return { operation: name, write: true, xml: `<${name}_Result xmlns="${codeunitNamespace(ctx.codeunit)}"/>` };
}

/** The stale_key fault: every record a Key in the request names is changed, as by another user. */
function touchKeys(ctx: NavServerContext, company: Company, binding: PageBinding, raw: unknown): void {
  if (typeof raw !== 'string') return;
  const engine = ctx.state.engine(company, binding);
  for (const m of raw.matchAll(/<(?:[\w.-]+:)?(?:Key|\w+_Key|bookmarkKey)>([^<]+)</g)) {
    const decoded = decodeKey(m[1] ?? '');
    if (!decoded) continue;
    for (const table of [engine.table, engine.lineTable]) {
      if (!table || table.def.no !== decoded.tableNo) continue;
      const stored = table.get(decoded.key);
      if (stored) setFields(table, stored, 'Last_Date_Modified' in stored.values ? { Last_Date_Modified: ctx.state.today() } : {});
    }
  }
}

function disco(refs: readonly string[]): string {
  return `<?xml version="1.0" encoding="utf-8"?><discovery xmlns="http://schemas.xmlsoap.org/disco/">${refs.map((r) => `<contractRef ref="${escapeXml(r)}" xmlns="http://schemas.xmlsoap.org/disco/scl/"/>`).join('')}</discovery>`;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
