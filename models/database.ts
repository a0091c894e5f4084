import mongoose, { type Connection } from 'mongoose';

import { AppError, errorCodes } from '../kernel/errors';
import type { Logger } from '../kernel/logger';
import { ensureFerretdbInstalled } from './embedded/ferretdb-installer';
import { startEmbeddedFerretdb, type EmbeddedFerretdb } from './embedded/ferretdb-server';
import { createModels, ensureIndexes, type Models } from './registry';

/** Where the data lives: an operator's MongoDB, or the embedded FerretDB in DATA_DIR. */
export type DatabaseConfig = { dbName: string; timeoutMs: number } & (
  | { kind: 'external'; uri: string }
  | {
      kind: 'embedded';
      dataDir: string;
      /** An operator-provided FerretDB binary; undefined means "install it under toolsDir". */
      ferretdbBinary: string | undefined;
      toolsDir: string;
    }
);

export interface Database {
  readonly connection: Connection;
  readonly models: Models;
  readonly kind: DatabaseConfig['kind'];
  /** True when the server answers a ping within the timeout. */
  ping(timeoutMs?: number): Promise<boolean>;
  /**
   * A guess without I/O: false while the embedded server is known to be down (between its crash
   * and its restart) or while the driver has no connection. True does not promise the next query.
   */
  available(): boolean;
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
    embedded = await startEmbeddedFerretdb({
      binary,
      dataDir: config.dataDir,
      log: {
        info: (details, message) => logger.info(details, message),
        error: (details, message) => logger.error(details, message),
      },
    });
    uri = embedded.uri;
    logger.info({ pid: embedded.pid }, 'embedded FerretDB started');
  }

  const connection = mongoose.createConnection(uri, {
    dbName: config.dbName,
    autoIndex: false,
    serverSelectionTimeoutMS: config.timeoutMs,
    // No reply on a socket for this long means the server is gone (the driver's default waits
    // for ever): the operation fails as unreachable, and a turn waiting on it goes to the journal.
    socketTimeoutMS: Math.max(60_000, 6 * config.timeoutMs),
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
      available: () =>
        (embedded?.running ?? true) &&
        connection.readyState === mongoose.ConnectionStates.connected,
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

/** Error names of the driver (and mongoose) that mean "the server cannot be reached now". */
const unreachableErrorNames = new Set([
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoServerSelectionError',
  'MongooseServerSelectionError',
  'MongoNotConnectedError',
  'MongoPoolClearedError',
  'MongoTopologyClosedError',
]);

/** Socket errors the driver sometimes lets through unwrapped (a write to a server that died). */
const unreachableSocketCodes = new Set(['EPIPE', 'ECONNRESET', 'ECONNREFUSED', 'ENOTCONN']);

/**
 * True when an error (or one of its causes) says the database is unreachable, not that a query is
 * wrong. Duck-typed rather than `instanceof`: Node's own socket errors come from another realm
 * under test runners.
 */
export function isDatabaseUnavailableError(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 8 && typeof current === 'object' && current !== null; depth++) {
    const { name, code, syscall, cause } = current as {
      name?: unknown;
      code?: unknown;
      syscall?: unknown;
      cause?: unknown;
    };
    if (typeof name === 'string' && unreachableErrorNames.has(name)) return true;
    if (name === 'AppError' && code === errorCodes.databaseUnavailable) return true;
    if (typeof syscall === 'string' && typeof code === 'string' && unreachableSocketCodes.has(code))
      return true;
    current = cause;
  }
  return false;
}
