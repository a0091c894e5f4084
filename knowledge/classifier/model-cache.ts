import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { toolsDir } from '../../kernel/project-root';

import type { SoftmaxModel } from './softmax-classifier';

/**
 * Trained weights kept on disk, keyed by a hash of everything training depends on (the
 * examples, the lexicon, the options and the code's version), so that the app and each test
 * process load them in milliseconds instead of training for seconds. Training is deterministic:
 * the cache changes how fast the model is ready, never what it is.
 */

export function trainingKey(parts: readonly string[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part).update('\u0000');
  return hash.digest('hex').slice(0, 32);
}

/**
 * Inside the project's own git-ignored tools folder, not the shared temporary folder: another
 * local user must not be able to plant weights that the bot would load.
 */
export function defaultCacheDir(): string {
  return path.join(toolsDir(), 'classifier');
}

interface CacheHeader {
  labels: string[];
  features: string[];
}

export function readCachedModel(directory: string, key: string): SoftmaxModel | undefined {
  let buffer: Buffer;
  try {
    buffer = readFileSync(path.join(directory, `${key}.bin`));
  } catch {
    return undefined;
  }
  try {
    const headerLength = buffer.readUInt32LE(0);
    const header = JSON.parse(buffer.subarray(4, 4 + headerLength).toString('utf8')) as CacheHeader;
    const labelCount = header.labels.length;
    const start = 4 + headerLength;
    const floats = new Float32Array(
      buffer.buffer.slice(buffer.byteOffset + start, buffer.byteOffset + buffer.length),
    );
    if (floats.length !== (header.features.length + 1) * labelCount) return undefined;
    return {
      labels: header.labels,
      featureRows: new Map(header.features.map((feature, row) => [feature, row])),
      bias: floats.slice(0, labelCount),
      weights: floats.slice(labelCount),
    };
  } catch {
    // A truncated or foreign file: train again and overwrite it.
    return undefined;
  }
}

/** Written to a temporary name and renamed: a reader in another process never sees half a file. */
export function writeCachedModel(directory: string, key: string, model: SoftmaxModel): void {
  try {
    mkdirSync(directory, { recursive: true });
    const header: CacheHeader = { labels: model.labels, features: [...model.featureRows.keys()] };
    const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
    // Padded so that the weights start at a multiple of 4 bytes.
    const padding = (4 - ((4 + headerBytes.length) % 4)) % 4;
    const paddedHeader = Buffer.concat([headerBytes, Buffer.alloc(padding, 0x20)]);
    const length = Buffer.alloc(4);
    length.writeUInt32LE(paddedHeader.length, 0);
    const target = path.join(directory, `${key}.bin`);
    const temporary = `${target}.${process.pid}.tmp`;
    writeFileSync(
      temporary,
      Buffer.concat([
        length,
        paddedHeader,
        Buffer.from(model.bias.buffer, model.bias.byteOffset, model.bias.byteLength),
        Buffer.from(model.weights.buffer, model.weights.byteOffset, model.weights.byteLength),
      ]),
    );
    renameSync(temporary, target);
    // Weights of earlier training data are never read again: only the current file stays.
    for (const name of readdirSync(directory)) {
      if (name.endsWith('.bin') && name !== `${key}.bin`) rmSync(path.join(directory, name));
    }
  } catch {
    // A read-only or full folder only costs the next start a training run.
  }
}

/**
 * The weights trained on these inputs: read from the cache when there, else trained (and kept).
 * `keyParts` must name everything training depends on; `cacheDir` false always trains.
 */
export function cachedOrTrained(
  cacheDir: string | false,
  keyParts: readonly string[],
  train: () => SoftmaxModel,
): SoftmaxModel {
  const key = trainingKey(keyParts);
  const cached = cacheDir === false ? undefined : readCachedModel(cacheDir, key);
  if (cached) return cached;
  const model = train();
  if (cacheDir !== false) writeCachedModel(cacheDir, key, model);
  return model;
}
