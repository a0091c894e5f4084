import { mkdtemp, rm } from 'node:fs/promises';
import type { Socket } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { setTimeout as delay } from 'node:timers/promises';

import type { Connection } from 'mongoose';

import { toolsDir } from '../kernel/project-root';
import { createLogger } from '../kernel/logger';
import { embeddedServerPid } from '../test/support/embedded-app';
import { testFerretdbBinary } from '../test/support/test-database';
import { openDatabase, type Database } from './database';
import { markActivityProcessed } from './processed-activity';

async function waitUntil(condition: () => boolean | Promise<boolean>, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await delay(100);
  }
}

interface MonitoredServer {
  requestCheck(): void;
  monitor?: { connection?: { socket: Socket } | null };
}

/**
 * The driver's one server and the socket its monitor sends heartbeats on. Reaches into the
 * driver's internals (topology → server → monitor): the only way to time a heartbeat exactly.
 */
function monitoredServer(connection: Connection): { server: MonitoredServer; socket: Socket } {
  const client = connection.getClient() as unknown as {
    topology?: { s?: { servers?: Map<string, MonitoredServer> } };
  };
  const server = [...(client.topology?.s?.servers?.values() ?? [])][0];
  const socket = server?.monitor?.connection?.socket;
  if (!server || !socket) throw new Error('the driver internals changed: no monitor connection');
  return { server, socket };
}

describe('the database driver when the embedded FerretDB dies as its monitor checks it', () => {
  const timeoutMs = 1_000;
  let dataDir: string;
  let database: Database;
  const logLines: string[] = [];
  const logSink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(chunk.toString('utf8'));
      done();
    },
  });

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'anm-bot-monitor-'));
    database = await openDatabase(
      {
        kind: 'embedded',
        dataDir,
        ferretdbBinary: testFerretdbBinary(),
        toolsDir: toolsDir(),
        dbName: 'monitor',
        timeoutMs,
      },
      createLogger('warn', logSink),
    );
  });
  afterAll(async () => {
    await database.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('when its heartbeat is written to the socket the dead server just closed, then the database answers again once the server is back', async () => {
    const { processedActivities } = database.models;
    expect(await markActivityProcessed(processedActivities, 'before', new Date())).toBe(true);
    // FerretDB scans a collection for any query, so a query on many documents takes a while.
    const filler = database.connection.collection('filler');
    await filler.insertMany(Array.from({ length: 30_000 }, (_, index) => ({ index })));
    // A check requested this long after the last one runs at once, in the same tick.
    await delay(600);
    const { server, socket } = monitoredServer(database.connection);
    const heartbeatInTheGap = new Promise<void>((resolve) => {
      // The socket is destroyed right after its end of file; the driver hears of it later.
      socket.once('end', () =>
        setImmediate(() => {
          server.requestCheck();
          resolve();
        }),
      );
    });

    // An operation waiting for its reply when the server dies fails on its connection: the
    // driver marks the server unknown and waits for its monitor to see it again before using it.
    const inFlight = filler.countDocuments({ index: -1 }).then(
      () => 'completed',
      () => 'failed',
    );
    await delay(30);
    const killed = embeddedServerPid(dataDir);
    process.kill(killed, 'SIGKILL');
    await heartbeatInTheGap;
    expect(await inFlight).toBe('failed');
    await waitUntil(() => embeddedServerPid(dataDir) !== killed, 10_000);

    await waitUntil(() => database.ping(timeoutMs), 40_000);
    expect(await markActivityProcessed(processedActivities, 'after', new Date())).toBe(true);
    // It came back because the stuck heartbeat was noticed, and the operator can read why.
    expect(logLines.join('')).toContain('database driver stopped watching the server');
  }, 90_000);
});
