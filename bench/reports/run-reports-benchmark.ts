import { parseArgs } from 'node:util';

import {
  benchFerretdbBinary,
  benchLog,
  figuresByKindTable,
  ms,
  pair,
  parseSizes,
  runBenchmarkCli,
} from '../support/runner-kit';
import {
  runReportsBenchmark,
  type ReportsBenchmarkResult,
  type ReportsBenchmarkSettings,
} from './reports-benchmark';

/**
 * `npm run build && node dist/bench/reports/run-reports-benchmark.js [--sizes 1000,10000]
 *  [--spaces 120] [--cold 10] [--warm 400] [--json file]`: the reports API over HTTP on the
 * embedded store (FerretDB 1.24 on SQLite with the `_id` index), at each number of stored
 * questions. Exits 1 if a report did not add up.
 */

export function reportLines(
  result: ReportsBenchmarkResult,
  settings: ReportsBenchmarkSettings,
): string[] {
  const lines = [
    `| stored questions (in spaces) | reading the database, every question: GET /api/reports/spaces p50 / p95 ms (${settings.coldRequests}) | reading the database, questions kept and followed: first / later p50 / p95 ms (${settings.coldRequests}) | from figures read < 1 min before, p50 / p95 ms (${settings.warmRequests}) | pipelines alone: questions / deliveries / surveys / spaces ms |`,
    '| ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const size of result.sizes) {
    const p = size.pipelines;
    lines.push(
      `| ${size.stored.toLocaleString('en')} (${size.inSpaces.toLocaleString('en')}) | ${pair(size.cold)} | ${ms(size.followed.first)} / ${pair(size.followed.later)} | ${pair(size.warm)} | ${ms(p.questions)} / ${ms(p.deliveries)} / ${ms(p.surveys)} / ${ms(p.spaces)} |`,
    );
  }
  lines.push('', 'From figures already read, p50 / p95 ms by request:', '');
  lines.push(...figuresByKindTable('request', result.sizes, (size) => size.warmByKind));
  return lines;
}

async function settingsFromArguments(): Promise<ReportsBenchmarkSettings & { json?: string }> {
  const { values } = parseArgs({
    options: {
      sizes: { type: 'string', default: '1000,10000' },
      spaces: { type: 'string', default: '120' },
      cold: { type: 'string', default: '10' },
      warm: { type: 'string', default: '400' },
      json: { type: 'string' },
    },
  });
  const sizes = parseSizes(values.sizes);
  const spaces = Number(values.spaces);
  const coldRequests = Number(values.cold);
  const warmRequests = Number(values.warm);
  if (!(spaces >= 1 && coldRequests >= 1 && warmRequests >= 1))
    throw new Error('--spaces, --cold and --warm must be ≥ 1');
  const ferretdbBinary = await benchFerretdbBinary();
  return {
    ferretdbBinary,
    sizes,
    spaces,
    coldRequests,
    warmRequests,
    log: benchLog,
    ...(values.json === undefined ? {} : { json: values.json }),
  };
}

runBenchmarkCli('Reports', settingsFromArguments, runReportsBenchmark, reportLines);
