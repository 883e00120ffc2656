// customers = the Customer page (page 21 Customer Card, published as `Customer`).
//
// Side field paths (what config field maps name) — every field of the page, as the
// schema names it (src/connectors/nav/schema/pages/customer.ts):
//   No (Code 20), Name (Text 50), Address, Address_2 (Text 50), Post_Code (Code 20),
//   City, County (Text 30), Country_Region_Code (Code 10), Phone_No (Text 30),
//   Primary_Contact_No (Code 20), Contact (Text 50), Search_Name (Code 50),
//   E_Mail, Home_Page (Text 80), Fax_No (Text 30), VAT_Registration_No (Text 20),
//   GLN (Code 13), Salesperson_Code, Bill_to_Customer_No, posting groups (Code 20),
//   Customer_Price_Group (Code 10), Customer_Disc_Group (Code 20),
//   Payment_Terms_Code, Payment_Method_Code, Location_Code, Shipment_Method_Code,
//   Currency_Code, Language_Code (Code 10)                  — strings, '' when blank
//   Credit_Limit_LCY                                          — number
//   Balance_LCY, Balance_Due_LCY                              — numbers, read-only (FlowFields)
//   Privacy_Blocked, Allow_Line_Disc, Prices_Including_VAT, Print_Statements,
//   Combine_Shipments                                         — booleans
//   Blocked ('' | 'Ship' | 'Invoice' | 'All'), Application_Method ('Manual' |
//   'Apply to Oldest')                                        — option captions, the same on SOAP and OData
//   Last_Date_Modified                                        — YYYY-MM-DD or null, read-only
// id = No; version = the SOAP Key or OData ETag; modifiedAt = Last_Date_Modified.
// A create without No takes the next number of the customer series.
import type { NavClient } from '../client.ts';
import { NAV_PAGES } from '../schema/index.ts';
import { pageEntity, type NavEntity } from './entity.ts';
import { loose } from './nav-page.ts';

export function customersEntity(client: NavClient): NavEntity {
  return pageEntity('customers', loose(client.customers), NAV_PAGES.customer);
}
