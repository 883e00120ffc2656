// XML for the SOAP client: envelopes built as strings with XML-safe escaping,
// answers read with the namespace-aware reader. The envelope is recognised by
// namespace, not by prefix (NAV writes `Soap:` or `s:`, §1.6).
import { SOAP_ENVELOPE_NAMESPACE } from '../schema/index.ts';
import { child, readXml, XmlReadError, type XmlElement } from './xml-reader.ts';

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Escapes markup and drops the control characters XML 1.0 cannot carry at all. */
export function escapeXml(text: string): string {
  // eslint-disable-next-line no-control-regex -- XML 1.0 cannot carry these characters at all
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c).replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '');
}

export function soapEnvelope(namespace: string, operation: string, inner: string): string {
  return `<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="${SOAP_ENVELOPE_NAMESPACE}"><soap:Body><${operation} xmlns="${namespace}">${inner}</${operation}></soap:Body></soap:Envelope>`;
}

export function element(name: string, text: string): string {
  return `<${name}>${escapeXml(text)}</${name}>`;
}

/** The Body of a SOAP 1.1 answer, or undefined when the text is not one. */
export function soapBody(xml: string): XmlElement | undefined {
  let envelope: XmlElement;
  try {
    envelope = readXml(xml);
  } catch (error) {
    if (error instanceof XmlReadError) return undefined;
    throw error;
  }
  if (envelope.name !== 'Envelope' || envelope.ns !== SOAP_ENVELOPE_NAMESPACE) return undefined;
  const body = child(envelope, 'Body');
  if (body) return body;
  // <Body/> with nothing in it is a leaf.
  return envelope.leaves.has('Body') ? { ns: SOAP_ENVELOPE_NAMESPACE, name: 'Body', children: [], leaves: new Map(), text: '' } : undefined;
}

export { child, childrenNamed, leafTexts, type XmlElement } from './xml-reader.ts';
