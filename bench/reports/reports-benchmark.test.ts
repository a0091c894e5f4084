import { testFerretdbBinary } from '../../test/support/test-database';
import { runReportsBenchmark, type ReportsBenchmarkResult } from './reports-benchmark';

// Figures live in bench/README.md (run-reports-benchmark); this checks, at a tiny scale, that the
// harness measures what it says: every report adds up and every request was answered. It never
// asserts a time.
describe('the reports benchmark, at a tiny scale', () => {
  let result: ReportsBenchmarkResult;

  beforeAll(async () => {
    result = await runReportsBenchmark({
      ferretdbBinary: testFerretdbBinary(),
      sizes: [60, 300],
      spaces: 12,
      coldRequests: 2,
      warmRequests: 16,
      log: () => undefined,
    });
  }, 120_000);

  it('when the reports are measured, then every one added up and every request was timed', () => {
    expect(result.sizes.map((size) => [size.size, size.problems])).toEqual([
      [60, []],
      [300, []],
    ]);
    for (const size of result.sizes) {
      expect(size.stored).toBe(size.size);
      expect(size.inSpaces).toBeGreaterThan(0);
      expect(size.cold.count).toBe(2);
      expect(size.followed.later.count).toBe(2);
      expect(size.warm.count).toBe(16);
      expect(Object.keys(size.warmByKind)).toHaveLength(8);
    }
  });
});
