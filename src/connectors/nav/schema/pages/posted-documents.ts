// Posted documents: page 132 "Posted Sales Invoice" (part SalesInvLines, page 133),
// page 130 "Posted Sales Shipment" (part SalesShipmLines, page 131) and page 134
// "Posted Sales Credit Memo" (part SalesCrMemoLines, page 135). These pages do
// not allow insert, modify or delete. The line type names follow the
// Sales_Order_Line pattern (UNCONFIRMED, §1.7); the NAV 2013–2018 layouts are
// UNCONFIRMED (§2.5), the fields are those of the posted tables.
import { boolean, code, date, decimal, integer, option, text } from '../fields.ts';
import { definePage, definePart, READ_ONLY } from '../page.ts';
import { SALES_LINE_TYPES } from './sales-documents.ts';

const ro = { readOnly: true } as const;

const postedHeaderStart = [
  code('No', 'No.', 20, ro),
  code('Sell_to_Customer_No', 'Sell-to Customer No.', 20, ro),
  text('Sell_to_Customer_Name', 'Sell-to Customer Name', 50, ro),
  text('Sell_to_Address', 'Sell-to Address', 50, ro),
  text('Sell_to_City', 'Sell-to City', 30, ro),
  code('Sell_to_Post_Code', 'Sell-to Post Code', 20, ro),
  text('Sell_to_Contact', 'Sell-to Contact', 50, ro),
  code('Bill_to_Customer_No', 'Bill-to Customer No.', 20, ro),
  text('Bill_to_Name', 'Bill-to Name', 50, ro),
  date('Posting_Date', 'Posting Date', ro),
  date('Document_Date', 'Document Date', ro),
  code('External_Document_No', 'External Document No.', 35, ro),
  code('Salesperson_Code', 'Salesperson Code', 20, ro),
  code('Location_Code', 'Location Code', 10, ro),
  code('Currency_Code', 'Currency Code', 10, ro),
] as const;

const postedLineStart = [
  code('Document_No', 'Document No.', 20, ro),
  integer('Line_No', 'Line No.', ro),
  option('Type', 'Type', SALES_LINE_TYPES, ro),
  code('No', 'No.', 20, ro),
  text('Description', 'Description', 50, ro),
  code('Location_Code', 'Location Code', 10, ro),
  decimal('Quantity', 'Quantity', ro),
  code('Unit_of_Measure_Code', 'Unit of Measure Code', 10, ro),
] as const;

const amountLineEnd = [
  code('VAT_Prod_Posting_Group', 'VAT Prod. Posting Group', 20, ro),
  decimal('Unit_Price', 'Unit Price', ro),
  decimal('Line_Discount_Percent', 'Line Discount %', ro),
  decimal('Line_Amount', 'Line Amount', ro),
  decimal('Amount', 'Amount', ro),
  decimal('Amount_Including_VAT', 'Amount Including VAT', ro),
] as const;

const postedLink = { lineField: 'Document_No', headerField: 'No' } as const;
const postedLineKey = ['Document_No', 'Line_No'] as const;
const postedPage = { key: ['No'], soapKey: ['No'], access: READ_ONLY } as const;

export const postedSalesInvoicesPage = definePage({
  ...postedPage,
  service: 'PostedSalesInvoices',
  pageId: 132,
  pageName: 'Posted Sales Invoice',
  tableName: 'Sales Invoice Header',
  tableNo: 112,
  fields: [
    ...postedHeaderStart,
    code('Order_No', 'Order No.', 20, ro),
    // Table 112 field 19, copied from the order by posting; b24nav reads it for an order
    // NAV deleted after posting it in full (the control on page 132 is UNCONFIRMED, §2.5).
    date('Order_Date', 'Order Date', ro),
    code('Payment_Terms_Code', 'Payment Terms Code', 10, ro),
    date('Due_Date', 'Due Date', ro),
    date('Shipment_Date', 'Shipment Date', ro),
    code('Shipment_Method_Code', 'Shipment Method Code', 10, ro),
    decimal('Amount', 'Amount', ro),
    decimal('Amount_Including_VAT', 'Amount Including VAT', ro),
    decimal('Remaining_Amount', 'Remaining Amount', ro),
    boolean('Closed', 'Closed', ro),
    boolean('Cancelled', 'Cancelled', ro),
    integer('No_Printed', 'No. Printed', ro),
  ],
  part: definePart({
    name: 'SalesInvLines',
    lineType: 'Posted_Sales_Invoice_Line',
    pageId: 133,
    tableName: 'Sales Invoice Line',
    tableNo: 113,
    key: postedLineKey,
    link: postedLink,
    lineNoField: 'Line_No',
    fields: [...postedLineStart, ...amountLineEnd],
  }),
});

export const postedSalesShipmentsPage = definePage({
  ...postedPage,
  service: 'PostedSalesShipments',
  pageId: 130,
  pageName: 'Posted Sales Shipment',
  tableName: 'Sales Shipment Header',
  tableNo: 110,
  fields: [
    ...postedHeaderStart,
    code('Order_No', 'Order No.', 20, ro),
    date('Shipment_Date', 'Shipment Date', ro),
    code('Shipment_Method_Code', 'Shipment Method Code', 10, ro),
    text('Ship_to_Name', 'Ship-to Name', 50, ro),
    text('Ship_to_Address', 'Ship-to Address', 50, ro),
    text('Ship_to_City', 'Ship-to City', 30, ro),
    integer('No_Printed', 'No. Printed', ro),
  ],
  part: definePart({
    name: 'SalesShipmLines',
    lineType: 'Posted_Sales_Shipment_Line',
    pageId: 131,
    tableName: 'Sales Shipment Line',
    tableNo: 111,
    key: postedLineKey,
    link: postedLink,
    lineNoField: 'Line_No',
    fields: [...postedLineStart, decimal('Quantity_Invoiced', 'Quantity Invoiced', ro), date('Shipment_Date', 'Shipment Date', ro)],
  }),
});

export const postedSalesCreditMemosPage = definePage({
  ...postedPage,
  service: 'PostedSalesCreditMemos',
  pageId: 134,
  pageName: 'Posted Sales Credit Memo',
  tableName: 'Sales Cr.Memo Header',
  tableNo: 114,
  fields: [
    ...postedHeaderStart,
    date('Due_Date', 'Due Date', ro),
    option('Applies_to_Doc_Type', 'Applies-to Doc. Type', ['', 'Payment', 'Invoice', 'Credit Memo', 'Finance Charge Memo', 'Reminder', 'Refund'], ro),
    code('Applies_to_Doc_No', 'Applies-to Doc. No.', 20, ro),
    decimal('Amount', 'Amount', ro),
    decimal('Amount_Including_VAT', 'Amount Including VAT', ro),
    decimal('Remaining_Amount', 'Remaining Amount', ro),
    boolean('Paid', 'Paid', ro),
    integer('No_Printed', 'No. Printed', ro),
  ],
  part: definePart({
    name: 'SalesCrMemoLines',
    lineType: 'Posted_Sales_Credit_Memo_Line',
    pageId: 135,
    tableName: 'Sales Cr.Memo Line',
    tableNo: 115,
    key: postedLineKey,
    link: postedLink,
    lineNoField: 'Line_No',
    fields: [...postedLineStart, ...amountLineEnd],
  }),
});
