import { parseArgs } from 'node:util';

import {
  benchFerretdbBinary,
  benchLog,
  figuresByKindTable,
  pair,
  parseSizes,
  runBenchmarkCli,
} from '../support/runner-kit';
import {
  runPublicationBenchmark,
  type PublicationBenchmarkResult,
  type PublicationBenchmarkSettings,
} from './publication-benchmark';

/**
 * `npm run build && node_modules/.bin/node --expose-gc dist/bench/publication/run-publication-benchmark.js
 *  [--sizes 1000,10000,100000] [--list 350] [--codes 100] [--published 10] [--json file]`:
 * the public answers page (`GET /respuestas`, `GET /respuestas/{code}`, rendered to HTML) on the
 * embedded store (FerretDB 1.24 on SQLite with the `_id` index), at each number of stored
 * questions. Exits 1 if a list or a code page did not give what was expected.
 */

function reportLines(
  result: PublicationBenchmarkResult,
  settings: PublicationBenchmarkSettings,
): string[] {
  const lines = [
    `find({_id: <code>}) on tracking_codes pushed down by FerretDB: ${String(result.codeFilterPushdown)}`,
    '',
    `| stored questions | published | list p50 / p95 ms (${settings.listRequests} requests) | code page, published | code page, pending | code page, unknown code | load at start | code migration at start | heap MiB after GC |`,
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const size of result.sizes) {
    lines.push(
      `| ${size.stored.toLocaleString('en')} | ${size.published.toLocaleString('en')} | ${pair(size.list)} | ${pair(size.codePublished)} | ${pair(size.codePending)} | ${pair(size.codeUnknown)} | ${(size.loadMs / 1000).toFixed(1)} s | ${(size.migrationMs / 1000).toFixed(1)} s | ${size.heapUsedMiB.toFixed(0)} |`,
    );
  }
  lines.push('', 'List p50 / p95 ms by request:', '');
  lines.push(...figuresByKindTable('request', result.sizes, (size) => size.listByKind));
  return lines;
}

async function settingsFromArguments(): Promise<PublicationBenchmarkSettings & { json?: string }> {
  const { values } = parseArgs({
    options: {
      sizes: { type: 'string', default: '1000,10000,100000' },
      list: { type: 'string', default: '350' },
      codes: { type: 'string', default: '100' },
      published: { type: 'string', default: '10' },
      json: { type: 'string' },
    },
  });
  const sizes = parseSizes(values.sizes);
  const listRequests = Number(values.list);
  const codeRequests = Number(values.codes);
  const publishedPerSize = Number(values.published);
  if (!(listRequests >= 1 && codeRequests >= 1 && publishedPerSize >= 1))
    throw new Error('--list, --codes and --published must be ≥ 1');
  const ferretdbBinary = await benchFerretdbBinary();
  return {
    ferretdbBinary,
    sizes,
    listRequests,
    codeRequests,
    publishedPerSize,
    log: benchLog,
    ...(values.json === undefined ? {} : { json: values.json }),
  };
}

runBenchmarkCli('Public answers', settingsFromArguments, runPublicationBenchmark, reportLines);
