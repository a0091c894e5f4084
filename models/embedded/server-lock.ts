import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

import { AppError, errorCodes } from '../../kernel/errors';

/** What the lock file in DATA_DIR says: who runs the embedded server, and where it listens. */
export interface LockContent {
  ownerPid: number;
  serverPid?: number;
  socket?: string;
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Guards against killing an unrelated process that reused a stale pid. */
function isFerretdbProcess(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('ferretdb');
  } catch {
    return false;
  }
}

/** One server per data folder: refuses when another live process holds the lock. */
export function acquireLock(lockFile: string): void {
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

export function writeLock(lockFile: string, content: LockContent): void {
  writeFileSync(lockFile, JSON.stringify(content), { mode: 0o600 });
}

export function releaseLock(lockFile: string): void {
  rmSync(lockFile, { force: true });
}
