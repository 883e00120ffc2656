import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseDocument } from 'yaml';
import { ConfigError, loadConfig, parseConfig } from './load.ts';
import { exampleConfig, sandboxConfig } from './templates.ts';

function problems(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof ConfigError, String(error));
    return [...error.problems];
  }
  assert.fail('expected a ConfigError');
}

const minimal = {
  bitrix24: { webhookUrl: 'https://portal.example/rest/1/abcdef/' },
  nav: { soapUrl: 'http://nav:7047/DynamicsNAV110', company: 'CRONUS International Ltd.', auth: { mode: 'none' } },
};

describe('config', () => {
  it('parses both templates, with defaults filled in', () => {
    const sandbox = parseConfig(parseDocument(sandboxConfig()).toJS(), {});
    assert.equal(sandbox.nav.auth.mode, 'ntlm');
    assert.equal(sandbox.nav.auth.mode === 'ntlm' ? sandbox.nav.auth.password : '', 'Nav-Sandbox-1', '${VAR:-default} falls back');
    assert.equal(sandbox.entities.customers.conflictPolicy, 'merge');
    assert.equal(sandbox.sync.batchSize, 200);
    const example = parseConfig(parseDocument(exampleConfig()).toJS(), { B24NAV_B24_WEBHOOK_URL: 'https://p.example/rest/1/x/', B24NAV_NAV_PASSWORD: 'secret' });
    assert.equal(example.entities.products.direction, 'nav_to_b24');
    assert.ok(Object.isFrozen(example.entities.customers), 'frozen deeply');
  });

  it('names a missing environment variable and its path', () => {
    assert.deepEqual(problems(() => parseConfig({ ...minimal, nav: { ...minimal.nav, auth: { mode: 'basic', user: 'u', password: '${NAV_PW}' } } }, {})), [
      'nav.auth.password: environment variable NAV_PW is not set (export it, or use ${NAV_PW:-default})',
    ]);
  });

  it('rejects unknown keys, naming them', () => {
    const found = problems(() => parseConfig({ ...minimal, entities: { customers: { direction: 'both', conflictPolicy: 'merge', matchkeys: ['inn'] } } }, {}));
    assert.deepEqual(found, ['entities.customers: unknown key "matchkeys" (check the spelling; docs/configuration.md lists every key)']);
  });

  it('says what was expected for a wrong value', () => {
    const found = problems(() => parseConfig({ ...minimal, entities: { customers: { conflictPolicy: 'newest' } }, server: { port: 'eighty' } }, {}));
    assert.ok(found.includes('entities.customers.conflictPolicy: expected one of "master", "merge", "latest", "manual"'), found.join('\n'));
    assert.ok(found.some((p) => p.startsWith('server.port: expected number')), found.join('\n'));
  });

  it('wants exactly one way to reach Bitrix24', () => {
    const found = problems(() => parseConfig({ ...minimal, bitrix24: {} }, {}));
    assert.ok(found.some((p) => p.includes('set exactly one of bitrix24.webhookUrl or bitrix24.oauth')), found.join('\n'));
  });

  it('reports a missing file with what to do, and YAML errors', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'b24nav-config-'));
    try {
      await assert.rejects(loadConfig(join(dir, 'none.yaml'), {}), /file not found: run `b24nav init`/);
      const bad = join(dir, 'bad.yaml');
      await writeFile(bad, 'bitrix24: [unclosed\n');
      await assert.rejects(loadConfig(bad, {}), /YAML/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
