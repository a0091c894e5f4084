import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { startApp, type RunningApp } from '../../bot/app';
import { parseConfig, type AppConfig } from '../../bot/config';
import { createLogger } from '../../kernel/logger';
import { testMongoUri, uniqueDatabaseName } from './test-database';

const testPseudonymSecret = 'pseudonym-secret-shared-by-the-test-apps-0123456789';

export interface TestApp {
  app: RunningApp;
  config: AppConfig;
  /** Stops the app, drops its database and removes its data folder. */
  dispose(): Promise<void>;
}

/**
 * The real application (restify, CloudAdapter, bot, models) on port 0, on a database of its own
 * in the run's FerretDB. `environment` overrides any variable, as the process environment would.
 */
export async function startTestApp(environment: Record<string, string> = {}): Promise<TestApp> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'anm-bot-app-'));
  const config = parseConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    SHUTDOWN_TIMEOUT_MS: '5000',
    DATA_DIR: dataDir,
    MONGODB_URI: testMongoUri(),
    MONGODB_DB_NAME: uniqueDatabaseName('app'),
    // Each test app has a data folder of its own; a restart on the same database is another
    // process of one deployment, which shares the deployment's secret.
    PSEUDONYM_SECRET: testPseudonymSecret,
    ...environment,
  });
  const app = await startApp(config, createLogger(config.logLevel));
  return {
    app,
    config,
    async dispose() {
      if (config.database.kind === 'external')
        await app.database.connection.dropDatabase().catch(() => undefined);
      await app.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
