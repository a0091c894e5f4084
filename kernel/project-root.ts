import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const packageName = 'anm-rendicion-cuentas-bot';
let cached: string | undefined;

/**
 * The repository root, found from this file's location so that it is the same whether the code
 * runs from `dist/` (compiled) or from the sources (tests).
 */
export function projectRoot(): string {
  if (cached) return cached;
  let directory = __dirname;
  for (;;) {
    const manifest = path.join(directory, 'package.json');
    if (existsSync(manifest)) {
      const { name } = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown };
      if (name === packageName) return (cached = directory);
    }
    const parent = path.dirname(directory);
    if (parent === directory)
      throw new Error(`package.json of ${packageName} not found above ${__dirname}`);
    directory = parent;
  }
}

/** Git-ignored folder where the project installs its own tools (the embedded FerretDB). */
export function toolsDir(): string {
  return path.join(projectRoot(), '.tools');
}
