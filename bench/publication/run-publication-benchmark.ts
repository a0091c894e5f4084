import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import { parseArgs } from 'node:util';

import { toolsDir } from '../../kernel/project-root';
import { ensureFerretdbInstalled } from '../../models/embedded/ferretdb-installer';
import type { Figures } from '../moderation/moderation-benchmark';
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
async function main(): Promise<void> {
  const settings = await settingsFromArguments();
  const loadBefore = os.loadavg();
  const startedAt = new Date();
  const result = await runPublicationBenchmark(settings);
  console.log('');
  console.log(
    `Public answers benchmark ${startedAt.toISOString()}, Node ${process.version}, ${os.cpus().length} cores, ` +
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
  const kinds = Object.keys(result.sizes[0]?.listByKind ?? {});
  lines.push(
    `| request | ${result.sizes.map((size) => size.stored.toLocaleString('en')).join(' | ')} |`,
  );
  lines.push(`| --- | ${result.sizes.map(() => '---:').join(' | ')} |`);
  for (const kind of kinds) {
    lines.push(
      `| ${kind} | ${result.sizes.map((size) => (size.listByKind[kind] ? pair(size.listByKind[kind]) : '–')).join(' | ')} |`,
    );
  }
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
  const sizes = values.sizes.split(',').map((size) => Number(size.trim()));
  const listRequests = Number(values.list);
  const codeRequests = Number(values.codes);
  const publishedPerSize = Number(values.published);
  if (sizes.some((size) => !Number.isInteger(size) || size < 0))
    throw new Error('--sizes: whole numbers ≥ 0 separated by commas');
  if (!(listRequests >= 1 && codeRequests >= 1 && publishedPerSize >= 1))
    throw new Error('--list, --codes and --published must be ≥ 1');
  const ferretdbBinary = await ensureFerretdbInstalled(toolsDir(), {
    info: (message) => console.log(message),
  });
  return {
    ferretdbBinary,
    sizes: [...sizes].sort((a, b) => a - b),
    listRequests,
    codeRequests,
    publishedPerSize,
    log: (line) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`),
    ...(values.json === undefined ? {} : { json: values.json }),
  };
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
