import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';

import { toolsDir } from '../../kernel/project-root';
import { ensureFerretdbInstalled } from '../../models/embedded/ferretdb-installer';
import { profileTurns } from './turn-profile';

/**
 * `npm run bench:turn-profile [-- --sizes 0,1000,10000 --repetitions 3 --json out.json]`: every
 * database round-trip of one turn (a returning citizen's knowledge question, a new citizen's
 * "hola") at each number of stored citizens, with FerretDB's `filterPushdown` for each query.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      sizes: { type: 'string', default: '0,1000,10000' },
      repetitions: { type: 'string', default: '3' },
      json: { type: 'string' },
    },
  });
  const sizes = values.sizes.split(',').map((size) => Number(size.trim()));
  const repetitions = Number(values.repetitions);
  if (sizes.some((size) => !Number.isInteger(size) || size < 0) || !(repetitions >= 1))
    throw new Error('--sizes: whole numbers ≥ 0 separated by commas; --repetitions ≥ 1');
  const ferretdbBinary = await ensureFerretdbInstalled(toolsDir(), {
    info: (message) => console.log(message),
  });
  const profile = await profileTurns({
    ferretdbBinary,
    sizes: [...sizes].sort((a, b) => a - b),
    repetitions,
    log: (line) => console.log(line),
  });
  console.log('');
  for (const line of profile.lines) console.log(line);
  if (values.json) {
    const turns = profile.turns.map(({ commands, ...turn }) => ({
      ...turn,
      commands: commands.map((command) => ({
        collection: command.collection,
        command: command.command,
        shape: command.shape,
        durationMs: command.durationMs,
      })),
    }));
    await writeFile(values.json, JSON.stringify({ sizes: profile.sizes, turns }, null, 2));
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exitCode = 1;
});
