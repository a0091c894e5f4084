import { operationKinds, operationLabels } from './head-operations';
import type { BenchmarkResult, BenchmarkSettings, Figures, OptionAtSize } from './store-benchmark';
import { storeOptionLabels, type StoreOptionId } from './store-options';

/** The whole comparison as Markdown: one table per operation, then plans, memory and disk. */
export function reportLines(result: BenchmarkResult, settings: BenchmarkSettings): string[] {
  return [
    ...startupTable(result, settings.options),
    ...operationKinds.flatMap((kind) => [
      `### ${operationLabels[kind]}: median / p95 in ms over ${settings.operations} operations ` +
        '(n = fewer when the time budget capped it)',
      '',
      ...sizeTable(result, settings.options, ({ figures }) => figuresCell(figures[kind], settings)),
      '',
    ]),
    '### Plans for `find({_id})`: FerretDB `filterPushdown`; the store’s own plan of that SQL',
    '',
    ...sizeTable(result, settings.options, planCell),
    '',
    '### Resident memory after each size (MiB): FerretDB VmRSS; PostgreSQL VmRSS sum (PSS sum)',
    '',
    ...sizeTable(result, settings.options, memoryCell),
    '',
    '### On disk after each size (MiB, allocated): store folder (PostgreSQL: collection table + indexes)',
    '',
    ...sizeTable(result, settings.options, diskCell),
    '',
    '### Bulk load up to each size (insertMany, batches of ' + `${settings.batchSize}), seconds`,
    '',
    ...sizeTable(result, settings.options, ({ seedMs }) => (seedMs / 1000).toFixed(1)),
    '',
    `Wrong answers: ${result.mismatches.length}. Processes left after stop: ` +
      `${result.leftoverPids.length === 0 ? 'none' : result.leftoverPids.join(', ')}.`,
  ];
}

function startupTable(result: BenchmarkResult, options: readonly StoreOptionId[]): string[] {
  const rows = options.map((id) => {
    const steps = result.startup[id] ?? {};
    const cell = (key: string) => (steps[key] === undefined ? '' : `${Math.round(steps[key])}`);
    return `| ${storeOptionLabels[id]} | ${cell('initdbMs')} | ${cell('startMs')} | ${cell('ferretdbMs')} |`;
  });
  return [
    '### Start (ms)',
    '',
    '| option | PostgreSQL initdb | PostgreSQL start to ready | FerretDB start to ready |',
    '| --- | --- | --- | --- |',
    ...rows,
    '',
  ];
}

function sizeTable(
  result: BenchmarkResult,
  options: readonly StoreOptionId[],
  cell: (figures: OptionAtSize) => string,
): string[] {
  const header = `| documents | ${options.map((id) => storeOptionLabels[id]).join(' | ')} |`;
  const rule = `| --- | ${options.map(() => '---').join(' | ')} |`;
  const rows = result.sizes.map(({ size, options: measured }) => {
    const cells = options.map((id) => {
      const atSize = measured[id];
      return atSize ? cell(atSize) : '';
    });
    return `| ${size.toLocaleString('en-US')} | ${cells.join(' | ')} |`;
  });
  return [header, rule, ...rows];
}

function milliseconds(value: number): string {
  if (!Number.isFinite(value)) return '–';
  return value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2);
}

function figuresCell(figures: Figures, settings: BenchmarkSettings): string {
  const capped = figures.count < settings.operations ? ` (n = ${figures.count})` : '';
  return `${milliseconds(figures.medianMs)} / ${milliseconds(figures.p95Ms)}${capped}`;
}

function planCell({ filterPushdown, plan }: OptionAtSize): string {
  const pushdown = `pushdown ${String(filterPushdown)}`;
  const verdict = plan.usesIndex ? '**index**' : 'no index';
  return `${pushdown}; ${verdict}: ${scanSteps(plan.plan).replaceAll('|', '\\|')}`;
}

/** The plan's access steps without costs or conditions: "Bitmap Index Scan on …", "SCAN …". */
function scanSteps(plan: string): string {
  return plan
    .split('; ')
    .filter((step) => /Scan|SCAN|SEARCH/.test(step))
    .map((step) => step.replace(/^->\s*/, '').replace(/\s*\(cost=[^)]*\)/, ''))
    .join(' → ');
}

function mebibytes(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(1);
}

function memoryCell({ footprint }: OptionAtSize): string {
  const ferretdb = `FerretDB ${footprint.ferretdb.rssMiB.toFixed(0)}`;
  const { postgres } = footprint;
  if (!postgres) return ferretdb;
  return `${ferretdb}; PostgreSQL ${postgres.rssMiB.toFixed(0)} (${postgres.pssMiB.toFixed(0)})`;
}

function diskCell({ footprint }: OptionAtSize): string {
  const folder = mebibytes(footprint.folderBytes);
  const { collectionBytes } = footprint;
  return collectionBytes === undefined ? folder : `${folder} (${mebibytes(collectionBytes)})`;
}
