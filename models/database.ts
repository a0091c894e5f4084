import mongoose, { type Connection } from 'mongoose';

import { AppError, errorCodes } from '../kernel/errors';
import type { Logger } from '../kernel/logger';
import { ensureFerretdbInstalled } from './embedded/ferretdb-installer';
import {
  ferretdbPaths,
  startEmbeddedFerretdb,
  type EmbeddedFerretdb,
} from './embedded/ferretdb-server';
import { ensureIdLookupIndexes } from './embedded/sqlite-lookup-indexes';
import { runMigrations, type MigrationContext } from './migrations';
import { applyOperationDeadline } from './operation-deadline';
import { watchServerMonitor } from './server-monitor-watchdog';
import { collectionNames, createModels, ensureIndexes, type Models } from './registry';

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

/** The driver's default `heartbeatFrequencyMS`, left as it is. */
const defaultHeartbeatFrequencyMs = 10_000;

/** Connects to MONGODB_URI, or starts the embedded FerretDB under DATA_DIR and connects to it. */
export async function openDatabase(
  config: DatabaseConfig,
  logger: Logger,
  migration: MigrationContext = {},
): Promise<Database> {
  const { uri, embedded } = await startServer(config, logger);
  const connection = createConnection(config, uri);
  try {
    await connection.asPromise();
    const models = await prepareModels(connection, config, logger, migration);
    const watchdog = watchServerMonitor(connection.getClient(), {
      replyTimeoutMs: config.timeoutMs,
      heartbeatFrequencyMs: defaultHeartbeatFrequencyMs,
      logger,
    });
    logger.info({ database: config.kind }, 'database connected');
    return {
      connection,
      models,
      kind: config.kind,
      ping: (timeoutMs = 2_000) =>
        embedded?.running === false ? Promise.resolve(false) : pingDatabase(connection, timeoutMs),
      available: () =>
        (embedded?.running ?? true) &&
        connection.readyState === mongoose.ConnectionStates.connected,
      async close() {
        await watchdog.stop();
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

/** The operator's server as it is, or the embedded FerretDB (installed first if need be). */
async function startServer(
  config: DatabaseConfig,
  logger: Logger,
): Promise<{ uri: string; embedded: EmbeddedFerretdb | undefined }> {
  if (config.kind === 'external') return { uri: config.uri, embedded: undefined };
  const binary =
    config.ferretdbBinary ??
    (await ensureFerretdbInstalled(config.toolsDir, { info: (message) => logger.info(message) }));
  const embedded = await startEmbeddedFerretdb({
    binary,
    dataDir: config.dataDir,
    log: {
      info: (details, message) => logger.info(details, message),
      error: (details, message) => logger.error(details, message),
    },
  });
  logger.info({ pid: embedded.pid }, 'embedded FerretDB started');
  return { uri: embedded.uri, embedded };
}

function createConnection(config: DatabaseConfig, uri: string): Connection {
  return mongoose.createConnection(uri, {
    dbName: config.dbName,
    autoIndex: false,
    serverSelectionTimeoutMS: config.timeoutMs,
    // Bounds a new connection and a heartbeat's wait for its reply (see the watchdog).
    connectTimeoutMS: config.timeoutMs,
    // While the server is away an operation waits in the driver's server selection (bounded by
    // the timeout above), not in mongoose's own buffer, whose timeout error reads as a bug.
    bufferCommands: false,
    // A read with no reply for this long fails as unreachable. Reads and writes of the models are
    // bounded more tightly by their deadline (applyOperationDeadline); this covers the rest
    // (index builds).
    socketTimeoutMS: Math.max(60_000, 6 * config.timeoutMs),
  });
}

/** The models with their deadline, their indexes (and the embedded store's), data migrated. */
async function prepareModels(
  connection: Connection,
  config: DatabaseConfig,
  logger: Logger,
  migration: MigrationContext,
): Promise<Models> {
  const models = createModels(connection);
  applyOperationDeadline(models, config.timeoutMs);
  await ensureIndexes(models);
  if (config.kind === 'embedded') {
    const sqliteDir = ferretdbPaths(config.dataDir).sqlite;
    ensureIdLookupIndexes(sqliteDir, config.dbName, collectionNames(models));
  }
  const migrated = await runMigrations(models, migration);
  if (migrated.length > 0) logger.info({ migrations: migrated }, 'data migrated');
  return models;
}

/**
 * A ping even while the driver counts the server as gone: a command makes the driver look for the
 * server again at once, where it would otherwise wait for its next heartbeat (10 s). The signal
 * ends the ping in the driver; the race bounds the wait even if some path ignored it.
 */
async function pingDatabase(connection: Connection, timeoutMs: number): Promise<boolean> {
  const database = connection.db;
  if (!database) return false;
  const timeout = AbortSignal.timeout(timeoutMs);
  const expired = new Promise<false>((resolve) => {
    timeout.addEventListener('abort', () => resolve(false), { once: true });
  });
  try {
    return await Promise.race([
      database.command({ ping: 1 }, { signal: timeout }).then((reply) => reply.ok === 1),
      expired,
    ]);
  } catch {
    return false;
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
    const { name, code, syscall, cause, errorResponse } = current as {
      name?: unknown;
      code?: unknown;
      syscall?: unknown;
      cause?: unknown;
      errorResponse?: unknown;
    };
    if (typeof name === 'string' && unreachableErrorNames.has(name)) return true;
    if (name === 'AppError' && code === errorCodes.databaseUnavailable) return true;
    if (typeof syscall === 'string' && typeof code === 'string' && unreachableSocketCodes.has(code))
      return true;
    // A bulk write (insertMany, bulkWrite) that failed as a whole wraps the driver's error, the
    // network's for one, in a MongoBulkWriteError and keeps it as `errorResponse`, not `cause`.
    current =
      name === 'MongoBulkWriteError' && errorResponse instanceof Error ? errorResponse : cause;
  }
  return false;
}
