import { existsSync, readdirSync, readFileSync } from 'node:fs';
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

/** Messages written without the knowledge base in view and labelled afterwards (messages/). */
const labelledMessagesSchema = z
  .object({
    source: z.string().min(1),
    messages: z
      .array(z.object({ text: z.string().trim().min(1), label: z.string().min(1) }).strict())
      .min(1),
  })
  .strict();

/** The folder, inside the training folder, of labelled citizen-style messages. */
export const labelledMessagesFolder = 'messages';

/**
 * Emergency reports and messages that share their words (emergency/), written blind by helpers
 * who saw neither the emergency check nor the knowledge base, labelled by their writers.
 */
const emergencyMessagesSchema = z.array(
  z.object({ id: z.string().min(1), q: z.string().trim().min(1), emergency: z.boolean() }).strict(),
);
export type EmergencyMessage = z.infer<typeof emergencyMessagesSchema>[number];

/** The folder, inside the training folder, of emergency reports and their look-alikes. */
export const emergencyMessagesFolder = 'emergency';

export interface TrainingPhrasing {
  label: string;
  text: string;
  /** A citizen's message of messages/, not an entry's own wording or a phrasing written for it. */
  fromMessages?: true;
}

export function defaultTrainingDir(): string {
  return path.join(projectRoot(), 'knowledge', 'training');
}

/**
 * The classifier's examples: each entry's title, sample questions and keywords, the phrasings
 * written for it in knowledge/training/<id>.yaml, the "none" phrasings of _none.yaml, and the
 * labelled messages of knowledge/training/messages/*.yaml. Examples of entries that no longer
 * exist are ignored.
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
  const known = (label: string) => label === noneLabel || ids.has(label);
  for (const { data } of readYamlFiles(directory, trainingFileSchema, ''))
    if (known(data.id)) for (const text of data.phrasings) examples.push({ label: data.id, text });
  for (const { messages } of labelledMessageFiles(directory))
    for (const { text, label } of messages)
      if (known(label)) examples.push({ label, text, fromMessages: true });
  return examples;
}

/** The files of knowledge/training/messages/, each named without ".yaml", checked. */
export function labelledMessageFiles(
  directory: string = defaultTrainingDir(),
): { name: string; messages: TrainingPhrasing[] }[] {
  const messagesDir = path.join(directory, labelledMessagesFolder);
  if (!existsSync(messagesDir)) return [];
  return readYamlFiles(messagesDir, labelledMessagesSchema, `${labelledMessagesFolder}/`).map(
    ({ file, data }) => ({ name: file.replace(/\.yaml$/, ''), messages: data.messages }),
  );
}

/** The messages of knowledge/training/emergency/, every file's in name order, checked. */
export function loadEmergencyMessages(
  directory: string = defaultTrainingDir(),
): EmergencyMessage[] {
  const emergencyDir = path.join(directory, emergencyMessagesFolder);
  if (!existsSync(emergencyDir)) return [];
  return readYamlFiles(
    emergencyDir,
    emergencyMessagesSchema,
    `${emergencyMessagesFolder}/`,
  ).flatMap(({ data }) => data);
}

/** Every .yaml file of a folder, in name order, checked against its schema. */
function readYamlFiles<T>(
  directory: string,
  schema: z.ZodType<T>,
  shownPrefix: string,
): { file: string; data: T }[] {
  return readdirSync(directory)
    .filter((file) => file.endsWith('.yaml'))
    .sort()
    .map((file) => {
      const parsed = schema.safeParse(parseYaml(readFileSync(path.join(directory, file), 'utf8')));
      if (!parsed.success)
        throw new Error(`${shownPrefix}${file}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
      return { file, data: parsed.data };
    });
}
