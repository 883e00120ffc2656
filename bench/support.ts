// Shared pieces of the benchmarks: peak memory sampling, the throughput ceiling
// the sandbox's limits allow (DESIGN §5), and result files.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export class PeakRss {
  private peak = process.memoryUsage().rss;
  private readonly timer = setInterval(() => {
    this.peak = Math.max(this.peak, process.memoryUsage().rss);
  }, 100);

  stop(): number {
    clearInterval(this.timer);
    this.peak = Math.max(this.peak, process.memoryUsage().rss);
    return Math.round((this.peak / 1024 / 1024) * 10) / 10;
  }
}

export interface Limits {
  /** X: requests the bucket holds. */
  readonly bucketSize: number;
  /** Y: requests drained per second. */
  readonly drainPerSecond: number;
  /** Operating seconds per method per 10 minutes. */
  readonly operatingSeconds: number;
}

/**
 * The shortest time the portal's limits allow for `requests` HTTP requests (the
 * first X go at once, the rest at Y/s) and for the operating time of each method
 * (480 s free in the window, then 0.8 s of server time per second).
 */
export function minimumSeconds(limits: Limits, requests: number, operatingByMethod: Readonly<Record<string, number>>): number {
  const bucket = Math.max(0, requests - limits.bucketSize) / limits.drainPerSecond;
  const sustained = limits.operatingSeconds / 600;
  const operating = Math.max(0, ...Object.values(operatingByMethod).map((s) => Math.max(0, s - limits.operatingSeconds) / sustained));
  return Math.max(bucket, operating);
}

export async function writeResult(name: string, result: Record<string, unknown>): Promise<string> {
  const dir = join(import.meta.dirname, 'results');
  await mkdir(dir, { recursive: true });
  const file = join(dir, `${name}.json`);
  await writeFile(file, `${JSON.stringify(result, null, 2)}\n`);
  return file;
}

export function round(n: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}
