// The --data file: the sandbox's state as JSON, loaded at start when the file
// exists, written shortly after changes (coalesced) and when the sandbox stops.
// Writes go to a temporary file first, so a crash never leaves half a file.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { StateSnapshot } from './state.ts';

export async function loadSnapshot(file: string): Promise<StateSnapshot | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const data = JSON.parse(text) as Partial<StateSnapshot>;
  if (data.format !== 'b24nav-nav-sandbox/1' || !Array.isArray(data.companies)) {
    throw new Error(`${file} is not a NAV sandbox data file (format b24nav-nav-sandbox/1); move it away or pass another --data file`);
  }
  return data as StateSnapshot;
}

export class SnapshotWriter {
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly file: string,
    private readonly snapshot: () => StateSnapshot,
    private readonly onError: (error: unknown) => void,
    private readonly delayMs = 200,
  ) {}

  schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flush().catch(this.onError);
    }, this.delayMs);
    this.timer.unref();
  }

  /** Writes now (and waits for any write in progress). */
  flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    const text = JSON.stringify(this.snapshot());
    // A failed write does not stop the next ones.
    this.writing = this.writing.catch(() => undefined).then(async () => {
      await mkdir(dirname(this.file), { recursive: true });
      const temporary = `${this.file}.tmp`;
      await writeFile(temporary, text);
      await rename(temporary, this.file);
    });
    return this.writing;
  }
}
