import { readFileSync } from 'node:fs';
import path from 'node:path';

import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

import { projectRoot } from '../../kernel/project-root';

const lexiconSchema = z
  .object({
    colloquial: z.record(z.string(), z.string()),
    synonyms: z.record(z.string(), z.string()),
  })
  .strict();

/** Word → replacement ("" drops the word). Keys and values are lower-case without accents. */
export type Lexicon = ReadonlyMap<string, string>;

export function defaultLexiconPath(): string {
  return path.join(projectRoot(), 'knowledge', 'lexicon.yaml');
}

export function loadLexicon(file: string = defaultLexiconPath()): Lexicon {
  const parsed = lexiconSchema.safeParse(parseYaml(readFileSync(file, 'utf8')));
  if (!parsed.success) {
    throw new Error(
      `${file}: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`,
    );
  }
  return new Map([
    ...Object.entries(parsed.data.colloquial),
    ...Object.entries(parsed.data.synonyms),
  ]);
}
