import { loadConfig } from '../bot/config';
import { toolsDir } from '../kernel/project-root';
import { ensureFerretdbInstalled } from '../models/embedded/ferretdb-installer';

/**
 * `node dist/scripts/install-ferretdb.js [--if-embedded]`: builds the embedded database server
 * when it is missing (the tests always need it). With --if-embedded it does nothing when the
 * configuration does not use it (MONGODB_URI or FERRETDB_BINARY set).
 */
async function main(): Promise<void> {
  if (process.argv.includes('--if-embedded')) {
    const { database } = loadConfig();
    if (database.kind === 'external' || database.ferretdbBinary) return;
  }
  await ensureFerretdbInstalled(toolsDir(), { info: (message) => console.log(message) });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
