import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeClock } from '../../core/clock.ts';
import { B24Limiter, PLAN_LIMITS } from './limiter.ts';

function limiter(clock: FakeClock, plan: 'standard' | 'enterprise' = 'standard'): B24Limiter {
  return new B24Limiter({ ...PLAN_LIMITS[plan], operatingLimitSeconds: 480, operatingSafetySeconds: 5 }, clock);
}

describe('B24Limiter bucket', () => {
  it('lets a burst of bucket size minus one through, then paces at the drain rate', () => {
    const clock = new FakeClock();
    const l = limiter(clock);
    for (let i = 0; i < 49; i++) {
      assert.equal(l.waitForRequest(), 0, `request ${i + 1} waits`);
      l.tookRequest();
    }
    assert.equal(l.waitForRequest(), 500, 'the 50th waits one drain step (1/2 s)');
  });

  it('drains Y requests per second', async () => {
    const clock = new FakeClock();
    const l = limiter(clock);
    for (let i = 0; i < 49; i++) l.tookRequest();
    await clock.advance(10_000);
    assert.equal(l.snapshot().bucketLevel, 29);
    assert.equal(l.waitForRequest(), 0);
  });

  it('uses 250/5 on enterprise', () => {
    const clock = new FakeClock();
    const l = limiter(clock, 'enterprise');
    for (let i = 0; i < 249; i++) l.tookRequest();
    assert.equal(l.waitForRequest(), 200);
  });

  it('treats the bucket as full after the portal refused a request', () => {
    const clock = new FakeClock();
    const l = limiter(clock);
    assert.equal(l.queryLimitHit(), 500);
    assert.equal(l.waitForRequest(), 1000, 'a full bucket of 50 must drain 2 slots to leave one free');
  });
});

describe('B24Limiter operating time', () => {
  it('blocks a method near 480 s until its oldest bucket resets, and only that method', async () => {
    const clock = new FakeClock(Date.UTC(2026, 0, 1));
    const l = limiter(clock);
    const resetAt = clock.now() / 1000 + 300;
    l.observe('crm.company.add', { operating: 470, operating_reset_at: resetAt });
    assert.equal(l.waitForMethod('crm.company.add'), 0, 'below limit minus safety');
    l.observe('crm.company.add', { operating: 476, operating_reset_at: resetAt });
    assert.equal(l.waitForMethod('crm.company.add'), 301_000);
    assert.equal(l.waitForMethod('crm.company.list'), 0);
    await clock.advance(301_000);
    assert.equal(l.waitForMethod('crm.company.add'), 0);
  });

  it('after a 429 waits for the last known reset, at least 10 s', () => {
    const clock = new FakeClock();
    const l = limiter(clock);
    assert.equal(l.operatingLimitHit('crm.deal.add'), 10_000);
    l.observe('crm.deal.update', { operating: 100, operating_reset_at: clock.now() / 1000 + 120 });
    assert.equal(l.operatingLimitHit('crm.deal.update'), 121_000);
  });

  it('ignores answers without operating time', () => {
    const clock = new FakeClock();
    const l = limiter(clock);
    l.observe('x', undefined);
    l.observe('x', {});
    assert.equal(l.waitForMethod('x'), 0);
  });
});
