// Drives a FakeClock while real I/O (HTTP to a sandbox) happens: when nobody is
// sleeping on the fake clock, real time passes in small steps for sockets to work.
import type { FakeClock } from '../../src/core/clock.ts';

export async function driveUntil(clock: FakeClock, done: () => boolean, maxFakeMs = 3600_000, maxRealMs = 60_000): Promise<void> {
  const fakeLimit = clock.now() + maxFakeMs;
  const realLimit = Date.now() + maxRealMs;
  while (!done()) {
    if (Date.now() > realLimit) throw new Error('driveUntil: gave up waiting (real time)');
    await new Promise((resolve) => setTimeout(resolve, 2));
    if (done()) return;
    const next = clock.nextWake();
    if (next !== undefined) {
      if (next > fakeLimit) throw new Error('driveUntil: gave up waiting (fake time)');
      await clock.advance(Math.max(0, next - clock.now()));
    }
  }
}

/** Resolves with the promise's value while driving the clock. */
export async function drive<T>(clock: FakeClock, promise: Promise<T>, maxFakeMs?: number): Promise<T> {
  let settled = false;
  const tracked = promise.finally(() => {
    settled = true;
  });
  await driveUntil(clock, () => settled, maxFakeMs);
  return tracked;
}
