import { createHash } from 'node:crypto';
import { chmod, mkdir, open, readFile, rename, rm, type FileHandle } from 'node:fs/promises';
import path from 'node:path';

/** An entry waiting in the journal, with its place in the order of arrival. */
export interface JournalRecord<T> {
  readonly seq: number;
  readonly entry: T;
}

interface Line {
  seq: number;
  /** Present on an entry line; absent on the line that marks `seq` as done. */
  entry?: unknown;
}

/** Done marks accumulate until this many, then the file is rewritten with what is left. */
const compactAfterDoneMarks = 32;

type DistributiveOmit<U, K extends PropertyKey> = U extends unknown ? Omit<U, K> : never;

function checksum(body: string): string {
  return createHash('sha256').update(body).digest('hex').slice(0, 16);
}

function encode(line: Line): string {
  const body = JSON.stringify(line);
  return `${checksum(body)} ${body}\n`;
}

/** undefined for a line that is torn (a crash mid-write) or damaged: it is skipped, not fatal. */
function decode(text: string): Line | undefined {
  const space = text.indexOf(' ');
  if (space !== 16) return undefined;
  const body = text.slice(space + 1);
  if (checksum(body) !== text.slice(0, space)) return undefined;
  try {
    const line = JSON.parse(body) as Line;
    return Number.isSafeInteger(line.seq) ? line : undefined;
  } catch {
    return undefined;
  }
}

/** A write to the file: lines to append (with what they make pending), or an exclusive task. */
type Operation =
  | {
      kind: 'append';
      text: string;
      record?: JournalRecord<unknown>;
      done: (error?: unknown) => void;
    }
  | { kind: 'task'; run: () => Promise<void>; done: (error?: unknown) => void };

/**
 * An append-only file of JSON lines, each with a sequence number and a checksum, made durable
 * (fdatasync) before `append` resolves; appends that arrive during a sync share the next one.
 * Entries leave the journal with `remove`: a done mark, then, every few marks and when nothing is
 * left, the file is rewritten without them or deleted, so that what it holds (personal data) does
 * not outlive its replay. The file and its folder are owner-only.
 */
export class DurableJournal<T> {
  private readonly records = new Map<number, T>();
  private lastSeq = 0;
  private doneMarks = 0;
  private handle: FileHandle | undefined;
  private readonly queue: Operation[] = [];
  private writing: Promise<void> | undefined;
  private damaged = false;

  private constructor(private readonly file: string) {}

  /**
   * Opens (or creates) the journal, keeps the valid entries not marked done and rewrites the file
   * with only those, which also drops a torn last line. `skipped` counts unreadable lines.
   */
  static async open<T>(
    file: string,
    parse: (value: unknown) => T | undefined,
  ): Promise<{ journal: DurableJournal<T>; skipped: number }> {
    await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    await chmod(path.dirname(file), 0o700);
    const journal = new DurableJournal<T>(file);
    let skipped = 0;
    const text = await readFile(file, 'utf8').catch((error: unknown) => {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return '';
      throw error;
    });
    for (const raw of text.split('\n')) {
      if (raw === '') continue;
      const line = decode(raw);
      const entry = line?.entry === undefined ? undefined : parse(line.entry);
      if (!line || (line.entry !== undefined && entry === undefined)) {
        skipped++;
        continue;
      }
      journal.lastSeq = Math.max(journal.lastSeq, line.seq);
      if (entry === undefined) journal.records.delete(line.seq);
      else journal.records.set(line.seq, entry);
    }
    await journal.rewrite();
    return { journal, skipped };
  }

  /** Entries not yet removed, oldest first. */
  pending(): JournalRecord<T>[] {
    return [...this.records.entries()]
      .sort(([a], [b]) => a - b)
      .map(([seq, entry]) => ({ seq, entry }));
  }

  /** The entry that arrived first among those left. */
  oldest(): JournalRecord<T> | undefined {
    for (const [seq, entry] of this.records) return { seq, entry };
    return undefined;
  }

  get size(): number {
    return this.records.size;
  }

  /** Resolves once the entry is on disk; it is then part of `pending()`. */
  async append(entry: T): Promise<number> {
    const seq = ++this.lastSeq;
    await this.enqueue({ kind: 'append', text: encode({ seq, entry }), record: { seq, entry } });
    return seq;
  }

  /** The entry was replayed: it leaves the journal (and, soon after, the file). */
  async remove(seq: number): Promise<void> {
    if (!this.records.delete(seq)) return;
    await this.enqueue({ kind: 'append', text: encode({ seq }) });
    this.doneMarks++;
    if (this.records.size === 0 || this.doneMarks >= compactAfterDoneMarks) {
      await this.enqueue({ kind: 'task', run: () => this.rewrite() });
    }
  }

  /** Waits for writes in progress and closes the file. Entries left stay for the next start. */
  async close(): Promise<void> {
    await this.enqueue({
      kind: 'task',
      run: async () => {
        await this.handle?.close();
        this.handle = undefined;
      },
    });
  }

  private enqueue(operation: DistributiveOmit<Operation, 'done'>): Promise<void> {
    return new Promise((resolve, reject) => {
      const done = (error?: unknown) => {
        if (error === undefined) resolve();
        else reject(error instanceof Error ? error : new Error('journal write failed'));
      };
      this.queue.push({ ...operation, done });
      this.startWriter();
    });
  }

  private startWriter(): void {
    if (this.writing) return;
    this.writing = this.flush().finally(() => {
      this.writing = undefined;
      // An operation queued while the writer was finishing.
      if (this.queue.length > 0) this.startWriter();
    });
  }

  /**
   * One writer, in order. Appends queued together go out in one write and one sync (group commit);
   * a task (a rewrite, the close) runs alone, so a rename never races an append.
   */
  private async flush(): Promise<void> {
    for (let next = this.queue[0]; next !== undefined; next = this.queue[0]) {
      if (next.kind === 'task') {
        this.queue.shift();
        await next.run().then(
          () => next.done(),
          (error: unknown) => next.done(error),
        );
        continue;
      }
      const end = this.queue.findIndex((operation) => operation.kind === 'task');
      const batch = this.queue.splice(0, end === -1 ? this.queue.length : end) as Extract<
        Operation,
        { kind: 'append' }
      >[];
      try {
        // After a failed write the file may end in a partial line: start again from what is known.
        if (this.damaged) await this.rewrite();
        this.damaged = false;
        this.handle ??= await open(this.file, 'a', 0o600);
        await this.handle.write(batch.map((item) => item.text).join(''));
        await this.handle.datasync();
        for (const item of batch) {
          if (item.record) this.records.set(item.record.seq, item.record.entry as T);
          item.done();
        }
      } catch (error) {
        this.damaged = true;
        for (const item of batch) item.done(error);
      }
    }
  }

  /** Replaces the file with the pending entries only (atomically), or deletes it when none. */
  private async rewrite(): Promise<void> {
    await this.handle?.close();
    this.handle = undefined;
    this.doneMarks = 0;
    if (this.records.size === 0) {
      await rm(this.file, { force: true });
      await syncFolder(path.dirname(this.file));
      return;
    }
    const temporary = `${this.file}.tmp`;
    const handle = await open(temporary, 'w', 0o600);
    try {
      await handle.write(
        this.pending()
          .map((record) => encode(record))
          .join(''),
      );
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, this.file);
    await syncFolder(path.dirname(this.file));
  }
}

/** Makes a rename or a delete in `folder` durable. */
async function syncFolder(folder: string): Promise<void> {
  const handle = await open(folder, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
