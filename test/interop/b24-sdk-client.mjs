// Runs in a child process with NODE_EXTRA_CA_CERTS = the sandbox's certificate:
// the official Bitrix24 SDK, unchanged, against the sandbox. Prints one JSON report.
import { B24Hook } from '@bitrix24/b24jssdk';

const url = process.argv[2];
const $b24 = B24Hook.fromWebhookUrl(url);
const report = {};
try {
  // add / get / update / delete with multifields
  const added = await $b24.actions.v2.call.make({ method: 'crm.company.add', params: { fields: { TITLE: 'SDK Company', PHONE: [{ VALUE: '+7 495 000-11-22', VALUE_TYPE: 'WORK' }] } } });
  const id = added.getData().result;
  report.added = id;
  const got = await $b24.actions.v2.call.make({ method: 'crm.company.get', params: { id } });
  report.got = { title: got.getData().result.TITLE, phone: got.getData().result.PHONE?.[0]?.VALUE, phoneId: got.getData().result.PHONE?.[0]?.ID };
  await $b24.actions.v2.call.make({ method: 'crm.company.update', params: { id, fields: { TITLE: 'SDK Company 2', PHONE: [{ ID: report.got.phoneId, VALUE: '+7 495 000-33-44' }] } } });
  const again = await $b24.actions.v2.call.make({ method: 'crm.company.get', params: { id } });
  report.updated = { title: again.getData().result.TITLE, phones: again.getData().result.PHONE.map((p) => p.VALUE) };
  // list with paging (the SDK's keyset export)
  const all = await $b24.actions.v2.callList.make({ method: 'crm.company.list', params: { select: ['ID', 'TITLE'] }, idKey: 'ID' });
  report.listed = all.getData().length;
  // batch with references
  const batch = await $b24.actions.v2.batch.make({
    calls: { a: { method: 'crm.company.add', params: { fields: { TITLE: 'Batch ref' } } }, b: { method: 'crm.company.get', params: { id: '$result[a]' } } },
    options: { isHaltOnError: true },
  });
  const data = batch.getData();
  report.batch = data.b?.TITLE ?? null;
  // an error as the portal sends it
  const missing = await $b24.actions.v2.call.make({ method: 'crm.company.get', params: { id: 999999 } }).then(
    (r) => ({ ok: r.isSuccess, messages: r.getErrorMessages() }),
    (e) => ({ ok: false, thrown: String(e?.message ?? e) }),
  );
  report.missing = missing;
  await $b24.actions.v2.call.make({ method: 'crm.company.delete', params: { id } });
  // a burst: the SDK's own limiter must keep it within the bucket (retrying 503 if not)
  const burst = await Promise.all(Array.from({ length: 70 }, () => $b24.actions.v2.call.make({ method: 'crm.company.get', params: { id: 1 } }).then((r) => r.isSuccess, () => false)));
  report.burst = burst.filter(Boolean).length;
} catch (error) {
  report.error = String(error?.stack ?? error);
}
process.stdout.write(JSON.stringify(report));
