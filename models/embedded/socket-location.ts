import { mkdtempSync, rmSync } from 'node:fs';
import { chmod, mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { AppError, errorCodes } from '../../kernel/errors';

/** Linux keeps a socket path in 108 bytes, the terminating NUL included. */
export const maxSocketPathBytes = 107;
const socketName = 'ferretdb.sock';

export interface SocketLocation {
  readonly path: string;
  /** Removes the folder when it is a temporary one (a long DATA_DIR); a no-op otherwise. */
  readonly dispose: () => void;
}

/**
 * Where the embedded server listens: `<preferredDir>/ferretdb.sock`, in a folder only this user
 * can enter. When DATA_DIR is so deep that the path passes the kernel's limit, a fresh owner-only
 * folder under the system's temporary folder (mkdtemp creates it with mode 0700) holds the socket
 * instead; if even that is too long, the start fails with a message that says what to change.
 */
export async function chooseSocketLocation(preferredDir: string): Promise<SocketLocation> {
  const preferred = path.join(preferredDir, socketName);
  if (Buffer.byteLength(preferred) <= maxSocketPathBytes) {
    await mkdir(preferredDir, { recursive: true, mode: 0o700 });
    await chmod(preferredDir, 0o700);
    return { path: preferred, dispose: () => undefined };
  }
  const temporaryDir = mkdtempSync(path.join(os.tmpdir(), 'anm-db-'));
  const fallback = path.join(temporaryDir, socketName);
  if (Buffer.byteLength(fallback) > maxSocketPathBytes) {
    rmSync(temporaryDir, { recursive: true, force: true });
    throw new AppError(
      errorCodes.embeddedDatabaseStartFailed,
      `The embedded database's socket path would pass ${maxSocketPathBytes} bytes both in DATA_DIR ` +
        `(${preferred}) and in the temporary folder (${fallback}): use a shorter DATA_DIR or TMPDIR.`,
    );
  }
  return {
    path: fallback,
    dispose: () => rmSync(temporaryDir, { recursive: true, force: true }),
  };
}
