import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, rmSync, statSync } from 'node:fs';
import { chmod, readFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';

import { AppError, errorCodes } from '../../kernel/errors';

/** One FerretDB child process, ready to accept connections on its Unix socket. */
export interface FerretdbProcess {
  readonly pid: number;
  /** Resolves when the process exits, for whatever reason. */
  readonly exited: Promise<void>;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves when the process is gone. */
  stop(graceMs?: number): Promise<void>;
}

export interface FerretdbLaunch {
  binary: string;
  sqliteDir: string;
  stateDir: string;
  socketPath: string;
  logFile: string;
  readyTimeoutMs: number;
}

/**
 * The SQLite URL with the pragmas the modernc driver applies on every connection FerretDB opens:
 * `secure_delete` zeroes deleted content instead of leaving it in free pages (Ley 1581 erasure);
 * `journal_size_limit(0)` truncates the write-ahead log when it restarts after a checkpoint, so
 * old frames holding erased values do not linger at the end of the file.
 */
export function sqliteUrl(sqliteDir: string): string {
  const encodedPath = sqliteDir.split('/').map(encodeURIComponent).join('/');
  return `file:${encodedPath}/?_pragma=secure_delete(1)&_pragma=journal_size_limit(0)`;
}

export function ferretdbArguments(launch: Omit<FerretdbLaunch, 'binary'>): string[] {
  return [
    '--handler=sqlite',
    `--sqlite-url=${sqliteUrl(launch.sqliteDir)}`,
    // No TCP listener: FerretDB has no authentication, and a loopback port is open to every local
    // user. The Unix socket lives in an owner-only folder.
    '--listen-addr=',
    `--listen-unix=${launch.socketPath}`,
    `--state-dir=${launch.stateDir}`,
    // A system that holds citizens' data reports to nobody; these machines have no internet.
    '--telemetry=disable',
    // The debug HTTP listener has a fixed default port: a second instance would fail on it.
    '--debug-addr=-',
    // At debug level FerretDB logs whole documents, which would put citizens' data in its log.
    '--log-level=warn',
    '--log-format=json',
  ];
}

/** Starts FerretDB and waits until its socket accepts connections. */
export async function launchFerretdb(launch: FerretdbLaunch): Promise<FerretdbProcess> {
  // A socket file left by a killed server makes the new one fail with "address already in use";
  // the caller holds the data folder's lock, so no live server owns it.
  rmSync(launch.socketPath, { force: true });
  const logStart = sizeOf(launch.logFile);
  const child = spawnWithLog(launch);
  const exited = exitOf(child);
  await waitUntilReady(launch, child, exited, logStart);
  // The folder is owner-only already; the socket itself too, in case the folder is ever shared.
  await chmod(launch.socketPath, 0o600);
  return handleOf(child, exited);
}

/** The child process, its output appended to FerretDB's log file. */
function spawnWithLog(launch: FerretdbLaunch): ChildProcess {
  const logFd = openSync(launch.logFile, 'a', 0o600);
  try {
    return spawn(launch.binary, ferretdbArguments(launch), { stdio: ['ignore', logFd, logFd] });
  } finally {
    closeSync(logFd);
  }
}

/**
 * Resolves when the child is gone, also when it could not be spawned at all ('error' without
 * 'exit'). The child is killed if this process exits first.
 */
function exitOf(child: ChildProcess): Promise<void> {
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.once('error', () => resolve());
  });
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  void exited.then(() => process.removeListener('exit', killOnExit));
  return exited;
}

/** Polls the socket until it accepts; kills the child and explains why when it never does. */
async function waitUntilReady(
  launch: FerretdbLaunch,
  child: ChildProcess,
  exited: Promise<void>,
  logStart: number,
): Promise<void> {
  const launched = { exited: false };
  void exited.then(() => (launched.exited = true));
  const deadline = Date.now() + launch.readyTimeoutMs;
  while (!launched.exited && Date.now() <= deadline) {
    if (await socketAccepts(launch.socketPath)) return;
    await delay(100);
  }
  child.kill('SIGKILL');
  const logTail = (await readFile(launch.logFile, 'utf8').catch(() => ''))
    .slice(logStart)
    .slice(-2000);
  const reason = launched.exited
    ? `exited (code ${String(child.exitCode ?? child.signalCode)}) before it was ready`
    : `did not become ready on ${launch.socketPath} within ${launch.readyTimeoutMs} ms`;
  throw new AppError(
    errorCodes.embeddedDatabaseStartFailed,
    `FerretDB ${reason}; see ${launch.logFile}. Last output:\n${logTail}`,
  );
}

function handleOf(child: ChildProcess, exited: Promise<void>): FerretdbProcess {
  const hasExited = () => child.exitCode !== null || child.signalCode !== null;
  let stopping: Promise<void> | undefined;
  return {
    pid: child.pid ?? -1,
    exited,
    stop(graceMs = 10_000) {
      stopping ??= (async () => {
        if (hasExited()) return;
        child.kill('SIGTERM');
        const timeout = new AbortController();
        const outcome = await Promise.race([
          exited.then(() => 'exited' as const),
          delay(graceMs, 'timeout' as const, { signal: timeout.signal }).catch(
            () => 'aborted' as const,
          ),
        ]);
        timeout.abort();
        if (outcome === 'timeout') {
          child.kill('SIGKILL');
          await exited;
        }
      })();
      return stopping;
    },
  };
}

function sizeOf(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

/** True when something accepts connections on this Unix socket now. */
export function socketAccepts(socketPath: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ path: socketPath });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => {
      socket.destroy();
      resolve(false);
    });
  });
}
