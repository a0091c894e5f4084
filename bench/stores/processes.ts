import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { closeSync, openSync, readdirSync, readFileSync } from 'node:fs';
import { lstat, readdir } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

/** A child process this harness started, with a promise that settles when it is gone. */
export interface Child {
  readonly process: ChildProcess;
  readonly pid: number;
  readonly exited: Promise<void>;
  hasExited(): boolean;
}

/**
 * Spawns a program with its output appended to `logFile` (created owner-only). `signalOnExit` is
 * sent to it if this Node process exits first, so an interrupted run leaves no server behind.
 */
export function spawnLogged(
  binary: string,
  args: string[],
  logFile: string,
  options: SpawnOptions & { signalOnExit: NodeJS.Signals },
): Child {
  const { signalOnExit, ...spawnOptions } = options;
  const logFd = openSync(logFile, 'a', 0o600);
  let child: ChildProcess;
  try {
    child = spawn(binary, args, { ...spawnOptions, stdio: ['ignore', logFd, logFd] });
  } finally {
    closeSync(logFd);
  }
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.once('error', () => resolve());
  });
  const signalChild = () => child.kill(signalOnExit);
  process.once('exit', signalChild);
  void exited.then(() => process.removeListener('exit', signalChild));
  return {
    process: child,
    pid: child.pid ?? -1,
    exited,
    hasExited: () => child.exitCode !== null || child.signalCode !== null,
  };
}

/** Waits for the child to exit; false when it is still running after `timeoutMs`. */
export async function exitsWithin(child: Child, timeoutMs: number): Promise<boolean> {
  const timer = new AbortController();
  const outcome = await Promise.race([
    child.exited.then(() => true),
    delay(timeoutMs, false, { signal: timer.signal }).catch(() => false),
  ]);
  timer.abort();
  return outcome;
}

/** Sends each signal in turn until the child is gone, waiting the given grace after each one. */
export async function stopChild(
  child: Child,
  steps: { signal: NodeJS.Signals; graceMs: number }[],
): Promise<void> {
  for (const { signal, graceMs } of steps) {
    if (child.hasExited()) return;
    child.process.kill(signal);
    if (await exitsWithin(child, graceMs)) return;
  }
  child.process.kill('SIGKILL');
  await child.exited;
}

/** Polls `ready` every 100 ms until it is true; throws when the child exits or time runs out. */
export async function waitUntil(
  ready: () => Promise<boolean>,
  child: Child,
  timeoutMs: number,
  what: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() <= deadline) {
    if (child.hasExited()) throw new Error(`${what} exited before it was ready`);
    if (await ready()) return;
    await delay(100);
  }
  throw new Error(`${what} was not ready within ${timeoutMs} ms`);
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Direct children of a process, read from /proc (PostgreSQL's postmaster forks all its workers). */
export function childrenOf(pid: number): number[] {
  const children: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readOrUndefined(`/proc/${entry}/stat`);
    // The command name, in parentheses, may hold spaces: the fields after it are fixed.
    const fields = stat?.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (fields?.[1] === String(pid)) children.push(Number(entry));
  }
  return children;
}

export interface Memory {
  /** Sum of VmRSS: pages shared between processes (PostgreSQL's shared buffers) count once each. */
  rssMiB: number;
  /** Sum of Pss: each shared page divided among the processes that map it. */
  pssMiB: number;
}

/** Resident memory of the given processes, summed (a process that is gone counts 0). */
export function memoryOf(pids: number[]): Memory {
  let rssKiB = 0;
  let pssKiB = 0;
  for (const pid of pids) {
    rssKiB += kibField(readOrUndefined(`/proc/${pid}/status`), 'VmRSS:');
    pssKiB += kibField(readOrUndefined(`/proc/${pid}/smaps_rollup`), 'Pss:');
  }
  return { rssMiB: rssKiB / 1024, pssMiB: pssKiB / 1024 };
}

function kibField(text: string | undefined, name: string): number {
  const line = text?.split('\n').find((l) => l.startsWith(name));
  const kib = line ? Number(line.slice(name.length).replace(/[^0-9]/g, '')) : NaN;
  return Number.isFinite(kib) ? kib : 0;
}

function readOrUndefined(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** Bytes the files under a folder occupy on disk (allocated blocks, as `du` counts them). */
export async function allocatedBytes(folder: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(folder, { withFileTypes: true })) {
    const entryPath = path.join(folder, entry.name);
    if (entry.isDirectory()) total += await allocatedBytes(entryPath);
    else if (entry.isFile()) total += (await lstat(entryPath)).blocks * 512;
  }
  return total;
}
