import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';

import { createLogger } from '../../kernel/logger';
import { testFerretdbBinary } from '../../test/support/test-database';
import { openDatabase, type Database } from '../database';
import { collectionNames } from '../registry';
import { ferretdbPaths } from './ferretdb-server';
import {
  ensureIdLookupIndexes,
  idLookupPlan,
  lookupIndexName,
  sqliteDatabaseFile,
} from './sqlite-lookup-indexes';

const dbName = 'anm_lookup_indexes';

describe('lookups by _id on the embedded store', () => {
  let dataDir: string;
  let database: Database;
  let sqliteDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'anm-lookup-'));
    database = await openDatabase(
      {
        kind: 'embedded',
        dbName,
        timeoutMs: 10_000,
        dataDir,
        ferretdbBinary: testFerretdbBinary(),
        toolsDir: path.join(dataDir, 'tools'),
      },
      createLogger('silent'),
    );
    sqliteDir = ferretdbPaths(dataDir).sqlite;
  }, 60_000);
  afterAll(async () => {
    await database.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('when the bot opens its embedded store, then every collection is searched through an index for {_id}, and FerretDB pushes that filter down', async () => {
    const names = collectionNames(database.models);
    expect(names).toEqual(expect.arrayContaining(['bot_state', 'conversation_references']));
    for (const name of names) {
      expect([name, idLookupPlan(sqliteDir, dbName, name)]).toEqual([
        name,
        expect.stringMatching(/^SEARCH .* USING (COVERING )?INDEX .*_anm_id_lookup/),
      ]);
      const explained = (await database.connection.db?.command({
        explain: { find: name, filter: { _id: 'any-key' } },
      })) as { filterPushdown?: unknown };
      expect([name, explained.filterPushdown]).toEqual([name, true]);
    }
  });

  it('when the lookup index is missing, then the plan check reports a full scan, and adding it again is harmless', async () => {
    const file = sqliteDatabaseFile(sqliteDir, dbName);
    const tableOf = (collection: string) => {
      const sqlite = new DatabaseSync(file, { readOnly: true });
      try {
        const row = sqlite
          .prepare('SELECT table_name FROM _ferretdb_collections WHERE name = ?')
          .get(collection) as { table_name: string };
        return row.table_name;
      } finally {
        sqlite.close();
      }
    };
    const table = tableOf('processed_activities');
    const sqlite = new DatabaseSync(file);
    sqlite.exec('PRAGMA busy_timeout = 10000');
    sqlite.exec(`DROP INDEX "${lookupIndexName(table)}"`);
    sqlite.close();

    expect(idLookupPlan(sqliteDir, dbName, 'processed_activities')).toMatch(/^SCAN /);

    ensureIdLookupIndexes(sqliteDir, dbName, ['processed_activities']);
    ensureIdLookupIndexes(sqliteDir, dbName, ['processed_activities']);
    expect(idLookupPlan(sqliteDir, dbName, 'processed_activities')).toMatch(/USING INDEX/);
    // FerretDB still reads and writes the collection through its own statements.
    const model = database.models.processedActivities;
    await model.collection.insertOne({ _id: 'after-reindex', processedAt: new Date() } as never);
    expect(await model.findOne({ _id: 'after-reindex' }).lean()).toMatchObject({
      _id: 'after-reindex',
    });
  });
});
