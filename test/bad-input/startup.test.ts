// A service that cannot start on a bad configuration: the error names the path, and
// everything started before it (both sandboxes, the temporary store directory) is
// closed again — an open server would keep node's test runner alive for ever after
// a failing `before` hook. Every case is listed in test/bad-input/README.md.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError } from '../../src/config/load.ts';
import { startE2E } from '../e2e/setup.ts';

function tcpServers(): number {
  return process.getActiveResourcesInfo().filter((r) => r === 'TCPServerWrap').length;
}

describe('bad input: a configuration the service refuses at start', () => {
  it('startup: a bad value in the config rejects naming the path, and both sandboxes are closed again', async () => {
    const before = tcpServers();
    await assert.rejects(
      startE2E({ b24: { seed: { companies: 0, contacts: 0, products: 0, deals: 0 } }, nav: { customers: 0 }, config: { entities: { customers: { direction: 'sideways' } } } }),
      (error: unknown) => error instanceof ConfigError && /entities\.customers\.direction/.test(error.message),
    );
    assert.equal(tcpServers(), before, 'no server left listening');
  });

  it('startup: a field map the engine refuses (a match key not in the map) rejects, and both sandboxes are closed again', async () => {
    const before = tcpServers();
    await assert.rejects(
      startE2E({ b24: { seed: { companies: 0, contacts: 0, products: 0, deals: 0 } }, nav: { customers: 0 }, config: { entities: { customers: { matchKeys: ['inn'] } } } }),
      /inn/,
    );
    assert.equal(tcpServers(), before, 'no server left listening');
  });
});
