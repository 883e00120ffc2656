// XML in and out of the SOAP endpoints. Requests are parsed with fast-xml-parser,
// prefixes removed (clients use soap:, s:, soapenv:, tns: or none), attributes
// kept only to see xsi:nil. Responses are written as strings: a page of 1000
// records is 50 000 elements, and concatenation keeps that to milliseconds.
import { XMLParser } from 'fast-xml-parser';

export type XmlNode = string | { readonly [name: string]: XmlNode | XmlNode[] };

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  // Leaf text keeps its spaces ("  A  " is a different Name than "A").
  trimValues: false,
  processEntities: true,
  htmlEntities: false,
});

export class XmlSyntaxError extends Error {
  override name = 'XmlSyntaxError';
}

export function parseXml(text: string): Record<string, XmlNode> {
  try {
    return parser.parse(text, true) as Record<string, XmlNode>;
  } catch (error) {
    throw new XmlSyntaxError(error instanceof Error ? error.message : String(error));
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

/** A child element (or a list of them), whatever its prefix was. */
export function child(node: XmlNode | undefined, name: string): XmlNode | XmlNode[] | undefined {
  if (node === undefined || typeof node === 'string') return undefined;
  return node[name];
}

export function children(node: XmlNode | undefined, name: string): XmlNode[] {
  const found = child(node, name);
  return found === undefined ? [] : Array.isArray(found) ? found : [found];
}

/** The text of a leaf element; undefined for xsi:nil="true" (a value not sent). */
export function textOf(node: XmlNode | XmlNode[] | undefined): string | undefined {
  if (node === undefined) return undefined;
  if (Array.isArray(node)) return textOf(node[node.length - 1]);
  if (typeof node === 'string') return node;
  if (node['@nil'] === 'true') return undefined;
  const text = node['#text'];
  return typeof text === 'string' ? text : '';
}

/** Element names of an object node, without attributes and text. */
export function elementNames(node: XmlNode | undefined): string[] {
  if (node === undefined || typeof node === 'string') return [];
  return Object.keys(node).filter((k) => !k.startsWith('@') && k !== '#text');
}
