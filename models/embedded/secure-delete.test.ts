import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import mongoose from 'mongoose';

import { testFerretdbBinary } from '../../test/support/test-database';
import { ferretdbPaths, startEmbeddedFerretdb } from './ferretdb-server';

/** How many times `marker` appears in the SQLite files (database, -wal, -shm) of a data folder. */
function occurrencesInDataFiles(dataDir: string, marker: string): number {
  const folder = ferretdbPaths(dataDir).sqlite;
  const needle = Buffer.from(marker);
  let count = 0;
  for (const name of readdirSync(folder)) {
    const bytes = readFileSync(path.join(folder, name));
    for (let at = bytes.indexOf(needle); at !== -1; at = bytes.indexOf(needle, at + 1)) count++;
  }
  return count;
}

async function withServer(dataDir: string, work: (uri: string) => Promise<void>): Promise<void> {
  const server = await startEmbeddedFerretdb({ binary: testFerretdbBinary(), dataDir });
  try {
    await work(server.uri);
  } finally {
    // A clean stop checkpoints the write-ahead log into the database file and removes it.
    await server.stop();
  }
}

describe('erased values do not stay in the database files', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'anm-erase-'));
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it('when a document is deleted, then its values are in no SQLite file, not even in free pages', async () => {
    const marker = `cedula-${randomUUID()}`;
    const collection = (uri: string) =>
      mongoose.createConnection(uri, { dbName: 'erasure' }).asPromise();

    await withServer(dataDir, async (uri) => {
      const connection = await collection(uri);
      const citizens = connection.collection<{ _id: string; value: string }>('citizens');
      await citizens.insertOne({ _id: 'to-erase', value: marker });
      // Neighbours on the same page, so that the page stays in use after the delete.
      await citizens.insertMany(
        Array.from({ length: 20 }, (_, index) => ({
          _id: `keep-${index}`,
          value: 'x'.repeat(100),
        })),
      );
      await connection.close();
    });
    // The scan is able to see the value while it is stored.
    expect(occurrencesInDataFiles(dataDir, marker)).toBeGreaterThan(0);

    await withServer(dataDir, async (uri) => {
      const connection = await collection(uri);
      const citizens = connection.collection<{ _id: string }>('citizens');
      expect((await citizens.deleteOne({ _id: 'to-erase' })).deletedCount).toBe(1);
      await connection.close();
    });
    expect(occurrencesInDataFiles(dataDir, marker)).toBe(0);
  });
});
