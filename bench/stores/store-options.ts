import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';

import type { Db } from 'mongodb';
import { Client, type ClientConfig } from 'pg';

import { ferretdbPaths, startEmbeddedFerretdb } from '../../models/embedded/ferretdb-server';
import {
  queryOnce,
  quoteIdentifier,
  startEmbeddedPostgres,
  startFerretdbOnPostgres,
  type EmbeddedPostgres,
} from './embedded-postgres-server';
import { allocatedBytes, childrenOf, memoryOf, type Memory } from './processes';

export const storeOptionIds = ['sqlite', 'sqlite-id-index', 'postgres', 'postgres-gin'] as const;
export type StoreOptionId = (typeof storeOptionIds)[number];

export const storeOptionLabels: Record<StoreOptionId, string> = {
  sqlite: '(a) SQLite as shipped',
  'sqlite-id-index': '(b) SQLite + `_id` expression index',
  postgres: '(c) PostgreSQL 17',
  'postgres-gin': '(d) PostgreSQL 17 + GIN `_id` index',
};

export const benchDatabase = 'bench';
export const benchCollection = 'heads';

/** The store's own plan for the SQL FerretDB runs for `find({_id: <string>})`. */
export interface StorePlan {
  sql: string;
  plan: string;
  usesIndex: boolean;
}

export interface StoreFootprint {
  ferretdb: Memory;
  postgres: Memory | undefined;
  /** The store's whole folder: SQLite files with their WAL; PostgreSQL's data folder. */
  folderBytes: number;
  /** PostgreSQL only: the collection's table with its indexes and TOAST. */
  collectionBytes: number | undefined;
}

export interface StoreOption {
  readonly id: StoreOptionId;
  /** mongodb:// URI of this option's FerretDB. */
  readonly uri: string;
  /** Milliseconds each step of the start took. */
  readonly startup: Record<string, number>;
  /** Creates the collection, and this option's extra index, before any document is stored. */
  prepare(db: Db): Promise<void>;
  /** What background maintenance would have done after a bulk load (PostgreSQL: VACUUM ANALYZE). */
  settle(): Promise<void>;
  /** `forceIndex`: PostgreSQL plans with sequential scans disabled (tiny tables). */
  plan(id: string, forceIndex: boolean): Promise<StorePlan>;
  footprint(): Promise<StoreFootprint>;
  /** Every process of this option now, to check after stop() that none is left. */
  processIds(): number[];
  stop(): Promise<void>;
}

export interface StartContext {
  ferretdbBinary: string;
  /** A folder the unprivileged PostgreSQL account can traverse (mode 0711 when running as root). */
  root: string;
}

export function startStoreOption(id: StoreOptionId, context: StartContext): Promise<StoreOption> {
  const dir = path.join(context.root, id);
  switch (id) {
    case 'sqlite':
    case 'sqlite-id-index':
      return startSqliteOption(id, dir, context.ferretdbBinary);
    case 'postgres':
    case 'postgres-gin':
      return startPostgresOption(id, dir, context.ferretdbBinary);
  }
}

/** The expression FerretDB 1.24's SQLite backend compares for a pushed-down `{_id: <string>}`. */
const sqliteIdExpression = `_ferretdb_sjson->'$._id'`;

async function startSqliteOption(
  id: 'sqlite' | 'sqlite-id-index',
  dir: string,
  binary: string,
): Promise<StoreOption> {
  mkdirSync(dir, { mode: 0o700 });
  const started = performance.now();
  const server = await startEmbeddedFerretdb({ binary, dataDir: dir });
  const ferretdbMs = performance.now() - started;
  const sqliteDir = ferretdbPaths(dir).sqlite;
  const file = path.join(sqliteDir, `${benchDatabase}.sqlite`);
  return {
    id,
    uri: server.uri,
    startup: { ferretdbMs },
    async prepare(db) {
      await db.createCollection(benchCollection);
      if (id === 'sqlite-id-index') createSqliteIdIndex(file);
    },
    settle: () => Promise.resolve(),
    plan: (documentId) => Promise.resolve(sqlitePlan(file, documentId)),
    footprint: async () => ({
      ferretdb: memoryOf([server.pid]),
      postgres: undefined,
      folderBytes: await allocatedBytes(sqliteDir),
      collectionBytes: undefined,
    }),
    processIds: () => [server.pid],
    stop: () => server.stop(),
  };
}

function sqliteTable(database: DatabaseSync): string {
  const row = database
    .prepare('SELECT table_name FROM _ferretdb_collections WHERE name = ?')
    .get(benchCollection) as { table_name?: unknown } | undefined;
  if (typeof row?.table_name !== 'string')
    throw new Error(`no SQLite table for the collection ${benchCollection}`);
  return row.table_name;
}

function createSqliteIdIndex(file: string): void {
  const database = new DatabaseSync(file);
  try {
    database.exec('PRAGMA busy_timeout = 10000');
    const table = sqliteTable(database);
    database.exec(
      `CREATE INDEX IF NOT EXISTS ${quoteIdentifier(`${table}_id_lookup`)} ` +
        `ON ${quoteIdentifier(table)} (${sqliteIdExpression})`,
    );
  } finally {
    database.close();
  }
}

function sqlitePlan(file: string, documentId: string): StorePlan {
  const database = new DatabaseSync(file, { readOnly: true });
  try {
    const sql =
      `SELECT _ferretdb_sjson FROM ${quoteIdentifier(sqliteTable(database))} ` +
      `WHERE ${sqliteIdExpression} = ?`;
    const rows = database.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(JSON.stringify(documentId)) as {
      detail?: unknown;
    }[];
    const plan = rows.map((row) => String(row.detail)).join('; ');
    return { sql, plan, usesIndex: /\bUSING (COVERING )?INDEX\b/.test(plan) };
  } finally {
    database.close();
  }
}

async function startPostgresOption(
  id: 'postgres' | 'postgres-gin',
  dir: string,
  binary: string,
): Promise<StoreOption> {
  const postgres = await startEmbeddedPostgres({ dir, createOsUser: true });
  const started = performance.now();
  const ferretdb = await startFerretdbOnPostgres({ binary, dir, postgresUrl: postgres.url }).catch(
    async (error: unknown) => {
      await postgres.stop();
      throw error;
    },
  );
  const ferretdbMs = performance.now() - started;
  const config = postgres.clientConfig;
  const table = () => postgresTable(config);
  return {
    id,
    uri: ferretdb.uri,
    startup: { ...postgres.startup, ferretdbMs },
    async prepare(db) {
      await db.createCollection(benchCollection);
      if (id === 'postgres-gin') await createGinIdIndex(config, await table());
    },
    async settle() {
      await queryOnce(config, `VACUUM ANALYZE ${await table()}`);
    },
    plan: async (documentId, forceIndex) =>
      postgresPlan(config, await table(), documentId, forceIndex),
    footprint: () => postgresFootprint(postgres, ferretdb.pid, table),
    processIds: () => [ferretdb.pid, postgres.pid, ...childrenOf(postgres.pid)],
    async stop() {
      try {
        await ferretdb.stop();
      } finally {
        await postgres.stop();
      }
    },
  };
}

/** `"<schema>"."<table>"` of the collection, from FerretDB's metadata table of that database. */
async function postgresTable(config: ClientConfig): Promise<string> {
  const rows = await queryOnce<{ table?: unknown }>(
    config,
    `SELECT _jsonb->>'table' AS table FROM ${quoteIdentifier(benchDatabase)}._ferretdb_database_metadata ` +
      `WHERE _jsonb->>'_id' = $1`,
    [benchCollection],
  );
  const table = rows[0]?.table;
  if (typeof table !== 'string')
    throw new Error(`no PostgreSQL table for the collection ${benchCollection}`);
  return `${quoteIdentifier(benchDatabase)}.${quoteIdentifier(table)}`;
}

async function createGinIdIndex(config: ClientConfig, qualifiedTable: string): Promise<void> {
  const tableName = qualifiedTable.slice(qualifiedTable.indexOf('.') + 1).replaceAll('"', '');
  await queryOnce(
    config,
    `CREATE INDEX IF NOT EXISTS ${quoteIdentifier(`${tableName}_id_gin`)} ` +
      `ON ${qualifiedTable} USING gin ((_jsonb->'_id') jsonb_path_ops)`,
  );
}

/**
 * FerretDB sends `WHERE _jsonb->$1 @> $2` with `_id` and the JSON of the value as parameters;
 * an unnamed statement is planned with the parameters' values, as FerretDB's are.
 */
async function postgresPlan(
  config: ClientConfig,
  qualifiedTable: string,
  documentId: string,
  forceIndex: boolean,
): Promise<StorePlan> {
  const sql = `SELECT _jsonb FROM ${qualifiedTable} WHERE _jsonb->$1 @> $2`;
  const client = new Client(config);
  client.on('error', () => undefined);
  await client.connect();
  try {
    if (forceIndex) await client.query('SET enable_seqscan = off');
    const { rows } = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${sql}`, [
      '_id',
      JSON.stringify(documentId),
    ]);
    const plan = rows.map((row) => row['QUERY PLAN'].trim()).join('; ');
    return {
      sql,
      plan,
      usesIndex: /\b(Index Scan|Index Only Scan|Bitmap Index Scan) on\b/.test(plan),
    };
  } finally {
    await client.end();
  }
}

async function postgresFootprint(
  postgres: EmbeddedPostgres,
  ferretdbPid: number,
  table: () => Promise<string>,
): Promise<StoreFootprint> {
  // Memory first: the connection that asks for the table's size is a server process too.
  const ferretdb = memoryOf([ferretdbPid]);
  const server = memoryOf([postgres.pid, ...childrenOf(postgres.pid)]);
  const rows = await queryOnce<{ bytes: string }>(
    postgres.clientConfig,
    'SELECT pg_total_relation_size($1::regclass)::text AS bytes',
    [await table()],
  );
  return {
    ferretdb,
    postgres: server,
    folderBytes: await allocatedBytes(postgres.dataDir),
    collectionBytes: Number(rows[0]?.bytes),
  };
}
