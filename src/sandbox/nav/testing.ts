// Helpers for tests that talk to the NAV sandbox as a plain SOAP client would:
// a hand-written envelope, a POST, and the answer read by namespace.
import { readXml, type XmlElement } from '../../connectors/nav/soap/xml-reader.ts';
import { NAV_ERROR_NAMESPACE, pageNamespace, SOAP_ENVELOPE_NAMESPACE } from '../../connectors/nav/schema/index.ts';

export interface SoapAnswer {
  readonly status: number;
  readonly text: string;
  /** The element inside the Body (the result or the Fault). */
  readonly result: XmlElement | undefined;
  readonly fault: { readonly code: string; readonly codeNamespace: string; readonly message: string } | undefined;
}

export function envelope(namespace: string, operation: string, inner: string): string {
  return `<soapenv:Envelope xmlns:soapenv="${SOAP_ENVELOPE_NAMESPACE}" xmlns:tns="${namespace}"><soapenv:Body><tns:${operation}>${inner}</tns:${operation}></soapenv:Body></soapenv:Envelope>`;
}

export async function soapPost(url: string, namespace: string, operation: string, inner: string, headers: Record<string, string> = {}): Promise<SoapAnswer> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: `"${namespace}:${operation}"`, ...headers },
    body: envelope(namespace, operation, inner),
  });
  return readAnswer(response.status, await response.text());
}

export function readAnswer(status: number, text: string): SoapAnswer {
  let body: XmlElement | undefined;
  try {
    const root = readXml(text);
    body = root.name === 'Envelope' && root.ns === SOAP_ENVELOPE_NAMESPACE ? root.children.find((c) => c.name === 'Body') : undefined;
  } catch {
    body = undefined;
  }
  const result = body?.children[0] ?? (body && body.leaves.size > 0 ? { ns: '', name: [...body.leaves.keys()][0] ?? '', children: [], leaves: new Map<string, string>(), text: '' } : undefined);
  let fault: SoapAnswer['fault'];
  if (result?.name === 'Fault') {
    const rawCode = result.leaves.get('faultcode') ?? '';
    // The prefix of the faultcode is declared on the faultcode element itself (xmlns:a=…).
    const codeNamespace = /xmlns:a="([^"]+)"/.exec(text)?.[1] ?? '';
    fault = { code: rawCode.replace(/^a:/, ''), codeNamespace, message: result.leaves.get('faultstring') ?? '' };
  }
  return { status, text, result, fault };
}

/** A page service caller bound to one URL. */
export function pageCaller(url: string, service: string): (operation: string, inner: string) => Promise<SoapAnswer> {
  const ns = pageNamespace(service);
  return (operation, inner) => soapPost(url, ns, operation, inner);
}

export const NAV_FAULT_NAMESPACE = NAV_ERROR_NAMESPACE;

/** Records of a ReadMultiple answer (inside the doubled ReadMultiple_Result). */
export function records(answer: SoapAnswer, service: string): XmlElement[] {
  const inner = answer.result?.children.find((c) => c.name === 'ReadMultiple_Result');
  return inner ? inner.children.filter((c) => c.name === service) : [];
}

export function record(answer: SoapAnswer, service: string): XmlElement | undefined {
  return answer.result?.children.find((c) => c.name === service);
}
