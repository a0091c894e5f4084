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
    return supervise(first, launch, paths.lock, socket.dispose, options);
  } catch (error) {
    socket?.dispose();
    releaseLock(paths.lock);
    throw error;
  }
}

function supervise(
  first: FerretdbProcess,
  launch: Parameters<typeof launchFerretdb>[0],
  lockFile: string,
  disposeSocket: () => void,
  options: EmbeddedFerretdbOptions,
): EmbeddedFerretdb {
  const delays = options.restartDelayMs ?? { initial: 500, max: 30_000 };
  const listeners: ((state: 'down' | 'running') => void)[] = [];
  let current = first;
  let running = true;
  let stopped = false;
  let startedAt = Date.now();
  let nextDelayMs = delays.initial;
  let restartTimer: NodeJS.Timeout | undefined;
  let restarting: Promise<void> | undefined;

  const record = () =>
    writeLock(lockFile, {
      ownerPid: process.pid,
      serverPid: current.pid,
      socket: launch.socketPath,
    });
  const announce = (state: 'down' | 'running') => {
    for (const listener of listeners) listener(state);
  };

  const scheduleRestart = () => {
    if (stopped) return;
    const waitMs = nextDelayMs;
    nextDelayMs = Math.min(nextDelayMs * 2, delays.max);
    restartTimer = setTimeout(() => {
      restartTimer = undefined;
      restarting = launchFerretdb(launch).then(
        (restarted) => {
          restarting = undefined;
          if (stopped) return restarted.stop();
          current = restarted;
          running = true;
          startedAt = Date.now();
          record();
          watch(restarted);
          options.log?.info({ pid: restarted.pid }, 'embedded FerretDB restarted');
          announce('running');
          return undefined;
        },
        (error: unknown) => {
          restarting = undefined;
          options.log?.error(
            { error: error instanceof Error ? error.name : 'unknown', retryInMs: nextDelayMs },
            'embedded FerretDB could not be restarted',
          );
          scheduleRestart();
        },
      );
    }, waitMs);
  };

  const watch = (server: FerretdbProcess) => {
    void server.exited.then(() => {
      if (stopped || server !== current) return;
      running = false;
      if (Date.now() - startedAt >= stableAfterMs) nextDelayMs = delays.initial;
      options.log?.error({ pid: server.pid }, 'embedded FerretDB stopped unexpectedly');
      announce('down');
      scheduleRestart();
    });
  };

  record();
  watch(first);

  let stopping: Promise<void> | undefined;
  return {
    uri: `mongodb://${encodeURIComponent(launch.socketPath)}/`,
    socketPath: launch.socketPath,
    get pid() {
      return current.pid;
    },
    get running() {
      return running;
    },
    onStateChange(listener) {
      listeners.push(listener);
    },
    stop() {
      stopping ??= (async () => {
        stopped = true;
        clearTimeout(restartTimer);
        await restarting?.catch(() => undefined);
        await current.stop();
        releaseLock(lockFile);
        disposeSocket();
      })();
      return stopping;
    },
  };
}
