import { testFerretdbBinary } from '../../test/support/test-database';
import { runModerationBenchmark, type ModerationBenchmarkResult } from './moderation-benchmark';

// Figures live in bench/README.md (run-moderation-benchmark); this checks, at a tiny scale, that
// the harness measures what it says: the queue answers in order with counts that add up, and an
// approval reaches every asker of its group once. It never asserts a time.
describe('the moderation benchmark, at a tiny scale', () => {
  let result: ModerationBenchmarkResult;

  beforeAll(async () => {
    result = await runModerationBenchmark({
      ferretdbBinary: testFerretdbBinary(),
      sizes: [50, 300],
      queries: 20,
      approvals: 1,
      groupSize: 6,
      feedRecords: 100,
      log: () => undefined,
    });
  }, 120_000);

  it('when the queue and approvals are measured, then every answer was as expected and every operation ran', () => {
    expect(result.sizes.map((size) => [size.size, size.problems])).toEqual([
      [50, []],
      [300, []],
    ]);
    for (const size of result.sizes) {
      expect(size.queue.count).toBe(20);
      expect(size.approval.count).toBe(1);
      expect(size.stored).toBeGreaterThanOrEqual(size.size);
    }
  });

  it('when a question is looked up by its ObjectId, then FerretDB pushes the filter down to SQLite', () => {
    expect(result.idFilterPushdown).toBe(true);
  });
});
