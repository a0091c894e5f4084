import { testFerretdbBinary } from '../../test/support/test-database';
import { runPublicationBenchmark, type PublicationBenchmarkResult } from './publication-benchmark';

// Figures live in bench/README.md (run-publication-benchmark); this checks, at a tiny scale, that
// the harness measures what it says: the list holds every published answer and no more, a search
// finds what it should, and every code page gives the expected status. It never asserts a time.
describe('the public answers benchmark, at a tiny scale', () => {
  let result: PublicationBenchmarkResult;

  beforeAll(async () => {
    result = await runPublicationBenchmark({
      ferretdbBinary: testFerretdbBinary(),
      sizes: [60, 300],
      listRequests: 14,
      codeRequests: 4,
      publishedPerSize: 3,
      log: () => undefined,
    });
  }, 180_000);

  it('when the list and code pages are measured, then every answer was as expected and every request ran', () => {
    expect(result.sizes.map((size) => [size.size, size.problems])).toEqual([
      [60, []],
      [300, []],
    ]);
    for (const size of result.sizes) {
      expect(size.list.count).toBe(14);
      expect(size.codePublished.count + size.codePending.count + size.codeUnknown.count).toBe(12);
      expect(size.published).toBeGreaterThan(3);
    }
  });

  it('when a code is looked up, then FerretDB pushes the filter on tracking_codes down to SQLite', () => {
    expect(result.codeFilterPushdown).toBe(true);
  });
});
