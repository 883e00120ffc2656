// Issue 6 §6: `b24nav run` never enables the sandboxes' admin APIs. The run path
// does not even load the sandbox code: no module reachable from the run command
// by its imports is under src/sandbox/, and no module the service uses names a
// /_sandbox/ URL. (secrets.test.ts checks the same on the wire: a real `b24nav
// run` sends no request to /_sandbox/.)
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, it } from 'node:test';

const SRC = join(import.meta.dirname, '../../src');

/** Every local module `entry` reaches through static and dynamic imports (type-only imports included, to be strict). */
function reachable(entry: string): Set<string> {
  const seen = new Set<string>();
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.pop() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)) {
      const target = resolve(dirname(file), m[1] ?? '');
      assert.ok(existsSync(target), `${relative(SRC, file)} imports ${m[1] ?? ''}, which exists`);
      queue.push(target);
    }
  }
  return seen;
}

describe('security: b24nav run and the sandboxes', () => {
  const modules = [...reachable(join(SRC, 'cli/commands/run.ts'))].map((f) => relative(SRC, f));

  it('admin: the run command reaches the service modules but none under src/sandbox/', () => {
    for (const expected of ['app/runtime.ts', 'server/app.ts', 'engine/engine.ts', 'connectors/bitrix24/client.ts']) assert.ok(modules.includes(expected), `${expected} is on the run path`);
    assert.deepEqual(modules.filter((m) => m.startsWith('sandbox/')), []);
  });

  it('admin: no module on the run path names a /_sandbox/ URL', () => {
    const naming = modules.filter((m) => readFileSync(join(SRC, m), 'utf8').includes('/_sandbox'));
    // templates.ts writes a comment into the sandbox config that `b24nav init --sandbox` prints; it calls nothing.
    assert.deepEqual(naming.filter((m) => m !== 'config/templates.ts'), []);
  });
});
