import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { parse as parseYaml } from 'yaml';

import { AppError, errorCodes } from '../kernel/errors';
import { projectRoot } from '../kernel/project-root';
import { knowledgeEntrySchema, type KnowledgeEntry } from './entry';

export class KnowledgeBaseError extends AppError {
  constructor(readonly problems: string[]) {
    super(
      errorCodes.knowledgeBaseInvalid,
      `Knowledge base is invalid:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`,
    );
    this.name = 'KnowledgeBaseError';
  }
}

export function defaultEntriesDir(): string {
  return path.join(projectRoot(), 'knowledge', 'entries');
}

/**
 * Reads and validates every `*.yaml` entry. All problems are reported at once, each with its file,
 * so that an editor can fix a whole batch in one go.
 */
export function loadKnowledgeBase(directory: string = defaultEntriesDir()): KnowledgeEntry[] {
  const problems: string[] = [];
  const entries: KnowledgeEntry[] = [];
  const files = readdirSync(directory)
    .filter((file) => file.endsWith('.yaml'))
    .sort();
  for (const file of files) {
    let raw: unknown;
    try {
      raw = parseYaml(readFileSync(path.join(directory, file), 'utf8'));
    } catch (error) {
      problems.push(`${file}: not valid YAML (${(error as Error).message.split('\n')[0] ?? ''})`);
      continue;
    }
    const parsed = knowledgeEntrySchema.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        problems.push(`${file}: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
      }
      continue;
    }
    if (`${parsed.data.id}.yaml` !== file)
      problems.push(`${file}: id "${parsed.data.id}" must match the file name`);
    entries.push(parsed.data);
  }
  const ids = new Set(entries.map((entry) => entry.id));
  for (const entry of entries) {
    for (const related of entry.related) {
      if (!ids.has(related))
        problems.push(`${entry.id}.yaml: related entry "${related}" does not exist`);
    }
  }
  if (files.length === 0) problems.push(`${directory}: no entries`);
  if (problems.length > 0) throw new KnowledgeBaseError(problems);
  return entries;
}
