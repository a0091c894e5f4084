import type { Socket } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';

import type { Connection } from 'mongoose';

import { MongoBulkWriteError, MongoNetworkError } from 'mongodb';

import { createLogger } from '../kernel/logger';
import { testMongoUri, uniqueDatabaseName } from '../test/support/test-database';
import { isDatabaseUnavailableError, openDatabase, type Database } from './database';
import { markActivityProcessed } from './processed-activity';

/**
 * The driver's pooled connections that wait for the next operation. Reaches into the driver's
 * internals (topology → server → pool): the only way to close a pooled socket at an exact moment.
 */
function idlePooledSockets(connection: Connection): { socket: Socket; closed: boolean }[] {
  const client = connection.getClient() as unknown as {
    topology?: { s?: { servers?: Map<string, { pool?: { connections?: Iterable<unknown> } }> } };
  };
  const servers = client.topology?.s?.servers;
  if (!servers) throw new Error('the driver internals changed: no topology servers');
  const pooled = [...servers.values()].flatMap((server) => [...(server.pool?.connections ?? [])]);
  return pooled as { socket: Socket; closed: boolean }[];
}

const outcomeOf = (operation: Promise<unknown>) =>
  operation.then(
    () => 'completed' as const,
    (error: unknown) => (isDatabaseUnavailableError(error) ? 'unavailable' : error),
  );

describe('a database operation on a connection the server has just closed', () => {
  const timeoutMs = 1_000;
  let database: Database;

  beforeAll(async () => {
    database = await openDatabase(
      { kind: 'external', uri: testMongoUri(), dbName: uniqueDatabaseName('deadline'), timeoutMs },
      createLogger('silent'),
    );
  });
  afterAll(async () => {
    await database.connection.dropDatabase();
    await database.close();
  });

  it('when its socket is gone but the driver has not yet heard of it, then the operation fails as "database unavailable" within its deadline instead of waiting for ever', async () => {
    const { processedActivities } = database.models;
    await markActivityProcessed(processedActivities, 'warm-up', new Date());
    // Wait until the connection is back in the pool.
    for (let tries = 0; idlePooledSockets(database.connection).length === 0 && tries < 100; tries++)
      await delay(10);
    const pooled = idlePooledSockets(database.connection);
    expect(pooled.length).toBeGreaterThan(0);

    // As when FerretDB dies: the socket is destroyed; the driver hears of it only at 'close',
    // which comes in a later phase of the event loop. The operation starts before that.
    for (const { socket } of pooled) socket.destroy();
    expect(pooled.every(({ closed }) => !closed)).toBe(true);
    const outcome = await Promise.race([
      outcomeOf(markActivityProcessed(processedActivities, 'in-the-gap', new Date())),
      delay(10 * timeoutMs, 'still waiting' as const, { ref: false }),
    ]);

    expect(outcome).toBe('unavailable');
    // The next operation gets a fresh connection and succeeds.
    expect(await markActivityProcessed(processedActivities, 'after', new Date())).toBe(true);
  });

  it('when a grouped write (insertMany, bulkWrite) fails on the network, then the driver’s bulk error reads as the database being unavailable, and a refused document does not', async () => {
    // What the driver throws when the command of a bulk write fails as a whole (mongodb
    // src/bulk/common.ts, executeCommands): the network's error wrapped, kept as `errorResponse`.
    const result = {} as ConstructorParameters<typeof MongoBulkWriteError>[1];
    const lost = new MongoBulkWriteError(new MongoNetworkError('read ECONNRESET'), result);
    expect(lost.name).toBe('MongoBulkWriteError');
    expect(isDatabaseUnavailableError(lost)).toBe(true);

    // A document refused (a duplicate key): the database answered.
    const writes = database.connection
      .getClient()
      .db(database.connection.name)
      .collection<{ _id: string }>('grouped_writes');
    await writes.insertOne({ _id: 'taken' });
    const refused = await writes
      .insertMany([{ _id: 'taken' }, { _id: 'free' }], { ordered: false })
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    expect(refused).toMatchObject({ name: 'MongoBulkWriteError' });
    expect(isDatabaseUnavailableError(refused)).toBe(false);
  });
});
