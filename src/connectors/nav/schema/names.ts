// How NAV turns a field (or control) name into an XML element / OData property
// name, and an option caption into a WSDL enumeration value. Rules from
// nav-web-services.md §2.1 and §1.3 (Scott Wright's company-name conversion,
// which the published field names follow).

const TO_UNDERSCORE = new Set(['@', '"', '.', '/', '(', ')', '\\', '-', ' ', "'"]);

export function elementName(navName: string): string {
  // Separators become one '_' (never two in a row, none at the end); other
  // characters are XML-escaped as _xHHHH_, whose own underscores stay.
  let out = '';
  let pending = false;
  for (const ch of navName.replace(/%/g, 'Percent')) {
    if (TO_UNDERSCORE.has(ch) || ch === '_') {
      pending = true;
      continue;
    }
    if (pending && out !== '' && !out.endsWith('_')) out += '_';
    else if (pending && out === '') out += '_'; // a leading "(" keeps one
    pending = false;
    out += /[A-Za-z0-9]/.test(ch) || ch.charCodeAt(0) > 127 ? ch : `_x${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}_`;
  }
  return out;
}

/** The WSDL enumeration value of an option caption: blank is `_blank_`, spaces become `_`. */
export function optionEnumName(caption: string): string {
  return caption === '' ? '_blank_' : elementName(caption);
}

/** The XML namespace of a page service: the service name lower-cased (§1.3). */
export function pageNamespace(service: string): string {
  return `urn:microsoft-dynamics-schemas/page/${service.toLowerCase()}`;
}

/** The XML namespace of a codeunit service: case preserved (§1.3). */
export function codeunitNamespace(service: string): string {
  return `urn:microsoft-dynamics-schemas/codeunit/${service}`;
}

export const SYSTEM_SERVICE_NAMESPACE = 'urn:microsoft-dynamics-schemas/nav/system/';
export const SOAP_ENVELOPE_NAMESPACE = 'http://schemas.xmlsoap.org/soap/envelope/';
export const NAV_ERROR_NAMESPACE = 'urn:microsoft-dynamics-schemas/error';

/**
 * .NET Uri.EscapeDataString, which NAV uses for company names in URLs since
 * NAV 2009 SP1 (§1.1): RFC 3986 unreserved characters stay, everything else is
 * percent-encoded as UTF-8, including ! ' ( ) * that encodeURIComponent keeps.
 */
export function escapeDataString(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
