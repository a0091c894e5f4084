import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

import type { Connection } from 'mongoose';

/**
 * Where personal data could survive an erasure: every document of every collection, and every
 * byte of the files under a data folder. Each finder returns "<where>: <value>" for each value
 * found, so that a failing test names both.
 */

/** Every collection of the connection's database, every document, as JSON text, by name. */
export async function collectionsAsText(connection: Connection): Promise<Record<string, string>> {
  const database = connection.db;
  if (!database) throw new Error('not connected');
  const dump: Record<string, string> = {};
  for (const { name } of await database.listCollections().toArray()) {
    dump[name] = JSON.stringify(await database.collection(name).find({}).toArray());
  }
  return dump;
}

/** Which of `values` appear in which collection (of a dump from `collectionsAsText`). */
export function foundInDump(dump: Record<string, string>, values: readonly string[]): string[] {
  return Object.entries(dump).flatMap(([name, text]) =>
    values.filter((value) => text.includes(value)).map((value) => `${name}: ${value}`),
  );
}

/** Which of `values` appear in which collection of the connection's database. */
export async function foundInCollections(
  connection: Connection,
  values: readonly string[],
): Promise<string[]> {
  return foundInDump(await collectionsAsText(connection), values);
}

export async function filesUnder(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name));
}

/**
 * Which of `values` (as UTF-8 bytes) appear in which file under `dataDir`. Stop the database
 * first, so that its write-ahead log is checkpointed and every file is at rest.
 */
export async function foundInDataFiles(
  dataDir: string,
  values: readonly string[],
): Promise<string[]> {
  const found: string[] = [];
  for (const file of await filesUnder(dataDir)) {
    const bytes = await readFile(file);
    for (const value of values) {
      if (bytes.includes(Buffer.from(value, 'utf8')))
        found.push(`${path.relative(dataDir, file)}: ${value}`);
    }
  }
  return found;
}
