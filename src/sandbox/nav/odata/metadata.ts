// The OData v4 $metadata document: namespace NAV, the Company entity set with a
// containment navigation property per published page, an entity type per page
// (key, properties with Edm types and MaxLength) and one per lines part.
import type { FieldDef } from '../../../connectors/nav/schema/index.ts';
import type { PageBinding } from '../pages/bindings.ts';
import { escapeXml } from '../soap/xml.ts';

const EDM: Readonly<Record<FieldDef['kind'], string>> = {
  code: 'Edm.String',
  text: 'Edm.String',
  dateformula: 'Edm.String',
  option: 'Edm.String',
  decimal: 'Edm.Decimal',
  integer: 'Edm.Int32',
  boolean: 'Edm.Boolean',
  date: 'Edm.Date',
};

function property(field: FieldDef, key: boolean): string {
  const length = field.kind === 'code' || field.kind === 'text' ? ` MaxLength="${field.length}"` : '';
  const scale = field.kind === 'decimal' ? ' Scale="Variable"' : '';
  return `<Property Name="${field.name}" Type="${EDM[field.kind]}"${key ? ' Nullable="false"' : ''}${length}${scale}/>`;
}

function entityType(name: string, key: readonly string[], fields: readonly FieldDef[], navigation = ''): string {
  return (
    `<EntityType Name="${escapeXml(name)}"><Key>${key.map((k) => `<PropertyRef Name="${k}"/>`).join('')}</Key>` +
    fields.map((f) => property(f, key.includes(f.name))).join('') +
    navigation +
    `</EntityType>`
  );
}

export function metadataDocument(bindings: readonly PageBinding[]): string {
  const types: string[] = [];
  const companyNavigation: string[] = [];
  for (const { def, service } of bindings) {
    const part = def.part;
    let navigation = '';
    if (part) {
      const lineType = `${service}${part.name}`;
      navigation = `<NavigationProperty Name="${lineType}" Type="Collection(NAV.${lineType})" ContainsTarget="true"/>`;
      types.push(entityType(lineType, part.key, part.fields));
    }
    types.push(entityType(service, def.key, def.fields, navigation));
    companyNavigation.push(`<NavigationProperty Name="${service}" Type="Collection(NAV.${service})" ContainsTarget="true"/>`);
  }
  return (
    `<?xml version="1.0" encoding="utf-8"?><edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx"><edmx:DataServices>` +
    `<Schema Namespace="NAV" xmlns="http://docs.oasis-open.org/odata/ns/edm">` +
    `<EntityType Name="Company"><Key><PropertyRef Name="Name"/></Key><Property Name="Name" Type="Edm.String" Nullable="false" MaxLength="30"/>${companyNavigation.join('')}</EntityType>` +
    types.join('') +
    `<EntityContainer Name="NAV"><EntitySet Name="Company" EntityType="NAV.Company"/></EntityContainer>` +
    `</Schema></edmx:DataServices></edmx:Edmx>`
  );
}
