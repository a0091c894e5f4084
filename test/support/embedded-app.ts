import { readFileSync } from 'node:fs';

import { ferretdbPaths } from '../../models/embedded/ferretdb-server';
import { startTestApp, type TestApp } from './test-app';
import { testFerretdbBinary } from './test-database';

/** The real application on its embedded FerretDB, started and stopped by the app itself. */
export function startEmbeddedTestApp(
  dataDir: string,
  environment: Record<string, string> = {},
): Promise<TestApp> {
  return startTestApp({
    MONGODB_URI: '',
    DATA_DIR: dataDir,
    FERRETDB_BINARY: testFerretdbBinary(),
    ...environment,
  });
}

/** The FerretDB serving a data folder (pid and URI), from the lock file the bot keeps there. */
export function embeddedServer(dataDir: string): { pid: number; uri: string } {
  const lock = JSON.parse(readFileSync(ferretdbPaths(dataDir).lock, 'utf8')) as {
    serverPid?: number;
    socket?: string;
  };
  if (!lock.serverPid || !lock.socket)
    throw new Error('no embedded server recorded in the lock file');
  return { pid: lock.serverPid, uri: `mongodb://${encodeURIComponent(lock.socket)}/` };
}

export function embeddedServerPid(dataDir: string): number {
  return embeddedServer(dataDir).pid;
}

export function processIsRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
