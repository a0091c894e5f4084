import { chmod, mkdir } from 'node:fs/promises';
import path from 'node:path';

import { launchFerretdb, type FerretdbProcess } from './ferretdb-process';
import { acquireLock, releaseLock, writeLock } from './server-lock';
import { chooseSocketLocation } from './socket-location';

export interface EmbeddedFerretdb {
  /** mongodb:// URI of the Unix socket (the path percent-encoded as the host). */
  readonly uri: string;
  readonly socketPath: string;
  /** The current server process (it changes when the supervisor restarts it). */
  readonly pid: number;
  /** False from a crash until the restarted server accepts connections. */
  readonly running: boolean;
  /** Called after each crash ('down') and each successful restart ('running'). */
  onStateChange(listener: (state: 'down' | 'running') => void): void;
  stop(): Promise<void>;
}

/** What the supervisor reports; the bot passes its logger, tests may pass nothing. */
export interface SupervisorLog {
  info(details: Record<string, unknown>, message: string): void;
  error(details: Record<string, unknown>, message: string): void;
}

export interface EmbeddedFerretdbOptions {
  binary: string;
  dataDir: string;
  readyTimeoutMs?: number;
  log?: SupervisorLog;
  /** Back-off between restarts: the first wait, doubled after each failure up to the maximum. */
  restartDelayMs?: { initial: number; max: number };
}

/** Where the embedded server keeps its files inside DATA_DIR. */
export function ferretdbPaths(dataDir: string) {
  const root = path.join(dataDir, 'ferretdb');
  return {
    root,
    sqlite: path.join(root, 'sqlite'),
    state: path.join(root, 'state'),
    socketDir: path.join(root, 'run'),
    log: path.join(root, 'ferretdb.log'),
    lock: path.join(root, 'server.lock'),
  };
}

/** A server that stayed up this long is healthy again: the next crash restarts it quickly. */
const stableAfterMs = 60_000;

/**
 * Starts FerretDB (SQLite backend) as a child process listening on a Unix socket in an owner-only
 * folder, waits until it accepts connections, and restarts it whenever it dies (bounded back-off),
 * on the same socket so that clients reconnect by themselves. One server per data folder: a lock
 * file refuses a second one.
 */
export async function startEmbeddedFerretdb(
  options: EmbeddedFerretdbOptions,
): Promise<EmbeddedFerretdb> {
  const paths = ferretdbPaths(options.dataDir);
  // The database files hold citizens' personal data: no other local user may read them.
  await mkdir(paths.root, { recursive: true, mode: 0o700 });
  await chmod(paths.root, 0o700);
  await mkdir(paths.sqlite, { recursive: true, mode: 0o700 });
  await mkdir(paths.state, { recursive: true, mode: 0o700 });
  acquireLock(paths.lock);
  let socket: Awaited<ReturnType<typeof chooseSocketLocation>> | undefined;
  try {
    socket = await chooseSocketLocation(paths.socketDir);
    const launch = {
      binary: options.binary,
      sqliteDir: paths.sqlite,
      stateDir: paths.state,
      socketPath: socket.path,
      logFile: paths.log,
      readyTimeoutMs: options.readyTimeoutMs ?? 30_000,
    };
    const first = await launchFerretdb(launch);
    return new FerretdbSupervisor(first, launch, paths.lock, socket.dispose, options);
  } catch (error) {
    socket?.dispose();
    releaseLock(paths.lock);
    throw error;
  }
}

type LaunchOptions = Parameters<typeof launchFerretdb>[0];

/**
 * Keeps one FerretDB process running: a crash is announced ('down') and followed by a restart on
 * the same socket after a back-off that doubles with each failure; a restart that holds is
 * announced ('running'). The lock file always names the current server process.
 */
class FerretdbSupervisor implements EmbeddedFerretdb {
  readonly uri: string;
  readonly socketPath: string;
  private readonly listeners: ((state: 'down' | 'running') => void)[] = [];
  private readonly delays: { initial: number; max: number };
  private current: FerretdbProcess;
  private isRunning = true;
  private stopped = false;
  private startedAt = Date.now();
  private nextDelayMs: number;
  private restartTimer: NodeJS.Timeout | undefined;
  private restarting: Promise<void> | undefined;
  private stopping: Promise<void> | undefined;

  constructor(
    first: FerretdbProcess,
    private readonly launch: LaunchOptions,
    private readonly lockFile: string,
    private readonly disposeSocket: () => void,
    private readonly options: EmbeddedFerretdbOptions,
  ) {
    this.uri = `mongodb://${encodeURIComponent(launch.socketPath)}/`;
    this.socketPath = launch.socketPath;
    this.delays = options.restartDelayMs ?? { initial: 500, max: 30_000 };
    this.nextDelayMs = this.delays.initial;
    this.current = first;
    this.record();
    this.watch(first);
  }

  get pid(): number {
    return this.current.pid;
  }

  get running(): boolean {
    return this.isRunning;
  }

  onStateChange(listener: (state: 'down' | 'running') => void): void {
    this.listeners.push(listener);
  }

  stop(): Promise<void> {
    this.stopping ??= (async () => {
      this.stopped = true;
      clearTimeout(this.restartTimer);
      await this.restarting?.catch(() => undefined);
      await this.current.stop();
      releaseLock(this.lockFile);
      this.disposeSocket();
    })();
    return this.stopping;
  }

  private record(): void {
    writeLock(this.lockFile, {
      ownerPid: process.pid,
      serverPid: this.current.pid,
      socket: this.launch.socketPath,
    });
  }

  private announce(state: 'down' | 'running'): void {
    for (const listener of this.listeners) listener(state);
  }

  private watch(server: FerretdbProcess): void {
    void server.exited.then(() => {
      if (this.stopped || server !== this.current) return;
      this.isRunning = false;
      if (Date.now() - this.startedAt >= stableAfterMs) this.nextDelayMs = this.delays.initial;
      this.options.log?.error({ pid: server.pid }, 'embedded FerretDB stopped unexpectedly');
      this.announce('down');
      this.scheduleRestart();
    });
  }

  private scheduleRestart(): void {
    if (this.stopped) return;
    const waitMs = this.nextDelayMs;
    this.nextDelayMs = Math.min(this.nextDelayMs * 2, this.delays.max);
    this.restartTimer = setTimeout(() => {
      this.restartTimer = undefined;
      this.restarting = this.restart();
    }, waitMs);
  }

  private async restart(): Promise<void> {
    let restarted: FerretdbProcess;
    try {
      restarted = await launchFerretdb(this.launch);
    } catch (error) {
      this.restarting = undefined;
      this.options.log?.error(
        { error: error instanceof Error ? error.name : 'unknown', retryInMs: this.nextDelayMs },
        'embedded FerretDB could not be restarted',
      );
      this.scheduleRestart();
      return;
    }
    this.restarting = undefined;
    if (this.stopped) {
      await restarted.stop();
      return;
    }
    this.current = restarted;
    this.isRunning = true;
    this.startedAt = Date.now();
    this.record();
    this.watch(restarted);
    this.options.log?.info({ pid: restarted.pid }, 'embedded FerretDB restarted');
    this.announce('running');
  }
}
