// The suite's closing table: per run, what was done to it and how many checks held.
import type { Check } from './compare.ts';

export interface ReportRow {
  readonly run: string;
  /** Kills, faults injected per kind, edits. */
  readonly detail: string;
  readonly checks: readonly Check[];
  readonly ms: number;
}

export function printReport(rows: readonly ReportRow[], totalMs: number): void {
  const lines = ['', 'Fault suite', `${'run'.padEnd(11)} ${'checks'.padEnd(8)} ${'time'.padEnd(7)} injected / done`];
  for (const r of rows) {
    const passed = r.checks.filter((c) => c.ok).length;
    lines.push(`${r.run.padEnd(11)} ${`${passed}/${r.checks.length}`.padEnd(8)} ${`${Math.round(r.ms / 1000)} s`.padEnd(7)} ${r.detail}`);
    for (const c of r.checks.filter((x) => !x.ok)) lines.push(`${''.padEnd(11)} FAILED  ${c.name}: ${c.detail.replace(/\n/g, '\n' + ''.padEnd(20))}`);
  }
  lines.push(`total ${Math.round(totalMs / 1000)} s`, '');
  console.log(lines.join('\n'));
}
