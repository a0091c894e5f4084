import mongoose, { type Connection } from 'mongoose';

import type { DatabaseConfig } from '../bot/config';
import { AppError, errorCodes } from '../bot/errors';
import type { Logger } from '../bot/logger';
import { ensureFerretdbInstalled } from './embedded/ferretdb-installer';
import { startEmbeddedFerretdb, type EmbeddedFerretdb } from './embedded/ferretdb-server';
import { createModels, ensureIndexes, type Models } from './registry';

export interface Database {
  readonly connection: Connection;
  readonly models: Models;
  readonly kind: DatabaseConfig['kind'];
  /** True when the server answers a ping within the timeout. */
  ping(timeoutMs?: number): Promise<boolean>;
  /** Closes the connection, then stops the embedded server if there is one. */
  close(): Promise<void>;
}

/** Connects to MONGODB_URI, or starts the embedded FerretDB under DATA_DIR and connects to it. */
export async function openDatabase(config: DatabaseConfig, logger: Logger): Promise<Database> {
  let embedded: EmbeddedFerretdb | undefined;
  let uri: string;
  if (config.kind === 'external') {
    uri = config.uri;
  } else {
    const binary =
      config.ferretdbBinary ??
      (await ensureFerretdbInstalled(config.toolsDir, { info: (message) => logger.info(message) }));
    embedded = await startEmbeddedFerretdb({ binary, dataDir: config.dataDir });
    uri = embedded.uri;
    logger.info({ port: embedded.port, pid: embedded.pid }, 'embedded FerretDB started');
  }

  const connection = mongoose.createConnection(uri, {
    dbName: config.dbName,
    autoIndex: false,
    serverSelectionTimeoutMS: config.timeoutMs,
  });
  try {
    await connection.asPromise();
    const models = createModels(connection);
    await ensureIndexes(models);
    logger.info({ database: config.kind }, 'database connected');
    return {
      connection,
      models,
      kind: config.kind,
      ping: (timeoutMs = 2_000) => pingDatabase(connection, timeoutMs),
      async close() {
        await connection.close();
        await embedded?.stop();
      },
    };
  } catch (error) {
    await connection.close().catch(() => undefined);
    await embedded?.stop();
    throw new AppError(errorCodes.databaseUnavailable, 'could not connect to the database', {
      cause: error,
    });
  }
}

async function pingDatabase(connection: Connection, timeoutMs: number): Promise<boolean> {
  const database = connection.db;
  if (!database || connection.readyState !== mongoose.ConnectionStates.connected) return false;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  try {
    return await Promise.race([
      database.command({ ping: 1 }).then((reply) => reply.ok === 1),
      timeout,
    ]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}
