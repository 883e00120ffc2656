// Number series (nav-web-services.md §6): a Create without a number takes the
// next one; a number typed by the caller is only accepted when the series allows
// manual numbers.

export interface NoSeries {
  readonly code: string;
  readonly description: string;
  readonly startingNo: string;
  readonly incrementBy: number;
  readonly manualNos: boolean;
  lastNoUsed: string;
}

/**
 * NAV's IncStr applied `by` times: the rightmost run of digits grows by `by`,
 * keeping its width and growing when it overflows ("C99990" + 10 = "C100000").
 */
export function incrementNo(no: string, by: number): string {
  const m = /^(.*?)(\d+)(\D*)$/.exec(no);
  if (!m) throw new Error(`the number "${no}" has no digits to increase`);
  const [, head = '', digits = '', tail = ''] = m;
  const next = String(BigInt(digits) + BigInt(by));
  return head + next.padStart(digits.length, '0') + tail;
}

export function nextNo(series: NoSeries): string {
  return series.lastNoUsed === '' ? series.startingNo : incrementNo(series.lastNoUsed, series.incrementBy);
}
