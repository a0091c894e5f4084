import { existsSync } from 'node:fs';
import path from 'node:path';

import { projectRoot } from '../../kernel/project-root';

/** The hearing calendar of 2021 the strategy document publishes, shared beside the repository. */
export function sampleHearingCalendar(): string {
  const file = path.join(
    projectRoot(),
    '..',
    'shared',
    'data',
    'audiencias-participacion-terceros-2021.csv',
  );
  if (!existsSync(file))
    throw new Error(
      `sample data not found at ${file}: the shared/ folder must sit beside the repository`,
    );
  return file;
}
