import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import { parseArgs } from 'node:util';

import { toolsDir } from '../../kernel/project-root';
import { ensureFerretdbInstalled } from '../../models/embedded/ferretdb-installer';
import { reportLines } from './report';
import { runStoreBenchmark, type BenchmarkSettings } from './store-benchmark';
import { storeOptionIds, type StoreOptionId } from './store-options';

/**
 * `npm run build && node_modules/.bin/node dist/bench/stores/run-store-benchmark.js
 *  [--sizes 0,1000,10000,50000] [--operations 50] [--budget-seconds 120] [--options a,b…]`:
 * FerretDB 1.24 on SQLite (as shipped, and with an `_id` expression index) and on an embedded
 * PostgreSQL 17 (without and with a GIN index on `_id`), the same `_id` operations through the
 * MongoDB driver at each number of stored documents. Exits 1 on any wrong answer or error.
 */
async function main(): Promise<void> {
  const settings = await settingsFromArguments();
  const startedAt = new Date();
  const loadBefore = os.loadavg();
  const result = await runStoreBenchmark(settings);
  const loadAfter = os.loadavg();
  console.log('');
  console.log(
    `Stores compared ${startedAt.toISOString()}, Node ${process.version}, ${os.cpus().length} cores, ` +
      `load average ${loadBefore[0]?.toFixed(1) ?? '?'} before and ` +
      `${loadAfter[0]?.toFixed(1) ?? '?'} after. PostgreSQL tables: VACUUM ANALYZE after each bulk load.`,
  );
  console.log('');
  for (const line of reportLines(result, settings)) console.log(line);
  for (const mismatch of result.mismatches) console.error(`wrong answer: ${mismatch}`);
  if (settings.json !== undefined)
    await writeFile(settings.json, JSON.stringify({ settings, result }, null, 2));
  if (result.mismatches.length > 0 || result.leftoverPids.length > 0) process.exitCode = 1;
}

async function settingsFromArguments(): Promise<BenchmarkSettings & { json?: string }> {
  const { values } = parseArgs({
    options: {
      sizes: { type: 'string', default: '0,1000,10000' },
      operations: { type: 'string', default: '50' },
      'budget-seconds': { type: 'string', default: '120' },
      batch: { type: 'string', default: '1000' },
      options: { type: 'string', default: storeOptionIds.join(',') },
      json: { type: 'string' },
    },
  });
  const sizes = values.sizes.split(',').map((size) => Number(size.trim()));
  const operations = Number(values.operations);
  const budgetSeconds = Number(values['budget-seconds']);
  const batchSize = Number(values.batch);
  const options = values.options.split(',').map((id) => id.trim());
  if (sizes.some((size) => !Number.isInteger(size) || size < 0))
    throw new Error('--sizes: whole numbers ≥ 0 separated by commas');
  if (!(operations >= 1 && budgetSeconds > 0 && batchSize >= 1))
    throw new Error('--operations ≥ 1, --budget-seconds > 0, --batch ≥ 1');
  const unknown = options.filter((id) => !(storeOptionIds as readonly string[]).includes(id));
  if (unknown.length > 0)
    throw new Error(
      `--options: unknown ${unknown.join(', ')}; known: ${storeOptionIds.join(', ')}`,
    );
  const ferretdbBinary = await ensureFerretdbInstalled(toolsDir(), {
    info: (message) => console.log(message),
  });
  return {
    ferretdbBinary,
    options: options as StoreOptionId[],
    sizes: [...sizes].sort((a, b) => a - b),
    operations,
    budgetMs: budgetSeconds * 1000,
    batchSize,
    forceIndexInPlans: false,
    log: (line) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`),
    ...(values.json === undefined ? {} : { json: values.json }),
  };
}

// An interrupted run still stops its servers: the children are signalled on exit.
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => process.exit(signal === 'SIGINT' ? 130 : 143));

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exitCode = 1;
});
