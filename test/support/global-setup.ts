import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { toolsDir } from '../../kernel/project-root';
import { loadKnowledgeBase } from '../../knowledge/knowledge-base';
import { KnowledgeIndex } from '../../knowledge/retrieval/knowledge-index';
import { loadLexicon } from '../../knowledge/retrieval/lexicon';
import { SpanishAnalyzer } from '../../knowledge/retrieval/spanish-analyzer';
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
  // Trains the question classifier once and caches its weights (.tools/classifier/), so that
  // the test processes that start the bot load them instead of each training under load.
  new KnowledgeIndex(loadKnowledgeBase(), new SpanishAnalyzer(loadLexicon()));
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'anm-bot-test-'));
  const server = await startEmbeddedFerretdb({ binary, dataDir });
  globalThis.anmTestFerretdb = { server, dataDir };
  process.env.ANM_TEST_MONGODB_URI = server.uri;
  process.env.ANM_TEST_FERRETDB_BINARY = binary;
}
