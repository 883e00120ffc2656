// Page 42 "Sales Order" with part SalesLines (page 46 "Sales Order Subform") and
// page 43 "Sales Invoice" with part SalesLines (page 47). Header order follows a
// NAV 2016 SalesOrder WSDL seen in public generated code; lines follow §2.4.
// Document_Type is no control of these pages (the page view fixes it) but it is
// part of the OData key: SalesOrder(Document_Type='Order',No='101005') (§3.2).
import { boolean, code, date, decimal, integer, option, text } from '../fields.ts';
import { definePage, definePart, FULL_ACCESS } from '../page.ts';

export const SALES_DOCUMENT_TYPES = ['Quote', 'Order', 'Invoice', 'Credit Memo', 'Blanket Order', 'Return Order'] as const;
export const SALES_DOCUMENT_STATUS = ['Open', 'Released', 'Pending Approval', 'Pending Prepayment'] as const;
export const SALES_LINE_TYPES = ['', 'G/L Account', 'Item', 'Resource', 'Fixed Asset', 'Charge (Item)'] as const;

const documentType = option('Document_Type', 'Document Type', SALES_DOCUMENT_TYPES, { readOnly: true, odataOnly: true });

const sellTo = [
  code('Sell_to_Customer_No', 'Sell-to Customer No.', 20),
  code('Sell_to_Contact_No', 'Sell-to Contact No.', 20),
  text('Sell_to_Customer_Name', 'Sell-to Customer Name', 50),
  text('Sell_to_Address', 'Sell-to Address', 50),
  text('Sell_to_Address_2', 'Sell-to Address 2', 50),
  code('Sell_to_Post_Code', 'Sell-to Post Code', 20),
  text('Sell_to_City', 'Sell-to City', 30),
  text('Sell_to_Contact', 'Sell-to Contact', 50),
] as const;

const billTo = [
  code('Bill_to_Customer_No', 'Bill-to Customer No.', 20),
  text('Bill_to_Name', 'Bill-to Name', 50),
  text('Bill_to_Address', 'Bill-to Address', 50),
  text('Bill_to_City', 'Bill-to City', 30),
  code('Bill_to_Post_Code', 'Bill-to Post Code', 20),
] as const;

const shipTo = [
  text('Ship_to_Name', 'Ship-to Name', 50),
  text('Ship_to_Address', 'Ship-to Address', 50),
  text('Ship_to_Address_2', 'Ship-to Address 2', 50),
  code('Ship_to_Post_Code', 'Ship-to Post Code', 20),
  text('Ship_to_City', 'Ship-to City', 30),
  text('Ship_to_Contact', 'Ship-to Contact', 50),
] as const;

const lineStart = [
  option('Document_Type', 'Document Type', SALES_DOCUMENT_TYPES, { readOnly: true, odataOnly: true }),
  option('Type', 'Type', SALES_LINE_TYPES),
  code('No', 'No.', 20),
  code('VAT_Prod_Posting_Group', 'VAT Prod. Posting Group', 20),
  text('Description', 'Description', 50),
  code('Location_Code', 'Location Code', 10),
  decimal('Quantity', 'Quantity'),
  code('Unit_of_Measure_Code', 'Unit of Measure Code', 10),
  decimal('Unit_Price', 'Unit Price'),
  decimal('Line_Amount', 'Line Amount'),
  decimal('Line_Discount_Percent', 'Line Discount %'),
  decimal('Line_Discount_Amount', 'Line Discount Amount'),
] as const;

/**
 * The subform's footer (§2.4): the document's totals, the same on every line. NAV
 * sums the lines' amounts with each line's VAT rounded on its own (as posting does).
 */
const lineEnd = [
  code('Document_No', 'Document No.', 20, { readOnly: true }),
  integer('Line_No', 'Line No.', { readOnly: true }),
  decimal('Total_Amount_Excl_VAT', 'Total Amount Excl. VAT', { readOnly: true }),
  decimal('Total_VAT_Amount', 'Total VAT Amount', { readOnly: true }),
  decimal('Total_Amount_Incl_VAT', 'Total Amount Incl. VAT', { readOnly: true }),
] as const;

const salesLineLink = { lineField: 'Document_No', headerField: 'No' } as const;

export const salesOrderPage = definePage({
  service: 'SalesOrder',
  pageId: 42,
  pageName: 'Sales Order',
  tableName: 'Sales Header',
  tableNo: 36,
  key: ['Document_Type', 'No'],
  soapKey: ['No'],
  access: FULL_ACCESS,
  fields: [
    documentType,
    code('No', 'No.', 20),
    ...sellTo,
    date('Posting_Date', 'Posting Date'),
    date('Order_Date', 'Order Date'),
    date('Document_Date', 'Document Date'),
    date('Requested_Delivery_Date', 'Requested Delivery Date'),
    date('Promised_Delivery_Date', 'Promised Delivery Date'),
    code('Quote_No', 'Quote No.', 20, { readOnly: true }),
    code('External_Document_No', 'External Document No.', 35),
    code('Salesperson_Code', 'Salesperson Code', 20),
    option('Status', 'Status', SALES_DOCUMENT_STATUS, { readOnly: true }),
    ...billTo,
    code('Payment_Terms_Code', 'Payment Terms Code', 10),
    date('Due_Date', 'Due Date'),
    code('Payment_Method_Code', 'Payment Method Code', 10),
    boolean('Prices_Including_VAT', 'Prices Including VAT'),
    ...shipTo,
    code('Location_Code', 'Location Code', 10),
    code('Shipment_Method_Code', 'Shipment Method Code', 10),
    date('Shipment_Date', 'Shipment Date'),
    code('Currency_Code', 'Currency Code', 10),
  ],
  part: definePart({
    name: 'SalesLines',
    lineType: 'Sales_Order_Line',
    pageId: 46,
    tableName: 'Sales Line',
    tableNo: 37,
    key: ['Document_Type', 'Document_No', 'Line_No'],
    link: salesLineLink,
    lineNoField: 'Line_No',
    fields: [
      ...lineStart,
      decimal('Qty_to_Ship', 'Qty. to Ship'),
      decimal('Quantity_Shipped', 'Quantity Shipped', { readOnly: true }),
      decimal('Qty_to_Invoice', 'Qty. to Invoice'),
      decimal('Quantity_Invoiced', 'Quantity Invoiced', { readOnly: true }),
      date('Shipment_Date', 'Shipment Date'),
      ...lineEnd,
    ],
  }),
});

/** The line type name Sales_Invoice_Line is inferred from Sales_Order_Line (UNCONFIRMED, §1.7). */
export const salesInvoicePage = definePage({
  service: 'SalesInvoice',
  pageId: 43,
  pageName: 'Sales Invoice',
  tableName: 'Sales Header',
  tableNo: 36,
  key: ['Document_Type', 'No'],
  soapKey: ['No'],
  access: FULL_ACCESS,
  fields: [
    documentType,
    code('No', 'No.', 20),
    ...sellTo,
    date('Posting_Date', 'Posting Date'),
    date('Document_Date', 'Document Date'),
    date('Due_Date', 'Due Date'),
    code('External_Document_No', 'External Document No.', 35),
    text('Your_Reference', 'Your Reference', 35),
    code('Salesperson_Code', 'Salesperson Code', 20),
    option('Status', 'Status', SALES_DOCUMENT_STATUS, { readOnly: true }),
    ...billTo,
    code('Payment_Terms_Code', 'Payment Terms Code', 10),
    boolean('Prices_Including_VAT', 'Prices Including VAT'),
    ...shipTo,
    code('Location_Code', 'Location Code', 10),
    date('Shipment_Date', 'Shipment Date'),
    code('Currency_Code', 'Currency Code', 10),
  ],
  part: definePart({
    name: 'SalesLines',
    lineType: 'Sales_Invoice_Line',
    pageId: 47,
    tableName: 'Sales Line',
    tableNo: 37,
    key: ['Document_Type', 'Document_No', 'Line_No'],
    link: salesLineLink,
    lineNoField: 'Line_No',
    fields: [...lineStart, ...lineEnd],
  }),
});
