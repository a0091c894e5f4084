import { readdirSync } from 'node:fs';
import os from 'node:os';

import { testFerretdbBinary } from '../../test/support/test-database';
import { operationKinds } from './head-operations';
import { runStoreBenchmark, type BenchmarkResult } from './store-benchmark';

const operations = 4;
const temporaryFolders = () =>
  new Set(readdirSync(os.tmpdir()).filter((name) => name.startsWith('anm-stores-')));

// Figures live in bench/README.md (run-store-benchmark); this checks that the harness reads back
// what it writes and that the indexes it compares are the ones the stores use, never speed.
describe('the store comparison, at a tiny scale', () => {
  let result: BenchmarkResult;
  let foldersBefore: Set<string>;

  beforeAll(async () => {
    foldersBefore = temporaryFolders();
    result = await runStoreBenchmark({
      ferretdbBinary: testFerretdbBinary(),
      options: ['sqlite-id-index', 'postgres-gin'],
      sizes: [0, 200],
      operations,
      budgetMs: 60_000,
      batchSize: 100,
      forceIndexInPlans: true,
      log: () => undefined,
    });
  }, 90_000);

  it('when documents are written and read by _id on both indexed stores, then every read returns the document written and every operation ran', () => {
    expect(result.mismatches).toEqual([]);
    expect(result.sizes.map(({ size }) => size)).toEqual([0, 200]);
    for (const { options } of result.sizes) {
      for (const measured of [options['sqlite-id-index'], options['postgres-gin']]) {
        for (const kind of operationKinds) expect(measured?.figures[kind].count).toBe(operations);
      }
    }
  });

  it('when find({_id}) is explained, then FerretDB pushes it down and each store plans it with the lookup index', () => {
    for (const { options } of result.sizes) {
      const sqlite = options['sqlite-id-index'];
      const postgres = options['postgres-gin'];
      expect(sqlite?.filterPushdown).toBe(true);
      expect(sqlite?.plan.plan).toMatch(/USING (COVERING )?INDEX \S+_id_lookup/);
      expect(postgres?.filterPushdown).toBe(true);
      expect(postgres?.plan.plan).toMatch(/Index Scan on \S+_id_gin/);
    }
  });

  it('when the comparison ends, then no server process and no temporary folder of it is left', () => {
    expect(result.leftoverPids).toEqual([]);
    const added = [...temporaryFolders()].filter((name) => !foldersBefore.has(name));
    expect(added).toEqual([]);
  });
});
