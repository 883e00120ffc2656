// The operator commands as an operator runs them — `b24nav dlq|conflicts|replay|
// reconcile -c <file>` — against both sandboxes over real HTTP and a config file,
// checking output, exit codes and what happened in the systems. Bad input (unknown
// entity, bad date, unknown id) is refused with exit code 2, naming it. The commands
// run in-process on a terminal that records their output (a child process costs
// seconds of start-up each); `node bin/b24nav.js` itself is run for a few of them.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Command } from 'commander';
import { parseDocument } from 'yaml';
import { openRuntime, userFieldsToEnsure } from '../../src/app/runtime.ts';
import { parseTake, registerConflictsCommand } from '../../src/cli/commands/conflicts.ts';
import { registerDlqCommand } from '../../src/cli/commands/dlq.ts';
import type { Terminal } from '../../src/cli/commands/ops-common.ts';
import { registerReconcileCommand } from '../../src/cli/commands/reconcile.ts';
import { registerReplayCommand } from '../../src/cli/commands/replay.ts';
import { silentLogger } from '../../src/core/log.ts';
import { loadConfig } from '../../src/config/load.ts';
import { sandboxConfig } from '../../src/config/templates.ts';
import { b24Admin, startB24Sandbox, type RunningB24Sandbox } from '../../src/sandbox/bitrix24/index.ts';
import { startNavSandbox, type RunningNavSandbox } from '../../src/sandbox/nav/index.ts';
import { OpsError } from '../../src/ops/errors.ts';

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** The operator commands on a terminal that records what they print and the exit code they set. */
async function inProcess(args: readonly string[]): Promise<Run> {
  let stdout = '';
  let stderr = '';
  let code = 0;
  const io: Terminal = { out: (t) => void (stdout += t), err: (t) => void (stderr += t), exit: (c) => void (code = c), tty: false };
  const program = new Command('b24nav').exitOverride().configureOutput({ writeOut: (t) => void (stdout += t), writeErr: (t) => void (stderr += t) });
  registerDlqCommand(program, io);
  registerReplayCommand(program, io);
  registerConflictsCommand(program, io);
  registerReconcileCommand(program, io);
  await program.parseAsync(['node', 'b24nav', ...args]);
  return { code, stdout, stderr };
}

/** The real command in a child process, without blocking this one: the sandboxes answer from its event loop. */
function b24nav(args: readonly string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['bin/b24nav.js', ...args], { encoding: 'utf8', timeout: 120_000, env: { ...process.env, NO_COLOR: '1' } }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

const LONG_NAME = `ООО «${'Очень длинное название '.repeat(3)}»`;

describe('conflicts resolve --take', () => {
  const fields = ['city', 'email', 'name'];
  it('takes one side for every field, per field, or one side with exceptions', () => {
    assert.deepEqual(parseTake('nav', fields), { city: 'nav', email: 'nav', name: 'nav' });
    assert.deepEqual(parseTake('city=b24, email=nav,name=b24', fields), { city: 'b24', email: 'nav', name: 'b24' });
    assert.deepEqual(parseTake('nav,email=b24', fields), { city: 'nav', email: 'b24', name: 'nav' });
  });
  it('refuses a field left out, a field not in the conflict, a side named twice, a side that is neither', () => {
    const refused = (text: string, message: RegExp) => assert.throws(() => parseTake(text, fields), (e: unknown) => e instanceof OpsError && e.code === 'BAD_INPUT' && message.test(e.message));
    refused('city=b24,email=nav', /choose a side for name too/);
    refused('nav,phone=b24', /"phone" is not a field of this conflict \(its fields: city, email, name\)/);
    refused('nav,b24', /names a side for every field twice/);
    refused('both', /--take must be b24 or nav, got "both"/);
  });
});

describe('operator commands (b24nav dlq, conflicts, replay, reconcile)', () => {
  let dir: string;
  let b24: RunningB24Sandbox;
  let nav: RunningNavSandbox;
  let config: string;
  /** A company NAV refused, whose dead letter was dropped: it stays unlinked. */
  let refused: number;
  const run = (...args: string[]) => inProcess([...args, '-c', config]);
  const spawned = (...args: string[]) => b24nav([...args, '-c', config]);
  /** One sync pass as `b24nav sync` makes it; the number of dead letters it made. */
  const sync = async (): Promise<number> => {
    const app = await openRuntime(await loadConfig(config, {}), { log: silentLogger });
    try {
      await app.crm.ensureUserFields(userFieldsToEnsure(app.engine));
      const report = await app.engine.syncOnce();
      return Object.values(report.entities).reduce((n, e) => n + e.dead, 0);
    } finally {
      await app.close();
    }
  };
  const companies = () => [...b24.portal.state.companies.values()];
  const add = (fields: Record<string, unknown>): number => Number(b24Admin.adminCall(b24.portal, 'crm.company.add', { fields }).result);

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'b24nav-ops-cli-'));
    b24 = await startB24Sandbox({ port: 0, limits: false, seed: { companies: 3, contacts: 0, products: 0, deals: 0 } });
    nav = await startNavSandbox({ port: 0, auth: 'none', customers: 3, items: 0 });
    const doc = parseDocument(sandboxConfig({ b24Port: Number(new URL(b24.url).port), navPort: Number(new URL(nav.baseUrl).port), serverPort: 0 }, join(dir, 'b24nav.db')));
    const raw = doc.toJS() as Record<string, Record<string, unknown>>;
    (raw['nav'] as Record<string, unknown>)['auth'] = { mode: 'none' };
    delete raw['alerts'];
    raw['entities'] = {
      customers: { ...(raw['entities']?.['customers'] as object), conflictPolicy: 'manual' },
      contacts: { enabled: false },
      products: { enabled: false },
      stock: { enabled: false },
      orders: { enabled: false },
      invoices: { enabled: false },
    };
    config = join(dir, 'b24nav.config.yaml');
    await writeFile(config, JSON.stringify(raw, null, 2));
  });
  after(async () => {
    await Promise.all([b24.close(), nav.close()]);
    await rm(dir, { recursive: true, force: true });
  });

  it('dlq: lists the record NAV cannot take, refuses bad input with exit 2, retries it after the fix', async () => {
    const id = add({ TITLE: LONG_NAME });
    assert.equal(await sync(), 1);

    const list = await spawned('dlq', 'list');
    assert.equal(list.code, 0, list.stderr);
    assert.match(list.stdout, /id\s+entity\s+side\s+record/);
    assert.match(list.stdout, new RegExp(`customers\\s+Bitrix24\\s+${id}\\b`));
    assert.match(list.stdout, /SYNC_/);
    assert.match(list.stdout, /1 dead letter$/m);
    const json = await run('dlq', 'list', '--json', '--entity', 'customers', '--side', 'b24', '--since', '1h');
    const items = (JSON.parse(json.stdout) as { items: Array<{ id: number; recordId: string; code: string; message: string }> }).items;
    assert.deepEqual(items.map((i) => i.recordId), [String(id)]);
    const dead = items[0] as { id: number; code: string; message: string };
    assert.match(dead.message, /50/, 'NAV\'s limit is named');
    assert.equal((JSON.parse((await run('dlq', 'list', '--json', '--side', 'nav')).stdout) as { items: unknown[] }).items.length, 0);

    const show = await run('dlq', 'show', String(dead.id));
    assert.equal(show.code, 0, show.stderr);
    assert.match(show.stdout, new RegExp(`dead letter ${dead.id}: customers Bitrix24 ${id}`));
    assert.match(show.stdout, new RegExp(`error:\\s+${dead.code} \\(permanent\\)`));

    for (const [args, message] of [
      [['dlq', 'list', '--entity', 'companies'], /unknown entity "companies": expected one of customers, contacts, products, orders, invoices/],
      [['dlq', 'list', '--since', 'yesterday'], /--since must be a date .* got "yesterday"/],
      [['dlq', 'list', '--side', 'crm'], /--side must be b24 or nav, got "crm"/],
      [['dlq', 'show', 'abc'], /the dead letter id must be a whole number ≥ 1, got "abc"/],
      [['dlq', 'retry'], /say which dead letters to retry: their ids .* or --all with filters/],
      [['dlq', 'retry', '424242'], /no dead letter 424242/],
      [['dlq', 'drop', String(dead.id), '--all'], /give dead letter ids or --all with filters, not both/],
    ] as const) {
      const r = await run(...args);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, message, args.join(' '));
      assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
    }

    // The real command: the same refusal, exit code 2, no stack trace.
    const real = await spawned('dlq', 'show', '424242');
    assert.equal(real.code, 2, real.stderr);
    assert.match(real.stderr, /^b24nav: no dead letter 424242 \(`b24nav dlq list` shows them\)\n$/);

    // Fixed in Bitrix24; the record did not change since, so only a retry sends it again.
    b24Admin.userEdit(b24.portal, 'company', id, { TITLE: 'ООО «Короткое»' });
    const retry = await run('dlq', 'retry', String(dead.id));
    assert.equal(retry.code, 0, retry.stderr);
    assert.match(retry.stdout, /retried 1 dead letter \(1 pending again/);
    assert.equal(await sync(), 0);
    assert.ok(companies().find((c) => c.ID === id)?.['UF_CRM_B24NAV_NAV_NO'], 'created in NAV, its No. came back');
    assert.match((await run('dlq', 'list')).stdout, /^no dead letters$/m);
  });

  it('dlq drop --all with a filter drops the matching ones only', async () => {
    refused = add({ TITLE: `${LONG_NAME} 2` });
    assert.equal(await sync(), 1);
    const none = await run('dlq', 'drop', '--all', '--side', 'nav');
    assert.equal(none.code, 0, none.stderr);
    assert.match(none.stdout, /no dead letters match the filters/);
    const drop = await run('dlq', 'drop', '--all', '--entity', 'customers', '--code', 'SYNC_*');
    assert.equal(drop.code, 0, drop.stderr);
    assert.match(drop.stdout, /dropped 1 dead letter: \d+/);
    assert.match((await run('dlq', 'list')).stdout, /^no dead letters$/m);
  });

  it('conflicts: lists and shows a change made on both sides, resolves it with --take, the next sync writes it', async () => {
    const company = companies().find((c) => c['UF_CRM_B24NAV_NAV_NO']) as Record<string, unknown> & { ID: number };
    const no = String(company['UF_CRM_B24NAV_NAV_NO']);
    b24Admin.userEdit(b24.portal, 'company', company.ID, { TITLE: 'Name from Bitrix24' });
    nav.sandbox.edit({ page: 'Customer', key: { No: no }, fields: { Name: 'Name from NAV' } });
    assert.equal(await sync(), 0);

    const list = await run('conflicts', 'list');
    assert.equal(list.code, 0, list.stderr);
    assert.match(list.stdout, new RegExp(`customers\\s+${company.ID}\\s+${no}\\s+manual\\s+name\\s+open`));
    const [conflict] = (JSON.parse((await run('conflicts', 'list', '--json')).stdout) as { items: Array<{ id: number; fields: string[] }> }).items;
    assert.ok(conflict);
    const show = await run('conflicts', 'show', String(conflict.id));
    assert.match(show.stdout, /name\s+.+\s+Name from Bitrix24\s+Name from NAV/);
    assert.match(show.stdout, new RegExp(`resolve: b24nav conflicts resolve ${conflict.id} --take`));

    for (const [args, message] of [
      [['conflicts', 'resolve', String(conflict.id)], /--take is required/],
      [['conflicts', 'resolve', String(conflict.id), '--take', 'city=b24'], /"city" is not a field of this conflict \(its fields: name\)/],
      [['conflicts', 'resolve', String(conflict.id), '--take', 'name=sap'], /--take name must be b24 or nav, got "sap"/],
      [['conflicts', 'resolve', '424242', '--take', 'nav'], /no conflict 424242/],
      [['conflicts', 'list', '--state', 'closed'], /--state must be open, resolved or all, got "closed"/],
    ] as const) {
      const r = await run(...args);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, message);
    }

    const resolve = await run('conflicts', 'resolve', String(conflict.id), '--take', 'name=nav');
    assert.equal(resolve.code, 0, resolve.stderr);
    assert.match(resolve.stdout, new RegExp(`conflict ${conflict.id} resolved: name ← NAV`));
    assert.equal(await sync(), 0);
    assert.equal(b24.portal.state.companies.get(company.ID)?.['TITLE'], 'Name from NAV');
    assert.match((await run('conflicts', 'list')).stdout, /^no open conflicts$/m);
    const again = await run('conflicts', 'resolve', String(conflict.id), '--take', 'b24');
    assert.equal(again.code, 2);
    assert.match(again.stderr, /resolved already \(by operator \(cli\)\)/);
  });

  it('replay queues what changed since T, refused records too; requires --entity and a valid --since', async () => {
    const replay = await run('replay', '--entity', 'customers', '--since', '1h');
    assert.equal(replay.code, 0, replay.stderr);
    const queued = Number(/(\d+) records? queued/.exec(replay.stdout)?.[1]);
    assert.ok(queued >= 6, replay.stdout);
    const json = JSON.parse((await run('replay', '--entity', 'customers', '--since', '2026-01-01', '--json')).stdout) as { entity: string; since: string; queued: number };
    assert.deepEqual([json.entity, json.since], ['customers', '2026-01-01T00:00:00.000Z']);
    // Replayed records are read fresh: the linked ones agree, so nothing is written to them;
    // the one NAV refused (its dead letter dropped) is tried again and refused again.
    const dates = companies().map((c) => c['DATE_MODIFY']);
    assert.equal(await sync(), 1);
    assert.deepEqual(companies().map((c) => c['DATE_MODIFY']), dates);
    const [dead] = (JSON.parse((await run('dlq', 'list', '--json')).stdout) as { items: Array<{ recordId: string }> }).items;
    assert.equal(dead?.recordId, String(refused));
    for (const [args, message] of [
      [['replay', '--since', '1h'], /--entity is required/],
      [['replay', '--entity', 'customers'], /--since is required/],
      [['replay', '--entity', 'customers', '--since', '2026-13-45'], /--since must be a date .* got "2026-13-45"/],
      [['replay', '--entity', 'deals', '--since', '1h'], /unknown entity "deals"/],
      [['replay', '--entity', 'products', '--since', '1h'], /products are not synced \(entities\.products\.enabled is false/],
    ] as const) {
      const r = await run(...args);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, message);
    }
  });

  it('reconcile reports orphans and a diverged field as a table and as JSON; --fix repairs what it may and says why not the rest', async () => {
    const first = await run('reconcile');
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /entity\s+B24 records\s+NAV records\s+links\s+missing\s+orphan\s+diverged\s+duplicate\s+broken/);
    assert.match(first.stdout, /^customers\s+\d+\s+\d+\s+\d+\s+0\s+1\s+0\s+0\s+0$/m);
    assert.match(first.stdout, new RegExp(`orphan in Bitrix24  B24 ${refused}: not linked \\(failed: refused: Name: .* is \\d+ characters, NAV allows 50`));

    const orphan = add({ TITLE: 'Orphan in Bitrix24' });
    const linked = companies().find((c) => c['UF_CRM_B24NAV_NAV_NO'] && c.ID !== orphan) as Record<string, unknown> & { ID: number };
    const no = String(linked['UF_CRM_B24NAV_NAV_NO']);
    nav.sandbox.edit({ page: 'Customer', key: { No: no }, fields: { City: 'Тверь' } });

    const report = await spawned('reconcile', '--json');
    assert.equal(report.code, 0, report.stderr);
    const json = JSON.parse(report.stdout) as { fix: boolean; entities: Array<{ entity: string; counts: Record<string, number>; findings: Array<{ kind: string; b24Id: string | null; navKey: string | null; fields?: Record<string, unknown> }> }>; applied: unknown };
    const customers = json.entities[0];
    assert.equal(json.fix, false);
    assert.deepEqual(customers?.counts, { missing: 0, orphan: 2, diverged: 1, duplicate: 0, broken: 0 });
    assert.deepEqual(customers?.findings.map((f) => [f.kind, f.kind === 'orphan' ? f.b24Id : f.navKey]), [
      ['diverged', no],
      ['orphan', String(refused)],
      ['orphan', String(orphan)],
    ]);
    const text = await run('reconcile', '--entity', 'customers');
    assert.match(text.stdout, /diverged\s+B24 \d+ ⇄ NAV \S+: differ in city/);
    assert.match(text.stdout, /city: Bitrix24 .* \| NAV "Тверь"/);
    assert.match(text.stdout, new RegExp(`orphan in Bitrix24\\s+B24 ${orphan}: no link`));
    assert.match(text.stdout, /3 findings; `--fix` repairs what the policies allow/);

    const fix = await run('reconcile', '--fix');
    assert.equal(fix.code, 0, fix.stderr);
    assert.match(fix.stdout, /→ fixed: the next pass writes city → Bitrix24/);
    assert.match(fix.stdout, /→ fixed: the engine looks for it in NAV/);
    assert.match(fix.stdout, /→ left: refused: Name: .* NAV allows 50 .*; fix the cause, then `b24nav dlq retry`/);
    assert.match(fix.stdout, /^customers(\s+\d+){3}\s+0\s+2\s+1\s+0\s+0\s+2\s+1$/m, 'queued 2, left 1');
    assert.match(fix.stdout, /applied by sync run #\d+: \d+ done, 0 to retry, 0 failed/);
    assert.ok(companies().find((c) => c.ID === orphan)?.['UF_CRM_B24NAV_NAV_NO'], 'the orphan was created in NAV');
    assert.match((await run('reconcile')).stdout, /^customers(\s+\d+){3}\s+0\s+1\s+0\s+0\s+0$/m, 'only the refused record is left');

    for (const [args, message] of [
      [['reconcile', '--entity', 'deals'], /unknown entity "deals"/],
      [['reconcile', '--entity', 'products'], /products are not synced/],
    ] as const) {
      const r = await run(...args);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, message);
    }
  });
});
