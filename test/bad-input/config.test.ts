// Bad configuration: each case is refused with a ConfigError whose message names the
// path of the bad key and what is expected, and never shows a secret. Cases already
// in src/config/config.test.ts (a missing ${ENV} for nav.auth.password, the unknown
// key "matchkeys", conflictPolicy "newest", server.port "eighty", no way to reach
// Bitrix24, a missing file, an unclosed YAML list) are not repeated. Field map
// problems are found when the engine builds its runtimes (buildRuntimes), which
// `b24nav run/sync/check` do at start. Cases are listed in README.md.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ConfigError, loadConfig, parseConfig } from '../../src/config/load.ts';
import type { SidePort } from '../../src/engine/ports.ts';
import { buildRuntimes } from '../../src/engine/runtime.ts';
import { MemorySide } from '../support/memory-side.ts';

const minimal = {
  bitrix24: { webhookUrl: 'https://portal.example/rest/1/abcdef/' },
  nav: { soapUrl: 'http://nav:7047/DynamicsNAV110', company: 'CRONUS International Ltd.', auth: { mode: 'none' } },
};
type Raw = Record<string, unknown>;

function with_(path: string, value: unknown): Raw {
  const out = structuredClone(minimal) as Raw;
  const keys = path.split('.');
  let at: Raw = out;
  for (const k of keys.slice(0, -1)) at = (at[k] ??= {}) as Raw;
  at[keys[keys.length - 1] as string] = value;
  return out;
}

function problems(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof ConfigError, String(error));
    return [...error.problems];
  }
  assert.fail('expected a ConfigError');
}

const sides = (side: 'b24' | 'nav'): SidePort =>
  Object.fromEntries(['customers', 'contacts', 'products', 'orders', 'invoices'].map((k) => [k, new MemorySide(side, k as 'customers')])) as unknown as SidePort;

/** The problems found at start: the schema, then the field maps as the engine compiles them. */
function startProblems(raw: unknown, env: Record<string, string> = {}): string[] {
  return problems(() => buildRuntimes(parseConfig(raw, env), sides('b24'), sides('nav')));
}

function one(found: string[], path: string, pattern: RegExp): void {
  assert.equal(found.length, 1, found.join('\n'));
  assert.ok(found[0]?.startsWith(`${path}: `), `names ${path}: ${found[0]}`);
  assert.match(found[0] ?? '', pattern);
}

describe('bad input: configuration', () => {
  // ---- URLs ------------------------------------------------------------------
  it('config: bitrix24.webhookUrl that is no http(s) URL', () => {
    one(problems(() => parseConfig(with_('bitrix24.webhookUrl', 'portal.example/rest/1/abc/'), {})), 'bitrix24.webhookUrl', /expected an http\(s\) URL/);
  });

  it('config: nav.soapUrl without the server instance', () => {
    one(problems(() => parseConfig(with_('nav.soapUrl', 'http://nav.example:7047'), {})), 'nav.soapUrl', /http\(s\):\/\/host:port\/<ServerInstance>/);
  });

  it('config: nav.odataUrl with another scheme', () => {
    one(problems(() => parseConfig(with_('nav.odataUrl', 'ftp://nav.example:7048/DynamicsNAV110'), {})), 'nav.odataUrl', /expected http\(s\)/);
  });

  it('config: store.url that is not PostgreSQL', () => {
    one(problems(() => parseConfig(with_('store.url', 'mysql://root@127.0.0.1/b24nav'), {})), 'store.url', /expected postgres:\/\//);
  });

  // ---- numbers -----------------------------------------------------------------
  it('config: a negative sync.batchSize', () => {
    one(problems(() => parseConfig(with_('sync.batchSize', -5), {})), 'sync.batchSize', />=1/);
  });

  it('config: server.port above 65535 and a zero nav.maxConcurrency, both reported', () => {
    const found = problems(() => parseConfig({ ...with_('server.port', 70_000), nav: { ...minimal.nav, maxConcurrency: 0 } }, {}));
    assert.deepEqual(found.map((p) => p.split(':')[0]).sort(), ['nav.maxConcurrency', 'server.port']);
  });

  it('config: a fraction where a whole number is expected (sync.maxAttempts: 2.5)', () => {
    one(problems(() => parseConfig(with_('sync.maxAttempts', 2.5), {})), 'sync.maxAttempts', /expected int, got 2.5/);
  });

  it('config: server.bodyLimitBytes below 1 KiB', () => {
    one(problems(() => parseConfig(with_('server.bodyLimitBytes', 100), {})), 'server.bodyLimitBytes', />=1024/);
  });

  it('config: bitrix24.timeoutMs of 0', () => {
    one(problems(() => parseConfig(with_('bitrix24.timeoutMs', 0), {})), 'bitrix24.timeoutMs', />=1000/);
  });

  // ---- unknown keys and bad enums ------------------------------------------------
  it('config: an unknown top-level key', () => {
    one(problems(() => parseConfig({ ...minimal, synk: { batchSize: 10 } }, {})), '(root)', /unknown key "synk"/);
  });

  it('config: an unknown nested key (nav.tls.verify)', () => {
    one(problems(() => parseConfig(with_('nav.tls.verify', false), {})), 'nav.tls', /unknown key "verify"/);
  });

  it('config: bitrix24.plan "premium"', () => {
    one(problems(() => parseConfig(with_('bitrix24.plan', 'premium'), {})), 'bitrix24.plan', /expected one of "standard", "enterprise"/);
  });

  it('config: nav.transport "rest"', () => {
    one(problems(() => parseConfig(with_('nav.transport', 'rest'), {})), 'nav.transport', /expected one of "soap", "odata"/);
  });

  it('config: nav.auth.mode "kerberos"', () => {
    one(problems(() => parseConfig(with_('nav.auth', { mode: 'kerberos' }), {})), 'nav.auth.mode', /'ntlm' \| 'basic' \| 'none'/);
  });

  it('config: entities.customers.direction "sideways"', () => {
    one(problems(() => parseConfig(with_('entities.customers.direction', 'sideways'), {})), 'entities.customers.direction', /"both", "b24_to_nav", "nav_to_b24"/);
  });

  // ---- ${ENV} ------------------------------------------------------------------
  it('config: a missing ${ENV} in bitrix24.webhookUrl names that path', () => {
    one(problems(() => parseConfig(with_('bitrix24.webhookUrl', '${B24NAV_HOOK}'), {})), 'bitrix24.webhookUrl', /environment variable B24NAV_HOOK is not set/);
  });

  it('config: a ${ENV} set to the empty string counts as missing', () => {
    one(problems(() => parseConfig(with_('nav.company', '${B24NAV_COMPANY}'), { B24NAV_COMPANY: '' })), 'nav.company', /B24NAV_COMPANY is not set/);
  });

  it('config: a missing ${ENV} inside a list names the item', () => {
    one(problems(() => parseConfig(with_('entities.customers.matchKeys', ['taxId', '${B24NAV_KEY}']), {})), 'entities.customers.matchKeys.1', /B24NAV_KEY is not set/);
  });

  // ---- wrong types ------------------------------------------------------------------
  it('config: "yes" for a boolean (entities.customers.enabled)', () => {
    one(problems(() => parseConfig(with_('entities.customers.enabled', 'yes'), {})), 'entities.customers.enabled', /expected boolean, got "yes"/);
  });

  it('config: a text where a list is expected (matchKeys: taxId)', () => {
    one(problems(() => parseConfig(with_('entities.customers.matchKeys', 'taxId'), {})), 'entities.customers.matchKeys', /expected array, got "taxId"/);
  });

  it('config: a list or a text where the whole config should be a mapping', () => {
    one(problems(() => parseConfig(['bitrix24', 'nav'], {})), '(root)', /expected object/);
    one(problems(() => parseConfig('bitrix24', {})), '(root)', /expected object/);
  });

  it('config: an empty file names both missing sections', () => {
    assert.deepEqual(problems(() => parseConfig(null, {})), ['bitrix24: expected object, but it is missing', 'nav: expected object, but it is missing']);
  });

  it('config: both bitrix24.webhookUrl and bitrix24.oauth', () => {
    const found = problems(() => parseConfig(with_('bitrix24.oauth', { clientId: 'local.x', clientSecret: 'y', tokensFile: 't.json' }), {}));
    assert.ok(found.some((p) => p.includes('set exactly one of bitrix24.webhookUrl or bitrix24.oauth')), found.join('\n'));
  });

  it('config: sync.defaultRegion "rus"', () => {
    one(problems(() => parseConfig(with_('sync.defaultRegion', 'rus'), {})), 'sync.defaultRegion', /two-letter country code like RU/);
  });

  it('config: bitrix24.applicationToken shorter than 8 characters', () => {
    one(problems(() => parseConfig(with_('bitrix24.applicationToken', 'short7!'), {})), 'bitrix24.applicationToken', />=8 characters/);
  });

  it('config: a secret of the wrong type is named by its type, never shown', () => {
    const found = problems(() =>
      parseConfig(
        {
          bitrix24: { oauth: { clientId: 'local.x', clientSecret: 48151623, tokensFile: 't.json' }, applicationToken: 42424242 },
          nav: { ...minimal.nav, auth: { mode: 'basic', user: 'u', password: 31415926 } },
        },
        {},
      ),
    );
    assert.deepEqual(found.sort(), [
      'bitrix24.applicationToken: expected string, got a number (value not shown: it is a secret)',
      'bitrix24.oauth.clientSecret: expected string, got a number (value not shown: it is a secret)',
      'nav.auth.password: expected string, got a number (value not shown: it is a secret)',
    ]);
    for (const secret of ['48151623', '42424242', '31415926']) assert.ok(!found.join('\n').includes(secret), secret);
  });

  // ---- field maps ----------------------------------------------------------------------
  it('config: onTooLong "cut"', () => {
    one(problems(() => parseConfig(with_('entities.customers.fields', [{ name: 'name', b24: 'TITLE', nav: 'Name', direction: 'both', onTooLong: 'cut' }]), {})), 'entities.customers.fields.0.onTooLong', /"fail", "truncate"/);
  });

  it('config: navMaxLength of 0', () => {
    one(problems(() => parseConfig(with_('entities.customers.fields', [{ name: 'name', b24: 'TITLE', nav: 'Name', direction: 'both', navMaxLength: 0 }]), {})), 'entities.customers.fields.0.navMaxLength', />0/);
  });

  it('config: a field entry without its direction', () => {
    one(problems(() => parseConfig(with_('entities.customers.fields', [{ name: 'county', b24: 'UF_CRM_COUNTY', nav: 'County' }]), {})), 'entities.customers.fields.0.direction', /expected one of "both"/);
  });

  it('config: one field name listed twice in fields', () => {
    const twice = [
      { name: 'county', b24: 'UF_CRM_COUNTY', nav: 'County', direction: 'both' },
      { name: 'county', b24: 'UF_CRM_REGION', nav: 'County', direction: 'b24_to_nav' },
    ];
    one(problems(() => parseConfig(with_('entities.customers.fields', twice), {})), 'entities.customers.fields.1.name', /"county" is listed twice/);
  });

  it('config: omitFields naming a field the map does not have', () => {
    one(problems(() => parseConfig(with_('entities.customers.omitFields', ['website', 'nmae']), {})), 'entities.customers.omitFields.1', /no field "nmae" to leave out; the map of customers has name, /);
  });

  it('config: an unknown transform, with the closest known one', () => {
    one(startProblems(with_('entities.customers.fields', [{ name: 'name', b24: 'TITLE', nav: 'Name', direction: 'both', fromB24: ['trimm'] }])), 'entities.customers.fields[name=name].fromB24[0]', /unknown transform "trimm" \(did you mean "trim"\?\)/);
  });

  it('config: a transform argument that is no number (round:abc)', () => {
    one(startProblems(with_('entities.customers.fields', [{ name: 'limit', b24: 'UF_CRM_LIMIT', nav: 'Credit_Limit_LCY', direction: 'b24_to_nav', fromB24: ['round:abc'] }])), 'entities.customers.fields[name=limit].fromB24[0]', /round:<decimals> with a whole number/);
  });

  it('config: map: with a value map that does not exist', () => {
    one(startProblems(with_('entities.customers.fields', [{ name: 'salesperson', b24: 'ASSIGNED_BY_ID', nav: 'Salesperson_Code', direction: 'b24_to_nav', fromB24: ['map:salesfolk'] }])), 'entities.customers.fields[name=salesperson].fromB24[0]', /unknown value map "salesfolk"; the config defines "salespeople"/);
  });

  it('config: a match key that is not a field of the map', () => {
    one(startProblems(with_('entities.customers.matchKeys', ['taxId', 'inn'])), 'entities.customers.matchKeys', /"inn" is not a field of the map/);
  });

  it('config: two entries writing the same NAV field', () => {
    one(startProblems(with_('entities.customers.fields', [{ name: 'region', b24: 'UF_CRM_REGION', nav: 'Name', direction: 'both' }])), 'entities.customers.fields[name=region].nav', /NAV field Name is already written by entities.customers.fields\[name=name\]/);
  });

  it('config: contacts on, customers off (contacts refer to them)', () => {
    one(startProblems(with_('entities.customers.enabled', false)), 'entities.contacts', /needs entities.customers to be enabled/);
  });

  // ---- files ------------------------------------------------------------------------
  describe('files', () => {
    let dir: string;
    before(async () => {
      dir = await mkdtemp(join(tmpdir(), 'b24nav-bad-config-'));
    });
    after(async () => rm(dir, { recursive: true, force: true }));

    const file = async (name: string, text: string): Promise<string> => {
      const path = join(dir, name);
      await writeFile(path, text);
      return path;
    };
    const fileProblems = async (path: string, env: Record<string, string> = {}): Promise<string[]> => {
      try {
        await loadConfig(path, env);
      } catch (error) {
        assert.ok(error instanceof ConfigError, String(error));
        return [...error.problems];
      }
      assert.fail('expected a ConfigError');
    };

    it('config: a YAML file with a key given twice', async () => {
      const found = await fileProblems(await file('dup.yaml', 'bitrix24:\n  webhookUrl: https://a.example/rest/1/x/\nbitrix24:\n  plan: standard\n'));
      assert.equal(found.length, 1, found.join('\n'));
      assert.match(found[0] ?? '', /^YAML: Map keys must be unique/);
    });

    it('config: a YAML file indented with a tab', async () => {
      const found = await fileProblems(await file('tab.yaml', 'bitrix24:\n\twebhookUrl: https://a.example/rest/1/x/\n'));
      assert.ok(found.length >= 1 && found.every((p) => p.startsWith('YAML: ')), found.join('\n'));
    });

    it('config: `b24nav check` with a bad file exits 1 with the path named, no stack trace, no secret', async () => {
      const path = await file(
        'bad.yaml',
        ['bitrix24:', '  webhookUrl: http://127.0.0.1:9/rest/1/${B24NAV_CODE}/', 'nav:', '  soapUrl: http://127.0.0.1:9/DynamicsNAV110', '  company: CRONUS', '  auth: { mode: basic, user: u, password: 27182818 }', 'sync:', '  batchSize: -1', ''].join('\n'),
      );
      const run = spawnSync(process.execPath, ['bin/b24nav.js', 'check', '-c', path], { encoding: 'utf8', env: { ...process.env, B24NAV_CODE: 'zq7codezq7' }, timeout: 60_000 });
      assert.equal(run.status, 1, run.stderr);
      assert.match(run.stderr, /nav\.auth\.password: expected string, got a number \(value not shown/);
      assert.match(run.stderr, /sync\.batchSize: Too small/);
      assert.doesNotMatch(run.stderr, /\n\s+at /, 'no stack trace');
      assert.doesNotMatch(run.stderr + run.stdout, /27182818|zq7codezq7/);
    });
  });
});
