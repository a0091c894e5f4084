import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

import mongoose from 'mongoose';

import { testFerretdbBinary } from '../../test/support/test-database';
import { startEmbeddedFerretdb } from './ferretdb-server';

describe('the embedded database is supervised', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'anm-sup-'));
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it('when its process is killed, then it is restarted on the same socket and an open connection works again with the data kept', async () => {
    const states: string[] = [];
    const server = await startEmbeddedFerretdb({
      binary: testFerretdbBinary(),
      dataDir,
      restartDelayMs: { initial: 200, max: 1000 },
    });
    server.onStateChange((state) => states.push(state));
    const connection = await mongoose
      .createConnection(server.uri, { dbName: 'sup', serverSelectionTimeoutMS: 15_000 })
      .asPromise();
    try {
      const things = connection.collection<{ _id: string }>('things');
      await things.insertOne({ _id: 'before-crash' });
      const firstPid = server.pid;

      process.kill(firstPid, 'SIGKILL');
      const deadline = Date.now() + 20_000;
      while (!(server.running && server.pid !== firstPid) && Date.now() < deadline) await delay(50);

      expect(server.pid).not.toBe(firstPid);
      expect(states).toEqual(['down', 'running']);
      expect(await things.findOne({ _id: 'before-crash' })).toEqual({ _id: 'before-crash' });
    } finally {
      await connection.close();
      await server.stop();
    }
  });
});
