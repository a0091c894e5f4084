import { defaultBoundMs, defaultInputSize, runAdversarialInputs } from './harness';

/**
 * `npm run bench:adversarial [-- --size 1000000] [--bound-ms 200] [--all] [--skip <reader>]`: feeds texts built to hurt
 * (1 MB each by default) to every reader of citizen text, prints the time of each call, the
 * slowest per reader, and exits 1 when any call takes longer than the bound.
 */
function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(name);
  const value = at >= 0 ? Number(process.argv[at + 1]) : fallback;
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} needs a positive number`);
  return value;
}

const size = option('--size', defaultInputSize);
const boundMs = option('--bound-ms', defaultBoundMs);
const skip = process.argv.flatMap((argument, at) =>
  argument === '--skip' ? [process.argv[at + 1] ?? ''] : [],
);
const measurements = runAdversarialInputs(size, skip);

console.log(
  `adversarial inputs of ${size.toLocaleString('en')} characters, bound ${boundMs} ms per call`,
);
const readers = [...new Set(measurements.map((measurement) => measurement.reader))];
for (const reader of readers) {
  const own = measurements.filter((measurement) => measurement.reader === reader);
  const slowest = own.reduce((worst, measurement) =>
    measurement.milliseconds > worst.milliseconds ? measurement : worst,
  );
  console.log(
    `${reader.padEnd(28)} slowest ${slowest.milliseconds.toFixed(1).padStart(7)} ms  (${slowest.input})`,
  );
}
if (process.argv.includes('--all')) {
  for (const measurement of measurements) {
    console.log(
      `${measurement.milliseconds.toFixed(1).padStart(8)} ms  ${measurement.reader.padEnd(28)} ${measurement.input}`,
    );
  }
}
const over = measurements.filter((measurement) => measurement.milliseconds > boundMs);
for (const measurement of over) {
  console.log(
    `OVER ${measurement.milliseconds.toFixed(1)} ms: ${measurement.reader} on ${measurement.input} (aimed at ${measurement.aimedAt})`,
  );
}
console.log(
  over.length === 0 ? 'every call within the bound' : `${over.length} calls over the bound`,
);
process.exitCode = over.length === 0 ? 0 : 1;
