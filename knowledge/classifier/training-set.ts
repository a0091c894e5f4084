import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

import { projectRoot } from '../../kernel/project-root';
import type { KnowledgeEntry } from '../entry';

/** The label of questions no entry answers: a citizen's own case, chatter, other subjects. */
export const noneLabel = '_none';

const trainingFileSchema = z
  .object({ id: z.string().min(1), phrasings: z.array(z.string().trim().min(1)).min(1) })
  .strict();

export interface TrainingPhrasing {
  label: string;
  text: string;
}

export function defaultTrainingDir(): string {
  return path.join(projectRoot(), 'knowledge', 'training');
}

/**
 * The classifier's examples: each entry's title, sample questions and keywords, the phrasings
 * written for it in knowledge/training/<id>.yaml, and the "none" phrasings of _none.yaml.
 * Training files of entries that no longer exist are ignored.
 */
export function loadTrainingSet(
  entries: KnowledgeEntry[],
  directory: string = defaultTrainingDir(),
): TrainingPhrasing[] {
  const ids = new Set(entries.map((entry) => entry.id));
  const examples: TrainingPhrasing[] = [];
  for (const entry of entries) {
    for (const text of [entry.title, ...entry.questions, entry.keywords.join(' ')])
      if (text !== '') examples.push({ label: entry.id, text });
  }
  const files = readdirSync(directory)
    .filter((file) => file.endsWith('.yaml'))
    .sort();
  for (const file of files) {
    const parsed = trainingFileSchema.safeParse(
      parseYaml(readFileSync(path.join(directory, file), 'utf8')),
    );
    if (!parsed.success)
      throw new Error(`${file}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    const label = parsed.data.id;
    if (label !== noneLabel && !ids.has(label)) continue;
    for (const text of parsed.data.phrasings) examples.push({ label, text });
  }
  return examples;
}
