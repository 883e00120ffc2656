import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeClock, systemClock } from './clock.ts';

describe('FakeClock', () => {
  it('starts where told and moves only when advanced', async () => {
    const clock = new FakeClock(1000);
    assert.equal(clock.now(), 1000);
    let woke = false;
    const sleeping = clock.sleep(50).then(() => {
      woke = true;
    });
    await clock.advance(49);
    assert.equal(woke, false);
    assert.equal(clock.now(), 1049);
    await clock.advance(1);
    await sleeping;
    assert.equal(woke, true);
    assert.equal(clock.now(), 1050);
  });

  it('wakes sleepers in time order, ties in the order they slept, each at its own time', async () => {
    const clock = new FakeClock(0);
    const woke: Array<[string, number]> = [];
    const sleep = (name: string, ms: number) => clock.sleep(ms).then(() => woke.push([name, clock.now()]));
    const all = Promise.all([sleep('c', 30), sleep('a', 10), sleep('b1', 20), sleep('b2', 20)]);
    assert.equal(clock.pending, 4);
    assert.equal(clock.nextWake(), 10);
    await clock.advance(100);
    await all;
    assert.deepEqual(woke, [['a', 10], ['b1', 20], ['b2', 20], ['c', 30]]);
    assert.equal(clock.now(), 100);
    assert.equal(clock.pending, 0);
  });

  it('lets woken code sleep again within the same advance', async () => {
    const clock = new FakeClock(0);
    const times: number[] = [];
    const loop = (async () => {
      for (let i = 0; i < 3; i++) {
        await clock.sleep(10);
        times.push(clock.now());
      }
    })();
    await clock.advance(35);
    await loop;
    assert.deepEqual(times, [10, 20, 30]);
  });

  it('an abort rejects the sleep with the reason and forgets the sleeper', async () => {
    const clock = new FakeClock(0);
    const controller = new AbortController();
    const sleeping = clock.sleep(100, controller.signal);
    assert.equal(clock.pending, 1);
    const reason = new Error('stopping');
    controller.abort(reason);
    await assert.rejects(sleeping, (e) => e === reason);
    assert.equal(clock.pending, 0);
    await assert.rejects(clock.sleep(10, AbortSignal.abort(reason)), (e) => e === reason);
    assert.equal(clock.pending, 0);
  });

  it('runUntil advances from wake-up to wake-up until done', async () => {
    const clock = new FakeClock(0);
    let count = 0;
    void (async () => {
      for (;;) {
        await clock.sleep(1000);
        count++;
      }
    })();
    await clock.runUntil(() => count >= 5);
    assert.equal(count, 5);
    assert.equal(clock.now(), 5000);
  });
});

describe('systemClock', () => {
  it('sleeps and can be aborted', async () => {
    assert.ok(Math.abs(systemClock.now() - Date.now()) < 1000);
    await systemClock.sleep(0);
    const reason = new Error('stop');
    const controller = new AbortController();
    const sleeping = systemClock.sleep(60_000, controller.signal);
    controller.abort(reason);
    await assert.rejects(sleeping, (e) => e === reason);
    await assert.rejects(systemClock.sleep(10, AbortSignal.abort(reason)), (e) => e === reason);
  });
});
