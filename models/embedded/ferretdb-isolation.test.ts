import { readdirSync, readFileSync, readlinkSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import mongoose from 'mongoose';

import { testFerretdbBinary } from '../../test/support/test-database';
import { ferretdbPaths, startEmbeddedFerretdb } from './ferretdb-server';
import { maxSocketPathBytes } from './socket-location';

/** The TCP ports a process listens on, from its open sockets and the kernel's socket tables. */
function tcpPortsListenedBy(pid: number): number[] {
  const inodes = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const target = readlinkSync(`/proc/${pid}/fd/${fd}`);
      if (target.startsWith('socket:[')) inodes.add(target.slice(8, -1));
    } catch {
      // closed while we read
    }
  }
  const ports: number[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      const [, local, , state] = fields;
      // State 0A is LISTEN; field 9 is the socket's inode.
      if (state === '0A' && inodes.has(fields[9] ?? '')) {
        ports.push(Number.parseInt(local?.split(':')[1] ?? '', 16));
      }
    }
  }
  return ports;
}

const permissions = (file: string) => statSync(file).mode & 0o777;

describe('the embedded database keeps other local users out', () => {
  const directories: string[] = [];
  afterAll(() =>
    Promise.all(directories.map((directory) => rm(directory, { recursive: true, force: true }))),
  );

  it('when it runs, then it listens only on a Unix socket that only this user can reach, and on no TCP port', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'anm-iso-'));
    directories.push(dataDir);
    const server = await startEmbeddedFerretdb({ binary: testFerretdbBinary(), dataDir });
    try {
      const paths = ferretdbPaths(dataDir);
      expect(path.dirname(server.socketPath)).toBe(paths.socketDir);
      expect(statSync(server.socketPath).isSocket()).toBe(true);
      expect(permissions(paths.socketDir)).toBe(0o700);
      expect(permissions(server.socketPath) & 0o077).toBe(0);
      // The database files hold personal data: their folder is owner-only too.
      expect(permissions(paths.root)).toBe(0o700);
      expect(tcpPortsListenedBy(server.pid)).toEqual([]);
      const connection = await mongoose.createConnection(server.uri, { dbName: 'iso' }).asPromise();
      expect((await connection.db?.command({ ping: 1 }))?.ok).toBe(1);
      await connection.close();
    } finally {
      await server.stop();
    }
  });

  it('when DATA_DIR is too deep for a socket path, then the socket goes to a fresh owner-only folder in the temporary folder, removed at stop', async () => {
    const base = await mkdtemp(path.join(os.tmpdir(), 'anm-deep-'));
    directories.push(base);
    const dataDir = path.join(base, 'd'.repeat(60), 'e'.repeat(60));
    const server = await startEmbeddedFerretdb({ binary: testFerretdbBinary(), dataDir });
    const socketDir = path.dirname(server.socketPath);
    try {
      expect(
        Buffer.byteLength(path.join(ferretdbPaths(dataDir).socketDir, 'x.sock')),
      ).toBeGreaterThan(maxSocketPathBytes);
      expect(socketDir.startsWith(os.tmpdir())).toBe(true);
      expect(permissions(socketDir)).toBe(0o700);
      const connection = await mongoose
        .createConnection(server.uri, { dbName: 'deep' })
        .asPromise();
      expect((await connection.db?.command({ ping: 1 }))?.ok).toBe(1);
      await connection.close();
    } finally {
      await server.stop();
    }
    expect(() => statSync(socketDir)).toThrow();
  });
});
