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
  runModerationBenchmark,
  type ModerationBenchmarkResult,
  type ModerationBenchmarkSettings,
} from './moderation-benchmark';

/**
 * `npm run build && node_modules/.bin/node --expose-gc dist/bench/moderation/run-moderation-benchmark.js
 *  [--sizes 1000,10000,100000] [--queries 400] [--approvals 3] [--group 50] [--json file]`:
 * the moderators' queue and an approval on the embedded store (FerretDB 1.24 on SQLite with the
 * `_id` index), at each number of stored questions. Exits 1 if the queue or an approval did not
 * give what was expected.
 */

export function reportLines(
  result: ModerationBenchmarkResult,
  settings: ModerationBenchmarkSettings,
): string[] {
  const lines = [
    `find({_id: ObjectId}) pushed down by FerretDB: ${String(result.idFilterPushdown)}`,
    '',
    `| stored questions | queue p50 / p95 ms (${settings.queries} requests) | after moving a question to another group | after rebuilding every group | feed read p50 / p95 | feed read, ${settings.feedRecords} records | approval of ${settings.groupSize} askers p50 / max ms | queue load at start | heap MiB after GC |`,
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const size of result.sizes) {
    lines.push(
      `| ${size.stored.toLocaleString('en')} | ${pair(size.queue)} | ${pair(size.queueAfterMove)} | ${pair(size.queueAfterRebuild)} | ${pair(size.feedRead)} | ${pair(size.busyFeedRead)} | ${ms(size.approval.p50Ms)} / ${ms(size.approval.maxMs)} | ${(size.loadMs / 1000).toFixed(1)} s | ${size.heapUsedMiB.toFixed(0)} |`,
    );
  }
  lines.push('', 'Queue p50 / p95 ms by filter:', '');
  lines.push(...figuresByKindTable('filter', result.sizes, (size) => size.queueByKind));
  return lines;
}

async function settingsFromArguments(): Promise<ModerationBenchmarkSettings & { json?: string }> {
  const { values } = parseArgs({
    options: {
      sizes: { type: 'string', default: '1000,10000,100000' },
      queries: { type: 'string', default: '400' },
      approvals: { type: 'string', default: '3' },
      group: { type: 'string', default: '50' },
      feed: { type: 'string', default: '3600' },
      json: { type: 'string' },
    },
  });
  const sizes = parseSizes(values.sizes);
  const queries = Number(values.queries);
  const approvals = Number(values.approvals);
  const groupSize = Number(values.group);
  const feedRecords = Number(values.feed);
  if (!(queries >= 1 && approvals >= 1 && groupSize >= 1))
    throw new Error('--queries, --approvals and --group must be ≥ 1');
  const ferretdbBinary = await benchFerretdbBinary();
  return {
    ferretdbBinary,
    sizes,
    queries,
    approvals,
    groupSize,
    feedRecords,
    log: benchLog,
    ...(values.json === undefined ? {} : { json: values.json }),
  };
}

runBenchmarkCli('Moderation', settingsFromArguments, runModerationBenchmark, reportLines);
