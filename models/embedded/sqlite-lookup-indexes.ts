import { existsSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';

/**
 * The SQL expression FerretDB 1.24's SQLite backend compares when it pushes a `{_id: <string>}`
 * filter down (`WHERE _ferretdb_sjson->'$._id' = ?`). FerretDB's own `_id_` index is built on
 * `_ferretdb_sjson->"_id"`, a different expression, so SQLite never uses it for that filter and
 * every lookup by `_id` reads the whole table. An index on exactly this expression turns the same
 * statement into an index search.
 */
export const pushedDownIdExpression = `_ferretdb_sjson->'$._id'`;

/** FerretDB's table of collections in each database file: collection name → table name. */
const collectionsTable = '_ferretdb_collections';

/** The file FerretDB keeps one database in. */
export function sqliteDatabaseFile(sqliteDir: string, dbName: string): string {
  return path.join(sqliteDir, `${dbName}.sqlite`);
}

function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

export function lookupIndexName(table: string): string {
  return `${table}_anm_id_lookup`;
}

/**
 * Adds the `_id` lookup index to the table of each named collection that exists, and returns the
 * tables it covered. Safe while FerretDB runs: SQLite locks the file for the write (WAL), and
 * FerretDB lists indexes from its own metadata, so an index it did not create is invisible to it.
 * Run after the collections exist (after the models' own indexes are built).
 */
export function ensureIdLookupIndexes(
  sqliteDir: string,
  dbName: string,
  collections: readonly string[],
): string[] {
  const file = sqliteDatabaseFile(sqliteDir, dbName);
  if (!existsSync(file)) return [];
  const database = new DatabaseSync(file);
  try {
    database.exec('PRAGMA busy_timeout = 10000');
    const tables = tablesOf(database, collections);
    for (const table of tables) {
      database.exec(
        `CREATE INDEX IF NOT EXISTS ${quoteIdentifier(lookupIndexName(table))} ` +
          `ON ${quoteIdentifier(table)} (${pushedDownIdExpression})`,
      );
    }
    return tables;
  } finally {
    database.close();
  }
}

function tablesOf(database: DatabaseSync, collections: readonly string[]): string[] {
  const lookup = database.prepare(`SELECT table_name FROM ${collectionsTable} WHERE name = ?`);
  const tables: string[] = [];
  for (const collection of collections) {
    const row = lookup.get(collection) as { table_name?: unknown } | undefined;
    if (typeof row?.table_name === 'string') tables.push(row.table_name);
  }
  return tables;
}

/**
 * SQLite's own plan for the statement FerretDB runs for `find({_id})` on a collection: "SEARCH …
 * USING INDEX …" when the lookup index serves it, "SCAN …" when it reads the whole table.
 */
export function idLookupPlan(sqliteDir: string, dbName: string, collection: string): string {
  const database = new DatabaseSync(sqliteDatabaseFile(sqliteDir, dbName), { readOnly: true });
  try {
    const [table] = tablesOf(database, [collection]);
    if (table === undefined) throw new Error(`collection ${collection} has no table`);
    const rows = database
      .prepare(
        `EXPLAIN QUERY PLAN SELECT _ferretdb_sjson FROM ${quoteIdentifier(table)} ` +
          `WHERE ${pushedDownIdExpression} = ?`,
      )
      .all('"x"') as { detail?: unknown }[];
    return rows.map((row) => String(row.detail)).join('; ');
  } finally {
    database.close();
  }
}
