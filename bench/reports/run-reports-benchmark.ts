import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import { parseArgs } from 'node:util';

import { toolsDir } from '../../kernel/project-root';
import { ensureFerretdbInstalled } from '../../models/embedded/ferretdb-installer';
import type { Figures } from '../moderation/moderation-benchmark';
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
async function main(): Promise<void> {
  const settings = await settingsFromArguments();
  const loadBefore = os.loadavg();
  const startedAt = new Date();
  const result = await runReportsBenchmark(settings);
  console.log('');
  console.log(
    `Reports benchmark ${startedAt.toISOString()}, Node ${process.version}, ${os.cpus().length} cores, ` +
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
  result: ReportsBenchmarkResult,
  settings: ReportsBenchmarkSettings,
): string[] {
  const lines = [
    `| stored questions (in spaces) | reading the database: GET /api/reports/spaces p50 / p95 ms (${settings.coldRequests}) | from figures read < 1 min before, p50 / p95 ms (${settings.warmRequests}) | pipelines alone: questions / deliveries / surveys / spaces ms |`,
    '| ---: | ---: | ---: | ---: |',
  ];
  for (const size of result.sizes) {
    const p = size.pipelines;
    lines.push(
      `| ${size.stored.toLocaleString('en')} (${size.inSpaces.toLocaleString('en')}) | ${pair(size.cold)} | ${pair(size.warm)} | ${ms(p.questions)} / ${ms(p.deliveries)} / ${ms(p.surveys)} / ${ms(p.spaces)} |`,
    );
  }
  lines.push('', 'From figures already read, p50 / p95 ms by request:', '');
  const kinds = Object.keys(result.sizes[0]?.warmByKind ?? {});
  lines.push(
    `| request | ${result.sizes.map((size) => size.stored.toLocaleString('en')).join(' | ')} |`,
  );
  lines.push(`| --- | ${result.sizes.map(() => '---:').join(' | ')} |`);
  for (const kind of kinds) {
    lines.push(
      `| ${kind} | ${result.sizes.map((size) => (size.warmByKind[kind] ? pair(size.warmByKind[kind]) : '–')).join(' | ')} |`,
    );
  }
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
  const sizes = values.sizes.split(',').map((size) => Number(size.trim()));
  const spaces = Number(values.spaces);
  const coldRequests = Number(values.cold);
  const warmRequests = Number(values.warm);
  if (sizes.some((size) => !Number.isInteger(size) || size < 0))
    throw new Error('--sizes: whole numbers ≥ 0 separated by commas');
  if (!(spaces >= 1 && coldRequests >= 1 && warmRequests >= 1))
    throw new Error('--spaces, --cold and --warm must be ≥ 1');
  const ferretdbBinary = await ensureFerretdbInstalled(toolsDir(), {
    info: (message) => console.log(message),
  });
  return {
    ferretdbBinary,
    sizes: [...sizes].sort((a, b) => a - b),
    spaces,
    coldRequests,
    warmRequests,
    log: (line) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`),
    ...(values.json === undefined ? {} : { json: values.json }),
  };
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
