import { z } from 'zod';

import { answerParagraphs, type KnowledgeEntry } from '../../knowledge/entry';
import {
  maxAnswerWords,
  readabilityFloors,
} from '../../knowledge/plain-language/answer-readability';
import { szigrisztPazos } from '../../knowledge/plain-language/readability';
import { words } from '../../knowledge/retrieval/spanish-analyzer';
import { groundingRules } from './grounded-prompt';

/** Why a model's completion was not shown to the citizen. */
export type RejectionReason =
  | 'malformed'
  | 'declined'
  | 'no-valid-citation'
  | 'unknown-citation'
  | 'too-long'
  | 'hard-to-read'
  | 'reveals-instructions'
  | 'unsupported-detail';

export type CheckedCompletion =
  | { ok: true; paragraphs: string[]; cited: KnowledgeEntry[] }
  | { ok: false; reason: RejectionReason };

const completionSchema = z.object({
  answer: z.string(),
  citations: z.array(z.string()),
});

/** The JSON object in a completion, tolerating a Markdown code fence around it. */
function parseJsonObject(content: string): unknown {
  const unfenced = content
    .trim()
    .replace(/^```(?:json)?\s*/i, '')
    .replace(/\s*```$/, '');
  try {
    return JSON.parse(unfenced) as unknown;
  } catch {
    return undefined;
  }
}

const ruleShingleSize = 8;
const ruleShingles = shingles(words(groundingRules), ruleShingleSize);

function shingles(tokens: string[], size: number): Set<string> {
  const result = new Set<string>();
  for (let start = 0; start + size <= tokens.length; start += 1) {
    result.add(tokens.slice(start, start + size).join(' '));
  }
  return result;
}

/** Eight words in a row taken from the rules: the model is reciting its instructions. */
function recitesRules(text: string): boolean {
  for (const shingle of shingles(words(text), ruleShingleSize)) {
    if (ruleShingles.has(shingle)) return true;
  }
  return false;
}

const detailPatterns = [
  /https?:\/\/[^\s)]+/g,
  /[\w.+-]+@[\w-]+(\.[\w-]+)+/g,
  // Phone numbers, document numbers, amounts: long digit runs with separators.
  /\+?\d[\d .-]{4,}\d/g,
];

/** Links, e-mails and long numbers the cited entries do not contain were made up. */
function hasUnsupportedDetail(text: string, cited: KnowledgeEntry[]): boolean {
  const evidence = cited
    .map((entry) => `${entry.answer} ${entry.source.label} ${entry.source.url ?? ''}`)
    .join(' ');
  return detailPatterns.some((pattern) =>
    [...text.matchAll(pattern)].some(
      ([detail]) => !evidence.includes(detail.replace(/[.,;]$/, '')),
    ),
  );
}

/**
 * Decides whether a completion may reach the citizen: well-formed, grounded in the entries it
 * was given (every citation one of them, at least one), short, clear (INFLESZ), and free of the
 * rules' text and of details no entry supports. Anything else is rejected with its reason.
 */
export function checkCompletion(content: string, given: KnowledgeEntry[]): CheckedCompletion {
  const parsed = completionSchema.safeParse(parseJsonObject(content));
  if (!parsed.success) return { ok: false, reason: 'malformed' };
  const answer = parsed.data.answer.trim();
  const citations = [...new Set(parsed.data.citations.map((id) => id.trim()))];
  if (answer === '' && citations.length === 0) return { ok: false, reason: 'declined' };
  if (citations.length === 0 || answer === '') return { ok: false, reason: 'no-valid-citation' };
  const cited = citations.map((id) => given.find((entry) => entry.id === id));
  if (cited.some((entry) => entry === undefined)) return { ok: false, reason: 'unknown-citation' };
  const citedEntries = cited.filter((entry): entry is KnowledgeEntry => entry !== undefined);

  if (recitesRules(answer)) return { ok: false, reason: 'reveals-instructions' };
  if (hasUnsupportedDetail(answer, citedEntries))
    return { ok: false, reason: 'unsupported-detail' };
  const paragraphs = answerParagraphs({ answer });
  if (words(answer).length > maxAnswerWords) return { ok: false, reason: 'too-long' };
  if (szigrisztPazos(paragraphs.join('\n')) < readabilityFloors.eachAnswer)
    return { ok: false, reason: 'hard-to-read' };
  return { ok: true, paragraphs, cited: citedEntries };
}
