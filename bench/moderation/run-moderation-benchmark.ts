import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import { parseArgs } from 'node:util';

import { toolsDir } from '../../kernel/project-root';
import { ensureFerretdbInstalled } from '../../models/embedded/ferretdb-installer';
import {
  runModerationBenchmark,
  type Figures,
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
async function main(): Promise<void> {
  const settings = await settingsFromArguments();
  const loadBefore = os.loadavg();
  const startedAt = new Date();
  const result = await runModerationBenchmark(settings);
  console.log('');
  console.log(
    `Moderation benchmark ${startedAt.toISOString()}, Node ${process.version}, ${os.cpus().length} cores, ` +
      `load average ${loadBefore[0]?.toFixed(1) ?? '?'} before and ${os.loadavg()[0]?.toFixed(1) ?? '?'} after.`,
  );
  for (const line of reportLines(result, settings)) console.log(line);
  if (settings.json !== undefined)
    await writeFile(settings.json, JSON.stringify({ settings, result }, null, 2));
  const problems = result.sizes.flatMap((size) => size.problems.map((p) => `${size.size}: ${p}`));
  for (const problem of problems) console.error(`problem: ${problem}`);
  if (problems.length > 0) process.exitCode = 1;
}

const ms = (value: number) => (value < 10 ? value.toFixed(2) : value.toFixed(0));
const pair = (figures: Figures) => `${ms(figures.p50Ms)} / ${ms(figures.p95Ms)}`;

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
  const kinds = Object.keys(result.sizes[0]?.queueByKind ?? {});
  lines.push(
    `| filter | ${result.sizes.map((size) => size.stored.toLocaleString('en')).join(' | ')} |`,
  );
  lines.push(`| --- | ${result.sizes.map(() => '---:').join(' | ')} |`);
  for (const kind of kinds) {
    lines.push(
      `| ${kind} | ${result.sizes.map((size) => (size.queueByKind[kind] ? pair(size.queueByKind[kind]) : '–')).join(' | ')} |`,
    );
  }
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
  const sizes = values.sizes.split(',').map((size) => Number(size.trim()));
  const queries = Number(values.queries);
  const approvals = Number(values.approvals);
  const groupSize = Number(values.group);
  const feedRecords = Number(values.feed);
  if (sizes.some((size) => !Number.isInteger(size) || size < 0))
    throw new Error('--sizes: whole numbers ≥ 0 separated by commas');
  if (!(queries >= 1 && approvals >= 1 && groupSize >= 1))
    throw new Error('--queries, --approvals and --group must be ≥ 1');
  const ferretdbBinary = await ensureFerretdbInstalled(toolsDir(), {
    info: (message) => console.log(message),
  });
  return {
    ferretdbBinary,
    sizes: [...sizes].sort((a, b) => a - b),
    queries,
    approvals,
    groupSize,
    feedRecords,
    log: (line) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`),
    ...(values.json === undefined ? {} : { json: values.json }),
  };
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
