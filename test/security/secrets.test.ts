// Issue 6 §6: after a full run of `b24nav run` with faults that make records fail,
// no secret of its configuration — nor any OAuth token it was given or refreshed —
// appears in its log, in the error messages, in any row of its store (history,
// dead letters, runs, links), in /api/*, /metrics, or the CLI's output. Bitrix24 is
// reached once through an inbound webhook (its code is the secret) and once
// through an OAuth application (client secret, access and refresh tokens). The
// same run checks the body limit (413 naming server.bodyLimitBytes) and that the
// service never calls the sandboxes' admin API.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { runServiceWithFaults, type ServiceRun } from './run-service.ts';

for (const mode of ['webhook', 'oauth'] as const) {
  describe(`security: no secret in any output after a run with faults (Bitrix24 through ${mode === 'webhook' ? 'an inbound webhook' : 'OAuth'})`, () => {
    let run: ServiceRun;
    before(async () => {
      run = await runServiceWithFaults(mode);
    });

    it(`${mode}: the run produced what the check needs: errors in the log, dead letters, history, metrics`, () => {
      assert.ok(run.deadLetters >= 2, `dead letters: ${run.deadLetters}`);
      assert.ok(run.historyRows > 10, `history rows: ${run.historyRows}`);
      const log = run.outputs.get('service log') ?? '';
      assert.match(log, /"level":(40|50)/, 'warnings or errors were logged');
      assert.match(run.outputs.get('GET /metrics') ?? '', /^200 [\s\S]*b24nav_/);
      assert.match(run.outputs.get('GET /api/dead-letters') ?? '', /^200 [\s\S]*(NAV_VALIDATION|SYNC_MAPPING)/);
      assert.match(run.outputs.get('store table jobs') ?? '', /NAV_VALIDATION/);
    });

    it(`${mode}: a secret that reaches an exit as data (a password pasted into a company name) is masked in the dead letters, history and /api`, () => {
      for (const source of ['store table jobs', 'store table history', 'GET /api/dead-letters']) assert.match(run.outputs.get(source) ?? '', /Pasted \[redacted\] P/, source);
    });

    it(`${mode}: no secret appears in the log, the store, /api/*, /metrics or the CLI`, () => {
      const leaks: string[] = [];
      for (const [source, text] of run.outputs) {
        for (const secret of run.secrets) {
          if (secret.asDataIn?.includes(source)) continue;
          if (secret.values.some((v) => text.includes(v))) leaks.push(`${secret.name} in ${source}`);
        }
      }
      assert.deepEqual(leaks, []);
      assert.ok(run.outputs.size >= 20, `${run.outputs.size} outputs checked`);
    });

    it(`${mode}: refusals name what is wrong without echoing what was sent`, () => {
      assert.match(run.outputs.get('POST /webhooks/bitrix24 wrong token') ?? '', /^401 .*BAD_TOKEN/);
      assert.match(run.outputs.get('GET /api/status with a wrong token') ?? '', /^401 /);
      assert.match(run.outputs.get('GET /metrics without the token') ?? '', /^401 /);
      assert.match(run.outputs.get('POST /webhooks/bitrix24 too large') ?? '', /^413 .*TOO_LARGE.*server\.bodyLimitBytes/);
      assert.match(run.outputs.get('POST /api/auth/login too large') ?? '', /^413 .*server\.bodyLimitBytes/);
    });

    it(`${mode}: the service never called a sandbox admin URL (/_sandbox/) on either system`, () => {
      // OAuth answers name the portal's own address as the endpoint for later calls, so after the first refresh
      // the Bitrix24 calls of the OAuth run bypass the relay; the webhook run sees all of them.
      assert.ok(run.requests.b24.some((l) => / \/rest\//.test(l)), run.requests.b24.slice(0, 5).join('\n'));
      if (mode === 'webhook') assert.ok(run.requests.b24.length > 10, `${run.requests.b24.length} Bitrix24 requests seen`);
      assert.ok(run.requests.nav.length > 10, `${run.requests.nav.length} NAV requests seen`);
      assert.deepEqual([...run.requests.b24, ...run.requests.nav].filter((l) => l.includes('/_sandbox')), []);
    });
  });
}
