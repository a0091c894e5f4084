import { randomUUID } from 'node:crypto';

import mongoose, { type Connection } from 'mongoose';

import { createModels, ensureIndexes, type Models } from '../../models/registry';

/** The FerretDB that jest's global setup started for this run. */
export function testMongoUri(): string {
  const uri = process.env.ANM_TEST_MONGODB_URI;
  if (!uri)
    throw new Error('ANM_TEST_MONGODB_URI is not set: run the tests through jest (global setup)');
  return uri;
}

export function testFerretdbBinary(): string {
  const binary = process.env.ANM_TEST_FERRETDB_BINARY;
  if (!binary) throw new Error('ANM_TEST_FERRETDB_BINARY is not set: run the tests through jest');
  return binary;
}

export function uniqueDatabaseName(prefix = 'test'): string {
  return `${prefix}_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
}

export interface TestDatabase {
  connection: Connection;
  models: Models;
  dbName: string;
  close(): Promise<void>;
}

/**
 * A fresh database on the test FerretDB, with every model and index; dropped on close. With
 * `monitorCommands`, the driver emits its command events (to count a test's round-trips).
 */
export async function openTestDatabase(
  options: { prefix?: string; monitorCommands?: boolean } = {},
): Promise<TestDatabase> {
  const dbName = uniqueDatabaseName(options.prefix);
  const connection = await mongoose
    .createConnection(testMongoUri(), {
      dbName,
      autoIndex: false,
      monitorCommands: options.monitorCommands ?? false,
    })
    .asPromise();
  const models = createModels(connection);
  await ensureIndexes(models);
  return {
    connection,
    models,
    dbName,
    async close() {
      await connection.dropDatabase();
      await connection.close();
    },
  };
}
