import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { connect } from 'node:net';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

import { AppError, errorCodes } from '../../bot/errors';
import { findFreeLoopbackPort } from './free-port';

export interface EmbeddedFerretdb {
  readonly uri: string;
  readonly port: number;
  readonly pid: number;
  stop(): Promise<void>;
}

export interface EmbeddedFerretdbOptions {
  binary: string;
  dataDir: string;
  readyTimeoutMs?: number;
}

/** Where the embedded server keeps its files inside DATA_DIR. */
export function ferretdbPaths(dataDir: string) {
  const root = path.join(dataDir, 'ferretdb');
  return {
    root,
    sqlite: path.join(root, 'sqlite'),
    state: path.join(root, 'state'),
    log: path.join(root, 'ferretdb.log'),
    lock: path.join(root, 'server.lock'),
  };
}

/**
 * Starts FerretDB (SQLite backend) as a child process on a free loopback port and waits until it
 * accepts connections. One server per data folder: a lock file refuses a second one.
 */
export async function startEmbeddedFerretdb(
  options: EmbeddedFerretdbOptions,
): Promise<EmbeddedFerretdb> {
  const paths = ferretdbPaths(options.dataDir);
  await mkdir(paths.sqlite, { recursive: true });
  await mkdir(paths.state, { recursive: true });
  acquireLock(paths.lock);
  try {
    for (let attempt = 1; ; attempt++) {
      const port = await findFreeLoopbackPort();
      try {
        return await launch(options, paths, port);
      } catch (error) {
        // Another process may take the port between our probe and FerretDB's bind.
        if (attempt < 3 && error instanceof PortTakenError) continue;
        throw error;
      }
    }
  } catch (error) {
    releaseLock(paths.lock);
    throw error;
  }
}

class PortTakenError extends Error {}

async function launch(
  options: EmbeddedFerretdbOptions,
  paths: ReturnType<typeof ferretdbPaths>,
  port: number,
): Promise<EmbeddedFerretdb> {
  const logFd = openSync(paths.log, 'a');
  const logStart = existsSync(paths.log) ? readFileSync(paths.log).length : 0;
  let child: ChildProcess;
  try {
    child = spawn(
      options.binary,
      [
        '--handler=sqlite',
        `--sqlite-url=file:${paths.sqlite}/`,
        `--listen-addr=127.0.0.1:${port}`,
        `--state-dir=${paths.state}`,
        // A system that holds citizens' data reports to nobody; these machines have no internet.
        '--telemetry=disable',
        // The debug HTTP listener has a fixed default port: a second instance would fail on it.
        '--debug-addr=-',
        // At debug level FerretDB logs whole documents, which would put citizens' data in its log.
        '--log-level=warn',
        '--log-format=json',
      ],
      { stdio: ['ignore', logFd, logFd] },
    );
  } finally {
    closeSync(logFd);
  }
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.once('error', () => resolve(-1));
  });
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  const readyTimeoutMs = options.readyTimeoutMs ?? 30_000;
  const deadline = Date.now() + readyTimeoutMs;
  const launched = { exited: false };
  void exited.then(() => (launched.exited = true));
  let ready = false;
  while (!launched.exited && Date.now() <= deadline) {
    ready = await portAccepts(port);
    if (ready) break;
    await delay(100);
  }
  if (!ready) {
    child.kill('SIGKILL');
    process.removeListener('exit', killOnExit);
    const logTail = (await readFile(paths.log, 'utf8')).slice(logStart).slice(-2000);
    if (/address already in use/i.test(logTail)) throw new PortTakenError(logTail);
    const reason = launched.exited
      ? `exited (code ${String(child.exitCode ?? child.signalCode)}) before it was ready`
      : `did not become ready on 127.0.0.1:${port} within ${readyTimeoutMs} ms`;
    throw new AppError(
      errorCodes.embeddedDatabaseStartFailed,
      `FerretDB ${reason}; see ${paths.log}. Last output:\n${logTail}`,
    );
  }
  const pid = child.pid ?? -1;
  writeLock(paths.lock, { ownerPid: process.pid, serverPid: pid, port });

  let stopping: Promise<void> | undefined;
  return {
    uri: `mongodb://127.0.0.1:${port}/`,
    port,
    pid,
    stop() {
      stopping ??= (async () => {
        if (child.exitCode === null && child.signalCode === null) {
          child.kill('SIGTERM');
          const timeout = new AbortController();
          const code = await Promise.race([
            exited,
            delay(10_000, 'timeout' as const, { signal: timeout.signal }).catch(
              () => 'aborted' as const,
            ),
          ]);
          timeout.abort();
          if (code === 'timeout') {
            child.kill('SIGKILL');
            await exited;
          }
        }
        process.removeListener('exit', killOnExit);
        releaseLock(paths.lock);
      })();
      return stopping;
    },
  };
}

function portAccepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
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

interface LockContent {
  ownerPid: number;
  serverPid?: number;
  port?: number;
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function acquireLock(lockFile: string): void {
  if (existsSync(lockFile)) {
    let previous: LockContent | undefined;
    try {
      previous = JSON.parse(readFileSync(lockFile, 'utf8')) as LockContent;
    } catch {
      previous = undefined;
    }
    if (previous && previous.ownerPid !== process.pid && processIsAlive(previous.ownerPid)) {
      throw new AppError(
        errorCodes.embeddedDatabaseLocked,
        `Another process (pid ${previous.ownerPid}) runs the embedded database on this DATA_DIR ` +
          `(${lockFile}). Stop it, use another DATA_DIR, or delete the lock file if that process is gone.`,
      );
    }
    // A stale lock from a process that died: its FerretDB child may still be running.
    if (previous?.serverPid && isFerretdbProcess(previous.serverPid)) {
      try {
        process.kill(previous.serverPid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
  writeLock(lockFile, { ownerPid: process.pid });
}

function writeLock(lockFile: string, content: LockContent): void {
  writeFileSync(lockFile, JSON.stringify(content));
}

function releaseLock(lockFile: string): void {
  rmSync(lockFile, { force: true });
}

/** Guards against killing an unrelated process that reused a stale pid. */
function isFerretdbProcess(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('ferretdb');
  } catch {
    return false;
  }
}
