// Catalog sections made on the fly, under the two workers `b24nav run` has: found by
// the fault suite, two workers creating products of one new item category at once
// each added the section (CHAIR twice, MISC twice).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startPort, written, type PortFixture } from './test-support.ts';

describe('CrmPort sections', () => {
  let f: PortFixture;
  before(async () => {
    f = await startPort({ products: 0 }, { defaultRegion: 'RU' });
  });
  after(async () => f.close());

  it('creates a missing section once when products of it are created concurrently', async () => {
    const product = (n: number, section: string): { ref: string; externalId: string; fields: Record<string, string | number> } => ({
      ref: `p${n}`,
      externalId: `nav:${section}-${n}`,
      fields: { name: `Item ${n}`, active: 'Y', measure: 6, section, 'property.ARTNUMBER': `${section}-${n}` },
    });
    const outcomes = await Promise.all([
      f.port.products.create([product(1, 'CHAIR'), product(2, 'MISC')]),
      f.port.products.create([product(3, 'CHAIR')]),
      f.port.products.create([product(4, 'MISC'), product(5, 'CHAIR')]),
    ]);
    for (const o of outcomes.flat()) assert.ok(['CHAIR', 'MISC'].includes(String(written(o).fields['section'])));
    const sections = [...f.sandbox.portal.state.sections.values()].filter((s) => s.xmlId === 'CHAIR' || s.xmlId === 'MISC');
    assert.deepEqual(sections.map((s) => s.xmlId).sort(), ['CHAIR', 'MISC']);
  });
});
