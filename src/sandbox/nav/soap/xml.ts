// XML of the SOAP endpoints. Requests are read with the namespace-aware reader the
// client uses (strict: broken XML is refused, as WCF refuses it; xsi:nil="true"
// counts as a value not sent). Responses are written as strings: a page of 1000
// records is 50 000 elements, and concatenation keeps that to milliseconds.
import { readXml, XmlReadError, type XmlElement } from '../../../connectors/nav/soap/xml-reader.ts';

export { child, childrenNamed, emptyElement, type XmlElement } from '../../../connectors/nav/soap/xml-reader.ts';

export class XmlSyntaxError extends Error {
  override name = 'XmlSyntaxError';
}

export function parseXml(text: string): XmlElement {
  try {
    return readXml(text);
  } catch (error) {
    if (error instanceof XmlReadError) throw new XmlSyntaxError(error.message);
    throw error;
  }
}

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

// eslint-disable-next-line no-control-regex -- XML 1.0 cannot carry these characters at all
const NEEDS_ESCAPE = /[&<>"'\u0000-\u0008\u000B\u000C\u000E-\u001F]/;

export function escapeXml(text: string): string {
  // Most values need nothing: test once, replace only when needed.
  if (!NEEDS_ESCAPE.test(text)) return text;
  // Characters XML 1.0 cannot carry at all are dropped rather than sent broken.
  // eslint-disable-next-line no-control-regex -- as above
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c).replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '');
}
