// WSDL documents of page, codeunit and system services, shaped like the NAV 2016
// WSDL in nav-web-services.md §1.3–1.4: document/literal SOAP 1.1, types
// <Svc>, <Svc>_List, <Svc>_Fields, <Svc>_Filter, an enumeration per option field,
// soapAction "<namespace>:<Operation>", and the absolute address of the service.
import { codeunitNamespace, optionEnumName, pageNamespace, SYSTEM_SERVICE_NAMESPACE, type FieldDef, type PageDef } from '../../../connectors/nav/schema/index.ts';
import { soapFields } from './entity-xml.ts';
import { escapeXml } from './xml.ts';

const XSD_TYPES: Readonly<Record<FieldDef['kind'], string>> = {
  code: 'string',
  text: 'string',
  dateformula: 'string',
  decimal: 'decimal',
  integer: 'int',
  boolean: 'boolean',
  date: 'date',
  option: 'string',
};

interface Operation {
  readonly name: string;
  readonly input: string;
  readonly output: string;
}

function el(name: string, type: string, min: number, max: number | 'unbounded' = 1): string {
  return `<xsd:element minOccurs="${min}" maxOccurs="${max}" name="${name}" type="${type}"/>`;
}

function wrapper(name: string, content: string): string {
  return `<xsd:element name="${name}"><xsd:complexType><xsd:sequence>${content}</xsd:sequence></xsd:complexType></xsd:element>`;
}

function enumType(name: string, values: readonly string[]): string {
  return `<xsd:simpleType name="${name}"><xsd:restriction base="xsd:string">${values.map((v) => `<xsd:enumeration value="${escapeXml(v)}"/>`).join('')}</xsd:restriction></xsd:simpleType>`;
}

function entityType(name: string, fields: readonly FieldDef[], enumNames: Map<FieldDef, string>, extra = ''): string {
  const elements = fields.map((f) => el(f.name, f.kind === 'option' ? `tns:${enumNames.get(f) ?? f.name}` : `xsd:${XSD_TYPES[f.kind]}`, 0)).join('');
  return `<xsd:complexType name="${name}"><xsd:sequence>${el('Key', 'xsd:string', 0)}${elements}${extra}</xsd:sequence></xsd:complexType>`;
}

function definitions(ns: string, service: string, types: string, operations: readonly Operation[], address: string): string {
  const messages = operations.map((op) => `<message name="${op.name}"><part name="parameters" element="tns:${op.name}"/></message><message name="${op.name}_Result"><part name="parameters" element="tns:${op.name}_Result"/></message>`).join('');
  const portOps = operations.map((op) => `<operation name="${op.name}"><input name="${op.name}" message="tns:${op.name}"/><output name="${op.name}_Result" message="tns:${op.name}_Result"/></operation>`).join('');
  const soap = 'xmlns="http://schemas.xmlsoap.org/wsdl/soap/"';
  const bindingOps = operations
    .map(
      (op) =>
        `<operation name="${op.name}"><operation soapAction="${ns}:${op.name}" style="document" ${soap}/>` +
        `<input name="${op.name}"><body use="literal" ${soap}/></input><output name="${op.name}_Result"><body use="literal" ${soap}/></output></operation>`,
    )
    .join('');
  return (
    `<?xml version="1.0" encoding="utf-8"?><definitions xmlns="http://schemas.xmlsoap.org/wsdl/" targetNamespace="${ns}" xmlns:tns="${ns}">` +
    `<types><xsd:schema elementFormDefault="qualified" targetNamespace="${ns}" xmlns:xsd="http://www.w3.org/2001/XMLSchema">${types}${operations.map((op) => op.input + op.output).join('')}</xsd:schema></types>` +
    messages +
    `<portType name="${service}_Port">${portOps}</portType>` +
    `<binding name="${service}_Binding" type="tns:${service}_Port"><binding transport="http://schemas.xmlsoap.org/soap/http" ${soap}/>${bindingOps}</binding>` +
    `<service name="${service}_Service"><port name="${service}_Port" binding="tns:${service}_Binding"><address location="${escapeXml(address)}" ${soap}/></port></service>` +
    `</definitions>`
  );
}

export function pageWsdl(def: PageDef, service: string, address: string): string {
  const ns = pageNamespace(service);
  const fields = soapFields(def.fields);
  const part = def.part;
  const lineFields = part ? soapFields(part.fields) : [];
  // One enumeration per option field, named after the field; a name used twice with other values gets a suffix.
  const enumNames = new Map<FieldDef, string>();
  const enumValues = new Map<string, string>();
  const enums: string[] = [];
  for (const f of [...fields, ...lineFields]) {
    if (f.kind !== 'option') continue;
    const values = f.options.map(optionEnumName);
    let name = f.name;
    for (let n = 2; enumValues.has(name) && enumValues.get(name) !== values.join('|'); n++) name = `${f.name}_${n}`;
    enumNames.set(f, name);
    if (!enumValues.has(name)) {
      enumValues.set(name, values.join('|'));
      enums.push(enumType(name, values));
    }
  }
  const listType = (name: string): string => `<xsd:complexType name="${name}_List"><xsd:sequence>${el(name, `tns:${name}`, 1, 'unbounded')}</xsd:sequence></xsd:complexType>`;
  let types = enums.join('');
  if (part) types += entityType(part.lineType, lineFields, enumNames) + listType(part.lineType);
  types += entityType(service, fields, enumNames, part ? el(part.name, `tns:${part.lineType}_List`, 0) : '');
  types += listType(service);
  types += enumType(`${service}_Fields`, fields.map((f) => f.name));
  types += `<xsd:complexType name="${service}_Filter"><xsd:sequence>${el('Field', `tns:${service}_Fields`, 1)}${el('Criteria', 'xsd:string', 1)}</xsd:sequence></xsd:complexType>`;

  const keyParams = def.soapKey.map((k) => el(k, 'xsd:string', 1)).join('');
  const op = (name: string, input: string, output: string): Operation => ({ name, input: wrapper(name, input), output: wrapper(`${name}_Result`, output) });
  const ops: Operation[] = [
    op('Read', keyParams, el(service, `tns:${service}`, 0)),
    op('ReadByRecId', el('recId', 'xsd:string', 1), el(service, `tns:${service}`, 0)),
    op('ReadMultiple', el('filter', `tns:${service}_Filter`, 1, 'unbounded') + el('bookmarkKey', 'xsd:string', 0) + el('setSize', 'xsd:int', 1), el('ReadMultiple_Result', `tns:${service}_List`, 0)),
    op('IsUpdated', el('Key', 'xsd:string', 1), el('IsUpdated_Result', 'xsd:boolean', 1)),
    op('GetRecIdFromKey', el('Key', 'xsd:string', 1), el('GetRecIdFromKey_Result', 'xsd:string', 1)),
  ];
  if (def.access.insert) {
    ops.push(op('Create', el(service, `tns:${service}`, 1), el(service, `tns:${service}`, 1)));
    ops.push(op('CreateMultiple', el(`${service}_List`, `tns:${service}_List`, 1), el(`${service}_List`, `tns:${service}_List`, 1)));
  }
  if (def.access.modify) {
    ops.push(op('Update', el(service, `tns:${service}`, 1), el(service, `tns:${service}`, 1)));
    ops.push(op('UpdateMultiple', el(`${service}_List`, `tns:${service}_List`, 1), el(`${service}_List`, `tns:${service}_List`, 1)));
  }
  if (def.access.delete) ops.push(op('Delete', el('Key', 'xsd:string', 1), el('Delete_Result', 'xsd:boolean', 1)));
  if (part && def.access.modify) ops.push(op(`Delete_${part.name}`, el(`${part.name}_Key`, 'xsd:string', 1), el(`Delete_${part.name}_Result`, 'xsd:boolean', 1)));
  return definitions(ns, service, types, ops, address);
}

export interface CodeunitOperation {
  readonly name: string;
  readonly parameters: ReadonlyArray<readonly [name: string, xsdType: string]>;
}

export function codeunitWsdl(service: string, operations: readonly CodeunitOperation[], address: string): string {
  const ns = codeunitNamespace(service);
  const ops = operations.map((o) => ({
    name: o.name,
    input: wrapper(o.name, o.parameters.map(([n, t]) => el(n, `xsd:${t}`, 1)).join('')),
    output: wrapper(`${o.name}_Result`, ''),
  }));
  return definitions(ns, service, '', ops, address);
}

export function systemServiceWsdl(address: string): string {
  const ns = SYSTEM_SERVICE_NAMESPACE;
  const ops: Operation[] = [{ name: 'Companies', input: wrapper('Companies', ''), output: wrapper('Companies_Result', el('return_value', 'xsd:string', 0, 'unbounded')) }];
  return definitions(ns, 'SystemService', '', ops, address);
}
