import { writeFile } from 'node:fs/promises';
import os from 'node:os';

import { toolsDir } from '../../kernel/project-root';
import { ensureFerretdbInstalled } from '../../models/embedded/ferretdb-installer';
import type { Figures } from '../moderation/moderation-benchmark';

/** What the store benchmarks of moderation, publication and reports share on the command line. */

export const ms = (value: number): string => (value < 10 ? value.toFixed(2) : value.toFixed(0));
export const pair = (figures: Figures): string => `${ms(figures.p50Ms)} / ${ms(figures.p95Ms)}`;

export const benchLog = (line: string): void =>
  console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`);

/** `--sizes 1000,10000`: whole numbers ≥ 0, smallest first. */
export function parseSizes(text: string): number[] {
  const sizes = text.split(',').map((size) => Number(size.trim()));
  if (sizes.some((size) => !Number.isInteger(size) || size < 0))
    throw new Error('--sizes: whole numbers ≥ 0 separated by commas');
  return [...sizes].sort((a, b) => a - b);
}

/** The embedded FerretDB binary, installed by the project's own setup if it is not yet. */
export function benchFerretdbBinary(): Promise<string> {
  return ensureFerretdbInstalled(toolsDir(), { info: (message) => console.log(message) });
}

/** One row per kind of request, one column per stored size: p50 / p95 ms. */
export function figuresByKindTable<Size extends { stored: number }>(
  label: string,
  sizes: Size[],
  figuresOf: (size: Size) => Record<string, Figures | undefined>,
): string[] {
  const kinds = Object.keys(sizes[0] ? figuresOf(sizes[0]) : {});
  return [
    `| ${label} | ${sizes.map((size) => size.stored.toLocaleString('en')).join(' | ')} |`,
    `| --- | ${sizes.map(() => '---:').join(' | ')} |`,
    ...kinds.map(
      (kind) =>
        `| ${kind} | ${sizes
          .map((size) => {
            const figures = figuresOf(size)[kind];
            return figures ? pair(figures) : '–';
          })
          .join(' | ')} |`,
    ),
  ];
}

interface SizedResult {
  sizes: { size: number; problems: string[] }[];
}

/**
 * Runs a benchmark from the command line: its settings, a heading with the machine and its load,
 * the report's lines, the JSON file if asked; exits 1 if any size reported a problem.
 */
export function runBenchmarkCli<Settings extends { json?: string }, Result extends SizedResult>(
  name: string,
  settingsFromArguments: () => Promise<Settings>,
  run: (settings: Settings) => Promise<Result>,
  reportLines: (result: Result, settings: Settings) => string[],
): void {
  const main = async () => {
    const settings = await settingsFromArguments();
    const loadBefore = os.loadavg();
    const startedAt = new Date();
    const result = await run(settings);
    console.log('');
    console.log(
      `${name} benchmark ${startedAt.toISOString()}, Node ${process.version}, ${os.cpus().length} cores, ` +
        `load average ${loadBefore[0]?.toFixed(1) ?? '?'} before and ${os.loadavg()[0]?.toFixed(1) ?? '?'} after.`,
    );
    for (const line of reportLines(result, settings)) console.log(line);
    if (settings.json !== undefined)
      await writeFile(settings.json, JSON.stringify({ settings, result }, null, 2));
    const problems = result.sizes.flatMap((size) => size.problems.map((p) => `${size.size}: ${p}`));
    for (const problem of problems) console.error(`problem: ${problem}`);
    if (problems.length > 0) process.exitCode = 1;
  };
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
