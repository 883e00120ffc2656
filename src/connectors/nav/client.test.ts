// The client suite over SOAP and OData v4, each with NTLM and with Basic, against
// the NAV sandbox over real HTTP.
import { startNavSandbox } from '../../sandbox/nav/index.ts';
import { createNavClient } from './client.ts';
import { navClientSuite, type SuiteTarget } from './client.suite.ts';

const ACCOUNT = { user: 'svc-b24nav', password: 'Sync-Pass-42', domain: 'CRONUS' };

for (const transport of ['soap', 'odata'] as const) {
  for (const auth of ['ntlm', 'basic'] as const) {
    navClientSuite(`NAV client over ${transport} with ${auth}`, async (): Promise<SuiteTarget> => {
      const nav = await startNavSandbox({ port: 0, auth, ...ACCOUNT });
      const company = 'CRONUS International Ltd.';
      return {
        company,
        secondCompany: 'КРОНУС Россия',
        client: (name = company) =>
          createNavClient({
            soapUrl: nav.baseUrl,
            company: name,
            auth: auth === 'ntlm' ? { mode: 'ntlm', ...ACCOUNT } : { mode: 'basic', user: ACCOUNT.user, password: ACCOUNT.password },
            transport,
            maxConcurrency: 8,
          }),
        actions: {
          postOrder: (no) => Promise.resolve(nav.sandbox.postOrder({ no })),
          receivePayment: (customerNo, amount, invoiceNo) => {
            nav.sandbox.receivePayment({ customerNo, amount, appliesToInvoiceNo: invoiceNo });
            return Promise.resolve();
          },
        },
        close: () => nav.close(),
      };
    });
  }
}
