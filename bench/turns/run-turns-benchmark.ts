import { parseArgs } from 'node:util';

import { toolsDir } from '../../kernel/project-root';
import { ensureFerretdbInstalled } from '../../models/embedded/ferretdb-installer';
import { runTurnsBenchmark } from './turns-benchmark';

/**
 * `npm run bench:turns [-- --sizes 0,10000,50000 --connections 50 --seconds 10 --rounds 3]`: the
 * bare echo bot against this bot answering a knowledge question, same load, interleaved rounds,
 * at each number of stored citizens. Exits 1 when a request failed or a reply did not arrive.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      sizes: { type: 'string', default: '0,10000' },
      connections: { type: 'string', default: '50' },
      seconds: { type: 'string', default: '10' },
      rounds: { type: 'string', default: '3' },
      'log-level': { type: 'string', default: 'warn' },
    },
  });
  const sizes = values.sizes.split(',').map((size) => Number(size.trim()));
  const numbers = {
    connections: values.connections,
    seconds: values.seconds,
    rounds: values.rounds,
  };
  const invalid = Object.entries(numbers).filter(
    ([, value]) => !(Number.isInteger(Number(value)) && Number(value) > 0),
  );
  if (invalid.length > 0 || sizes.some((size) => !Number.isInteger(size) || size < 0))
    throw new Error(
      `positive whole numbers expected (--sizes: ≥ 0, comma-separated): ${invalid.map(([n]) => `--${n}`).join(', ')}`,
    );
  const ferretdbBinary = await ensureFerretdbInstalled(toolsDir(), {
    info: (message) => console.log(message),
  });
  const outcome = await runTurnsBenchmark({
    ferretdbBinary,
    connections: Number(values.connections),
    durationSeconds: Number(values.seconds),
    rounds: Number(values.rounds),
    sizes: [...sizes].sort((a, b) => a - b),
    logLevel: values['log-level'],
    log: (line) => console.log(line),
  });
  console.log('');
  for (const line of outcome.lines) console.log(line);
  process.exitCode = outcome.ok ? 0 : 1;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exitCode = 1;
});
