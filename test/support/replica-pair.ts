import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import mongoose, { type Connection } from 'mongoose';

import {
  startEmbeddedFerretdb,
  type EmbeddedFerretdb,
} from '../../models/embedded/ferretdb-server';
import { createModels, type Models } from '../../models/registry';
import { spawnBot, type BotProcess } from './bot-process';
import { testFerretdbBinary } from './test-database';
import { Pseudonymizer } from '../../kernel/pseudonym';

export interface Replica {
  name: string;
  bot: BotProcess;
  url: string;
}

/**
 * Two bot processes (`dist/bot/index.js`) as two replicas of one deployment: one database server
 * (an embedded FerretDB of their own, reached through MONGODB_URI), one database name, one
 * PSEUDONYM_SECRET; each with its own DATA_DIR (its local journal) and its own port.
 */
export interface ReplicaPair {
  a: Replica;
  b: Replica;
  /** The database server both replicas use. */
  uri: string;
  dbName: string;
  /** The replicas' pseudonymizer (their shared PSEUDONYM_SECRET), to compute stored keys. */
  pseudonymizer: Pseudonymizer;
  /** A connection of the test's own to the replicas' database, with every model. */
  models: Models;
  /** Another connection to the same server, to a database of the caller's choosing. */
  connect: (dbName: string) => Promise<Connection>;
  /** Stops both bots (SIGTERM, awaited), closes the connections, stops FerretDB, removes files. */
  stop: () => Promise<void>;
}

export interface ReplicaPairOptions {
  /** Runs on the replicas' database before either replica starts (data they find at start). */
  prepare?: (models: Models) => Promise<void>;
}

export async function startReplicaPair(
  environment: Record<string, string>,
  options: ReplicaPairOptions = {},
): Promise<ReplicaPair> {
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'anm-bot-replicas-'));
  const connections: Connection[] = [];
  const bots: BotProcess[] = [];
  let server: EmbeddedFerretdb | undefined;
  const stop = async () => {
    for (const bot of bots) if (bot.child.exitCode === null) bot.child.kill('SIGTERM');
    await Promise.all(bots.map((bot) => bot.exited));
    await Promise.all(connections.map((connection) => connection.close()));
    await server?.stop();
    await rm(workDir, { recursive: true, force: true });
  };
  try {
    server = await startEmbeddedFerretdb({
      binary: testFerretdbBinary(),
      dataDir: path.join(workDir, 'database'),
    });
    const { uri } = server;
    const dbName = 'anm_replicas';
    const shared = {
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      MONGODB_URI: uri,
      MONGODB_DB_NAME: dbName,
      PSEUDONYM_SECRET: randomBytes(32).toString('hex'),
      ...environment,
    };
    const connect = async (name: string) => {
      const connection = await mongoose
        .createConnection(uri, { dbName: name, autoIndex: false })
        .asPromise();
      connections.push(connection);
      return connection;
    };
    const models = createModels(await connect(dbName));
    await options.prepare?.(models);
    const spawnReplica = (name: string) => {
      const bot = spawnBot({ ...shared, DATA_DIR: path.join(workDir, name) }, workDir);
      bots.push(bot);
      return bot;
    };
    // Both start at once, as replicas of a deployment do: each creates the collections and
    // indexes and runs the migrations on the same database.
    const started = await Promise.all(
      ['a', 'b'].map(async (name) => {
        const bot = spawnReplica(name);
        const { port } = await bot.waitForLog('server listening', 60_000);
        return { name, bot, url: `http://127.0.0.1:${String(port)}` };
      }),
    );
    const [a, b] = started as [Replica, Replica];
    const pseudonymizer = new Pseudonymizer(shared.PSEUDONYM_SECRET);
    return { a, b, uri, dbName, pseudonymizer, models, connect, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
