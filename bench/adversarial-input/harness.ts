import { performance } from 'node:perf_hooks';

import { adversarialInputs } from './adversarial-inputs';
import { textReaders } from './text-readers';

/** Default size of each adversarial text: 1 MB (what a channel may still deliver). */
export const defaultInputSize = 1_000_000;

/** Longest one call may take on the reference machine (2 cores) before the benchmark fails. */
export const defaultBoundMs = 200;

export interface Measurement {
  reader: string;
  input: string;
  aimedAt: string;
  milliseconds: number;
  result: unknown;
}

/** Every reader (but those skipped) on every adversarial text of `size` characters, timed. */
export function runAdversarialInputs(size: number, skip: readonly string[] = []): Measurement[] {
  const readers = textReaders().filter((reader) => !skip.includes(reader.name));
  const inputs = adversarialInputs(size);
  // A warm-up on short texts, so that the figures measure the code, not its first compilation.
  for (const reader of readers) for (const input of adversarialInputs(200)) reader.read(input.text);
  const measurements: Measurement[] = [];
  for (const input of inputs) {
    for (const reader of readers) {
      const started = performance.now();
      const result = reader.read(input.text);
      measurements.push({
        reader: reader.name,
        input: input.name,
        aimedAt: input.aimedAt,
        milliseconds: performance.now() - started,
        result,
      });
    }
  }
  return measurements;
}
