// Every NAV web service call is one transaction (nav-web-services.md §1.4:
// "Every page operation is atomic"; CreateMultiple is all or nothing). Calls run
// synchronously on the event loop, so no other call can see a half-done one; the
// undo log only has to put things back when a call fails part-way.

export class UndoLog {
  private readonly steps: Array<() => void> = [];
  private readonly marks = new Set<object>();

  push(undo: () => void): void {
    this.steps.push(undo);
  }

  /** True the first time `thing` is marked in this transaction (to snapshot a row once). */
  markOnce(thing: object): boolean {
    if (this.marks.has(thing)) return false;
    this.marks.add(thing);
    return true;
  }

  rollback(): void {
    for (let i = this.steps.length - 1; i >= 0; i--) this.steps[i]?.();
    this.steps.length = 0;
    this.marks.clear();
  }
}
