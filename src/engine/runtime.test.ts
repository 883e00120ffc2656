import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FieldMapEntry } from '../core/field-map-config.ts';
import type { EntityKind } from './ports.ts';
import { clampDirections, dependencyLevels, dependencyOrder, type EntityRuntime, type RefField } from './runtime.ts';

function runtimes(refs: Partial<Record<EntityKind, RefField[]>>): Map<EntityKind, EntityRuntime> {
  // Only `kind` and `refs` matter to the ordering.
  return new Map(Object.entries(refs).map(([kind, r]) => [kind as EntityKind, { kind, refs: r } as unknown as EntityRuntime]));
}

describe('dependency order and levels', () => {
  it('puts referenced kinds first, whatever the map order', () => {
    const rts = runtimes({ contacts: [{ field: 'company', entity: 'customers', required: true }], products: [], customers: [] });
    assert.deepEqual(dependencyOrder(rts), ['customers', 'contacts', 'products']);
    assert.deepEqual(dependencyLevels(rts), [['customers', 'products'], ['contacts']]);
  });

  it('ignores references to kinds that are not synced', () => {
    const rts = runtimes({ contacts: [{ field: 'company', entity: 'customers', required: true }] });
    assert.deepEqual(dependencyLevels(rts), [['contacts']]);
  });
});

describe('clampDirections', () => {
  const entries = [
    { name: 'name', direction: 'both' },
    { name: 'navNo', direction: 'nav_to_b24' },
    { name: 'title', direction: 'b24_to_nav' },
  ] as unknown as FieldMapEntry[];

  it('keeps every field under a two-way entity', () => {
    assert.deepEqual(clampDirections(entries, 'both'), entries);
  });

  it('makes two-way fields one-way and drops fields against the entity', () => {
    const out = clampDirections(entries, 'b24_to_nav');
    assert.deepEqual(
      out.map((e) => [e.name, e.direction]),
      [
        ['name', 'b24_to_nav'],
        ['title', 'b24_to_nav'],
      ],
    );
  });
});
