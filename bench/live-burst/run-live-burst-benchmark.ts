import { parseArgs } from 'node:util';

import { toolsDir } from '../../kernel/project-root';
import { ensureFerretdbInstalled } from '../../models/embedded/ferretdb-installer';
import { runLiveBurst } from './live-burst';

/**
 * `npm run bench:live-burst [-- --deliveries 2000 --teams 300 --seconds 60 --seed 1]`: the
 * live-session burst against the compiled bot on its embedded FerretDB. Exits 1 when anything
 * was lost, duplicated, refused or left unprocessed.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      deliveries: { type: 'string', default: '2000' },
      teams: { type: 'string', default: '300' },
      seconds: { type: 'string', default: '60' },
      seed: { type: 'string', default: '20261125' },
      concurrency: { type: 'string', default: '32' },
      'drain-timeout-seconds': { type: 'string', default: '1200' },
    },
  });
  const numbers = Object.entries(values).map(([name, value]) => [name, Number(value)] as const);
  const invalid = numbers.filter(([, value]) => !Number.isInteger(value) || value <= 0);
  if (invalid.length > 0)
    throw new Error(
      `positive whole numbers expected: ${invalid.map(([name]) => `--${name}`).join(', ')}`,
    );
  const ferretdbBinary = await ensureFerretdbInstalled(toolsDir(), {
    info: (message) => console.log(message),
  });
  const options = {
    deliveries: Number(values.deliveries),
    teamsMessages: Number(values.teams),
    durationMs: Number(values.seconds) * 1000,
    seed: Number(values.seed),
    maxInFlight: Number(values.concurrency),
    drainTimeoutMs: Number(values['drain-timeout-seconds']) * 1000,
    retryShare: 0.1,
    duplicateShare: 0.05,
    teamsRetryShare: 0.1,
    requestTimeoutMs: 30_000,
    ferretdbBinary,
  };
  console.log(
    `live burst: ${options.deliveries} Facebook deliveries and ${options.teamsMessages} Teams messages over ${values.seconds} s (seed ${options.seed}, ${options.maxInFlight} in flight at most)`,
  );
  const outcome = await runLiveBurst(options);
  for (const line of outcome.lines) console.log(line);
  process.exitCode = outcome.ok ? 0 : 1;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exitCode = 1;
});
