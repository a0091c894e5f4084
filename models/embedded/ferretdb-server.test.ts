import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import mongoose from 'mongoose';

import { AppError } from '../../kernel/errors';
import { testFerretdbBinary } from '../../test/support/test-database';
import { startEmbeddedFerretdb } from './ferretdb-server';

async function pingThrough(uri: string): Promise<unknown> {
  const connection = await mongoose.createConnection(uri, { dbName: 'ping' }).asPromise();
  try {
    return (await connection.db?.command({ ping: 1 }))?.ok;
  } finally {
    await connection.close();
  }
}

describe('startEmbeddedFerretdb', () => {
  const directories: string[] = [];
  const newDataDir = async () => {
    const directory = await mkdtemp(path.join(os.tmpdir(), 'anm-ferretdb-'));
    directories.push(directory);
    return directory;
  };
  afterAll(() =>
    Promise.all(directories.map((directory) => rm(directory, { recursive: true, force: true }))),
  );

  it('when two servers start on different data folders, then they run side by side, each on its own socket', async () => {
    const [first, second] = await Promise.all([
      startEmbeddedFerretdb({ binary: testFerretdbBinary(), dataDir: await newDataDir() }),
      startEmbeddedFerretdb({ binary: testFerretdbBinary(), dataDir: await newDataDir() }),
    ]);
    try {
      expect(first.socketPath).not.toBe(second.socketPath);
      expect(await pingThrough(first.uri)).toBe(1);
      expect(await pingThrough(second.uri)).toBe(1);
    } finally {
      await Promise.all([first.stop(), second.stop()]);
    }
  });

  it('when a second server is started on a data folder in use, then it is refused with a clear error', async () => {
    const dataDir = await newDataDir();
    const running = await startEmbeddedFerretdb({ binary: testFerretdbBinary(), dataDir });
    try {
      // A lock held by another live process (here: this test's parent, jest).
      const { writeFileSync } = await import('node:fs');
      writeFileSync(
        path.join(dataDir, 'ferretdb', 'server.lock'),
        JSON.stringify({ ownerPid: process.ppid }),
      );
      await expect(
        startEmbeddedFerretdb({ binary: testFerretdbBinary(), dataDir }),
      ).rejects.toThrow(/Another process .* runs the embedded database on this DATA_DIR/);
    } finally {
      await running.stop();
    }
  });

  it('when the binary cannot start, then the error says so and points to its log', async () => {
    const error = await startEmbeddedFerretdb({
      binary: '/bin/false',
      dataDir: await newDataDir(),
      readyTimeoutMs: 2000,
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).message).toMatch(
      /FerretDB exited \(code 1\) before it was ready; see .*ferretdb\.log/,
    );
  });
});
