// SOAP 1.1 envelopes and faults as NAV writes them (nav-web-services.md §1.6):
// results in a `Soap:` envelope, faults with HTTP 500, a faultcode in
// urn:microsoft-dynamics-schemas/error, and the message again in the detail (the
// WCF FaultException<string> shape; the exact detail is UNCONFIRMED).
import { NAV_ERROR_NAMESPACE, SOAP_ENVELOPE_NAMESPACE } from '../../../connectors/nav/schema/index.ts';
import { escapeXml } from './xml.ts';

export function envelope(body: string): string {
  return `<?xml version="1.0" encoding="utf-8"?><Soap:Envelope xmlns:Soap="${SOAP_ENVELOPE_NAMESPACE}"><Soap:Body>${body}</Soap:Body></Soap:Envelope>`;
}

/** `faultClass` is a NAV exception class (NavFaultClass) or a full .NET class name. */
export function faultEnvelope(faultClass: string, message: string): string {
  const code = faultClass.includes('.') ? faultClass : `Microsoft.Dynamics.Nav.Types.Exceptions.${faultClass}`;
  const text = escapeXml(message);
  return (
    `<s:Envelope xmlns:s="${SOAP_ENVELOPE_NAMESPACE}"><s:Body><s:Fault>` +
    `<faultcode xmlns:a="${NAV_ERROR_NAMESPACE}">a:${code}</faultcode>` +
    `<faultstring xml:lang="en-US">${text}</faultstring>` +
    `<detail><string xmlns="http://schemas.microsoft.com/2003/10/Serialization/">${text}</string></detail>` +
    `</s:Fault></s:Body></s:Envelope>`
  );
}
