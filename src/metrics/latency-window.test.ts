import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { FakeClock } from '../core/clock.ts';
import { LatencyWindow } from './latency-window.ts';

describe('LatencyWindow', () => {
  it('nearest-rank p50, p95 and max of the samples in the window; null without samples', async () => {
    const clock = new FakeClock();
    const w = new LatencyWindow(clock, 60_000);
    assert.deepEqual(w.summary(), { count: 0, p50: null, p95: null, max: null });
    for (let i = 1; i <= 100; i++) w.add(i);
    assert.deepEqual(w.summary(), { count: 100, p50: 50, p95: 95, max: 100 });
    await clock.advance(30_000);
    w.add(1000);
    assert.deepEqual(w.summary(), { count: 101, p50: 51, p95: 96, max: 1000 });
    await clock.advance(30_001);
    assert.deepEqual(w.summary(), { count: 1, p50: 1000, p95: 1000, max: 1000 }, 'the first hundred left the window');
  });

  it('keeps at most its capacity, dropping the oldest', () => {
    const w = new LatencyWindow(new FakeClock(), 60_000, 4);
    for (const ms of [900, 800, 1, 2, 3, 4]) w.add(ms);
    assert.deepEqual(w.summary(), { count: 4, p50: 2, p95: 4, max: 4 });
  });

  it('the percentiles are samples, ordered p50 ≤ p95 ≤ max, and match a sort of the window', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 100_000 }), { minLength: 1, maxLength: 300 }), (values) => {
        const w = new LatencyWindow(new FakeClock(), 60_000, 1000);
        for (const v of values) w.add(v);
        const s = w.summary();
        const sorted = [...values].sort((a, b) => a - b);
        assert.equal(s.count, values.length);
        assert.equal(s.max, sorted.at(-1));
        assert.equal(s.p50, sorted[Math.ceil(0.5 * sorted.length) - 1]);
        assert.equal(s.p95, sorted[Math.ceil(0.95 * sorted.length) - 1]);
        assert.ok((s.p50 ?? 0) <= (s.p95 ?? 0) && (s.p95 ?? 0) <= (s.max ?? 0));
      }),
    );
  });
});
