import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

import mongoose, { type Connection } from 'mongoose';

import { findFreeLoopbackPort } from '../../models/embedded/free-port';
import { createModels, type Models } from '../../models/registry';
import { spawnBot, type BotProcess } from '../../test/support/bot-process';
import { ChannelSimulator } from '../../test/support/channel-simulator';
import { embeddedServer, processIsRunning } from '../../test/support/embedded-app';
import { facebookEnvironment } from '../../test/support/facebook-deliveries';
import { FakeGraphServer } from '../../test/support/fake-graph-server';
import { Pseudonymizer } from '../../kernel/pseudonym';

const databaseName = 'anm_live_burst';

/** The compiled bot as its own process on its embedded FerretDB, with its fakes on loopback. */
export interface BotUnderTest {
  url: string;
  /** The bot's own database, read through a connection of the harness. */
  models: Models;
  /** The bot's, to compute the submission keys it stores. */
  pseudonymizer: Pseudonymizer;
  graph: FakeGraphServer;
  channel: ChannelSimulator;
  process: BotProcess;
  /** Log lines at warn level or above. */
  problems(): Record<string, unknown>[];
  stop(): Promise<void>;
}

export interface BotUnderTestOptions {
  ferretdbBinary: string;
  startTimeoutMs?: number;
}

async function waitUntilHealthy(url: string, bot: BotProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (bot.child.exitCode !== null)
      throw new Error(`the bot exited (${String(bot.child.exitCode)}): ${bot.stderr()}`);
    const healthy = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2_000) }).then(
      (response) => response.status === 200,
      () => false,
    );
    if (healthy) return;
    await delay(200);
  }
  throw new Error(`the bot was not healthy within ${timeoutMs} ms: ${bot.stderr()}`);
}

async function stopProcess(bot: BotProcess, timeoutMs: number): Promise<void> {
  if (bot.child.exitCode !== null || bot.child.signalCode !== null) return;
  bot.child.kill('SIGTERM');
  const exited = await Promise.race([
    bot.exited.then(() => true),
    delay(timeoutMs, false, { ref: false }),
  ]);
  if (!exited) {
    bot.child.kill('SIGKILL');
    await bot.exited;
  }
}

/**
 * Starts the Graph API fake, the channel simulator and the bot (`dist/bot/index.js`) on a fresh
 * DATA_DIR with MONGODB_URI unset, so that it starts its own FerretDB; then connects to that
 * FerretDB (its Unix socket is in the bot's lock file) to verify what the bot stored.
 */
export async function startBotUnderTest(options: BotUnderTestOptions): Promise<BotUnderTest> {
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'anm-live-burst-'));
  const dataDir = path.join(workDir, 'data');
  const graph = new FakeGraphServer();
  const channel = new ChannelSimulator();
  await graph.start();
  await channel.start();
  const port = await findFreeLoopbackPort();
  const pseudonymSecret = randomBytes(32).toString('hex');
  const bot = spawnBot(
    {
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      SHUTDOWN_TIMEOUT_MS: '20000',
      DATA_DIR: dataDir,
      FERRETDB_BINARY: options.ferretdbBinary,
      MONGODB_DB_NAME: databaseName,
      PSEUDONYM_SECRET: pseudonymSecret,
      ...facebookEnvironment(graph.url),
    },
    workDir,
  );
  const url = `http://127.0.0.1:${port}`;
  let connection: Connection | undefined;
  let serverPid: number | undefined;
  const stop = async () => {
    await connection?.close();
    await stopProcess(bot, 30_000);
    // Only if the bot had to be killed: its FerretDB child would outlive it.
    if (serverPid !== undefined && processIsRunning(serverPid)) process.kill(serverPid, 'SIGKILL');
    await graph.stop();
    await channel.stop();
    await rm(workDir, { recursive: true, force: true });
  };
  try {
    await waitUntilHealthy(url, bot, options.startTimeoutMs ?? 60_000);
    const server = embeddedServer(dataDir);
    serverPid = server.pid;
    connection = await mongoose
      .createConnection(server.uri, {
        dbName: databaseName,
        autoIndex: false,
      })
      .asPromise();
    return {
      url,
      models: createModels(connection),
      pseudonymizer: new Pseudonymizer(pseudonymSecret),
      graph,
      channel,
      process: bot,
      problems: () => bot.logs.filter((line) => typeof line.level === 'number' && line.level >= 40),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
