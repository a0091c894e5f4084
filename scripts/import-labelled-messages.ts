import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { z } from 'zod';

import { projectRoot } from '../kernel/project-root';
import { loadKnowledgeBase } from '../knowledge/knowledge-base';
import { labelledMessageFiles, noneLabel } from '../knowledge/classifier/training-set';
import { words } from '../knowledge/retrieval/spanish-analyzer';

/**
 * Turns messages written without the knowledge base in view, and the labels given to them
 * afterwards, into a training file of knowledge/training/messages/:
 *
 *   node dist/scripts/import-labelled-messages.js <messages.yaml> <labels.yaml> <out.yaml> "<source>"
 *
 * Kept: messages labelled with certainty and with a single entry (a message two entries answer
 * equally teaches neither). "none" and chatter train the "none" class. A message close to any
 * question of the benchmarks (the blind set of bench/answers, either half, its unseen writers'
 * messages and emergency messages, and the sets of bench/retrieval) is dropped so that they stay
 * unseen; only counts are printed, never their questions.
 */

const messageSchema = z.object({ id: z.string().min(1), q: z.string().trim().min(1) });
const labelSchema = z.object({
  id: z.string().min(1),
  expect: z.string().min(1),
  also: z.array(z.string()).optional(),
  sure: z.boolean(),
});
const benchmarkSchema = z.object({ q: z.string() });
const benchmarkFiles = [
  ['bench', 'answers', 'blind-questions.yaml'],
  ['bench', 'answers', 'emergency-messages.yaml'],
  ['bench', 'answers', 'emergency-messages-4.yaml'],
  ['bench', 'retrieval', 'questions.yaml'],
  ['bench', 'retrieval', 'held-out.yaml'],
];

/** Writers' messages kept out of training as an evaluation set (bench/answers/run-unseen-writers). */
const unseenWritersFolder = path.join(projectRoot(), 'bench', 'answers', 'unseen-writers');

/** Word sets this close (Jaccard) to a benchmark's question count as the same question. */
const nearDuplicate = 0.6;

function wordSet(text: string): Set<string> {
  return new Set(words(text));
}

function jaccard(a: Set<string>, b: Set<string>): number {
  let shared = 0;
  for (const word of a) if (b.has(word)) shared += 1;
  const union = a.size + b.size - shared;
  return union === 0 ? 1 : shared / union;
}

function readList<T>(file: string, schema: z.ZodType<T>): T[] {
  return z.array(schema).parse(parseYaml(readFileSync(file, 'utf8')));
}

function main(): void {
  const [messagesFile, labelsFile, outFile, source] = process.argv.slice(2);
  if (!messagesFile || !labelsFile || !outFile || !source) {
    console.error(
      'usage: import-labelled-messages <messages.yaml> <labels.yaml> <out.yaml> "<source>"',
    );
    process.exit(2);
  }
  const entryIds = new Set(loadKnowledgeBase().map((entry) => entry.id));
  const messages = readList(messagesFile, messageSchema);
  const labels = new Map(readList(labelsFile, labelSchema).map((label) => [label.id, label]));
  const benchmarks = [
    ...benchmarkFiles.flatMap((parts) =>
      readList(path.join(projectRoot(), ...parts), benchmarkSchema).map((item) => wordSet(item.q)),
    ),
    ...labelledMessageFiles(unseenWritersFolder).flatMap(({ messages }) =>
      messages.map((message) => wordSet(message.text)),
    ),
  ];

  const counts = { unlabelled: 0, unsure: 0, several: 0, nearBenchmark: 0, repeated: 0, kept: 0 };
  const seen = new Set<string>();
  const kept: { text: string; label: string }[] = [];
  for (const message of messages) {
    const label = labels.get(message.id);
    if (!label) {
      counts.unlabelled += 1;
      continue;
    }
    for (const id of [label.expect, ...(label.also ?? [])])
      if (id !== 'none' && id !== 'chatter' && !entryIds.has(id))
        throw new Error(`${labelsFile}: ${message.id} names ${id}, which is not an entry`);
    if (!label.sure) {
      counts.unsure += 1;
      continue;
    }
    if ((label.also ?? []).length > 0) {
      counts.several += 1;
      continue;
    }
    const bag = wordSet(message.q);
    if (benchmarks.some((item) => jaccard(bag, item) >= nearDuplicate)) {
      counts.nearBenchmark += 1;
      continue;
    }
    const key = [...bag].sort().join(' ');
    if (seen.has(key)) {
      counts.repeated += 1;
      continue;
    }
    seen.add(key);
    const isNone = label.expect === 'none' || label.expect === 'chatter';
    kept.push({ text: message.q, label: isNone ? noneLabel : label.expect });
  }
  counts.kept = kept.length;
  const header =
    '# Citizen-style messages written from the list of topics alone (the writer had not seen the\n' +
    '# knowledge base), labelled afterwards against the entries. Not taken from any benchmark.\n';
  writeFileSync(outFile, header + stringifyYaml({ source, messages: kept }, { lineWidth: 0 }));
  console.log(`${path.basename(messagesFile)}: ${messages.length} messages`, counts);
}

main();
