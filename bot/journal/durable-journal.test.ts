import { appendFileSync, existsSync, readFileSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { DurableJournal } from './durable-journal';

const parseText = (value: unknown) => (typeof value === 'string' ? value : undefined);

describe('DurableJournal', () => {
  let folder: string;
  let file: string;
  beforeEach(async () => {
    folder = await mkdtemp(path.join(os.tmpdir(), 'anm-journal-'));
    file = path.join(folder, 'journal', 'pending.jsonl');
  });
  afterEach(() => rm(folder, { recursive: true, force: true }));

  it('when entries are appended and the process starts again, then they are all there, in order, in an owner-only file', async () => {
    const { journal } = await DurableJournal.open(file, parseText);
    await Promise.all(['uno', 'dos', 'tres'].map((text) => journal.append(text)));
    await journal.close();
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(path.dirname(file)).mode & 0o777).toBe(0o700);

    const { journal: reopened, skipped } = await DurableJournal.open(file, parseText);
    expect(skipped).toBe(0);
    expect(reopened.pending().map((record) => record.entry)).toEqual(['uno', 'dos', 'tres']);
    await reopened.close();
  });

  it('when the last line was torn by a crash, then it is skipped and the entries before it are kept', async () => {
    const { journal } = await DurableJournal.open(file, parseText);
    await journal.append('completa');
    await journal.close();
    appendFileSync(file, '0123456789abcdef {"seq":2,"entry":"corta');

    const { journal: reopened, skipped } = await DurableJournal.open(file, parseText);
    expect(skipped).toBe(1);
    expect(reopened.pending().map((record) => record.entry)).toEqual(['completa']);
    // The next entry is readable after a restart, not glued to the torn line.
    await reopened.append('siguiente');
    await reopened.close();
    const { journal: third } = await DurableJournal.open(file, parseText);
    expect(third.pending().map((record) => record.entry)).toEqual(['completa', 'siguiente']);
    await third.close();
  });

  it('when every entry is removed, then the file is deleted and no removed entry comes back after a restart', async () => {
    const { journal } = await DurableJournal.open(file, parseText);
    const first = await journal.append('cedula 1234567890');
    const second = await journal.append('otra');
    await journal.remove(first);
    expect(readFileSync(file, 'utf8')).toContain('cedula');
    await journal.close();
    const { journal: reopened } = await DurableJournal.open(file, parseText);
    expect(reopened.pending()).toEqual([{ seq: second, entry: 'otra' }]);
    // Reopening rewrote the file with what is left: the removed entry's data is gone.
    expect(readFileSync(file, 'utf8')).not.toContain('cedula');
    await reopened.remove(second);
    expect(existsSync(file)).toBe(false);
    await reopened.close();
  });
});
