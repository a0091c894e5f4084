import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { toolsDir } from '../../bot/project-root';
import { ensureFerretdbInstalled } from '../../models/embedded/ferretdb-installer';
import {
  startEmbeddedFerretdb,
  type EmbeddedFerretdb,
} from '../../models/embedded/ferretdb-server';

declare global {
  var anmTestFerretdb: { server: EmbeddedFerretdb; dataDir: string } | undefined;
}

/**
 * One real FerretDB for the whole run, on a Unix socket in a temporary data folder (its URI is
 * `mongodb://<percent-encoded socket path>/`). Test files
 * isolate themselves with a database name of their own (`test/support/test-database.ts`).
 */
export default async function globalSetup(): Promise<void> {
  const binary = await ensureFerretdbInstalled(toolsDir(), {
    info: (message) => console.log(message),
  });
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'anm-bot-test-'));
  const server = await startEmbeddedFerretdb({ binary, dataDir });
  globalThis.anmTestFerretdb = { server, dataDir };
  process.env.ANM_TEST_MONGODB_URI = server.uri;
  process.env.ANM_TEST_FERRETDB_BINARY = binary;
}
