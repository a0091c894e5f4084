import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import mongoose from 'mongoose';

import { startApp, type RunningApp } from '../../bot/app';
import { parseConfig, type AppConfig } from '../../bot/config';
import { createLogger } from '../../kernel/logger';
import { testMongoUri, uniqueDatabaseName } from './test-database';

/** A clock a test moves forward instead of waiting (ms since the epoch). */
export class MovableClock {
  private offsetMs = 0;
  readonly now = (): number => Date.now() + this.offsetMs;

  advance(ms: number): void {
    this.offsetMs += ms;
  }
}

/**
 * The real application serving the web chat, with its web chat on a clock the test moves, and
 * restartable on the same database and data folder (so on the same keys) at another port, as a
 * bot redeployed behind the same public address.
 */
export class WebChatApp {
  readonly clock = new MovableClock();
  private running: { app: RunningApp; config: AppConfig } | undefined;

  private constructor(
    private readonly environment: Record<string, string>,
    private readonly dataDir: string,
    private readonly databaseName: string,
  ) {}

  static async start(environment: Record<string, string> = {}): Promise<WebChatApp> {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'anm-web-chat-app-'));
    const app = new WebChatApp(environment, dataDir, uniqueDatabaseName('webchat'));
    await app.startAgain();
    return app;
  }

  get app(): RunningApp {
    if (!this.running) throw new Error('the app is stopped');
    return this.running.app;
  }

  get config(): AppConfig {
    if (!this.running) throw new Error('the app is stopped');
    return this.running.config;
  }

  get url(): string {
    return this.app.url;
  }

  get port(): number {
    return this.app.port;
  }

  /** Starts the app (again) on a free port: another port than before, unless that one is free. */
  async startAgain(): Promise<void> {
    if (this.running) throw new Error('the app is running');
    const parsed = parseConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
      SHUTDOWN_TIMEOUT_MS: '5000',
      DATA_DIR: this.dataDir,
      MONGODB_URI: testMongoUri(),
      MONGODB_DB_NAME: this.databaseName,
      ...this.environment,
    });
    if (parsed.webChat.mode !== 'embedded') throw new Error('the web chat is not embedded');
    const config: AppConfig = { ...parsed, webChat: { ...parsed.webChat, clock: this.clock.now } };
    this.running = { app: await startApp(config, createLogger(config.logLevel)), config };
  }

  async stop(): Promise<void> {
    await this.running?.app.stop();
    this.running = undefined;
  }

  /** Stops the app, drops its database and removes its data folder. */
  async dispose(): Promise<void> {
    await this.stop();
    const connection = await mongoose
      .createConnection(testMongoUri(), { dbName: this.databaseName })
      .asPromise();
    await connection.dropDatabase().catch(() => undefined);
    await connection.close();
    await rm(this.dataDir, { recursive: true, force: true });
  }
}
