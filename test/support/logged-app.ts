import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';

import { startApp, type RunningApp } from '../../bot/app';
import { parseConfig } from '../../bot/config';
import { createLogger } from '../../kernel/logger';
import { testMongoUri, uniqueDatabaseName } from './test-database';

/** The JSON lines a logger wrote, as the process would print them on stdout. */
export class LogCapture extends Writable {
  private readonly chunks: string[] = [];

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    this.chunks.push(chunk.toString('utf8'));
    done();
  }

  get text(): string {
    return this.chunks.join('');
  }

  get lines(): string[] {
    return this.text.split('\n').filter((line) => line !== '');
  }

  parsed(): Record<string, unknown>[] {
    return this.lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  }
}

export interface LoggedApp {
  app: RunningApp;
  logs: LogCapture;
  dispose(): Promise<void>;
}

/**
 * The real application, as test-app.ts starts it, with its log stream captured at trace level.
 * `environment` overrides any variable, as the process environment would.
 */
export async function startLoggedApp(environment: Record<string, string>): Promise<LoggedApp> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'anm-bot-logs-'));
  const config = parseConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'trace',
    SHUTDOWN_TIMEOUT_MS: '5000',
    DATA_DIR: dataDir,
    MONGODB_URI: testMongoUri(),
    MONGODB_DB_NAME: uniqueDatabaseName('logs'),
    ...environment,
  });
  const logs = new LogCapture();
  const app = await startApp(config, createLogger(config.logLevel, logs));
  return {
    app,
    logs,
    async dispose() {
      await app.database.connection.dropDatabase().catch(() => undefined);
      await app.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
