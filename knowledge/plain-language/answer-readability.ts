import { answerParagraphs, type KnowledgeEntry } from '../entry';
import { infleszBand, szigrisztPazos, textStatistics, type InfleszBand } from './readability';

/** The readability gate of the knowledge base: every answer and the median over all of them. */
export const readabilityFloors = { eachAnswer: 55, median: 65 } as const;
export const maxAnswerWords = 120;

export interface AnswerReadability {
  id: string;
  score: number;
  band: InfleszBand;
  words: number;
  sentences: number;
}

/** Paragraphs are read as sentences of their own, as a citizen sees them on screen. */
export function answerReadability(entry: KnowledgeEntry): AnswerReadability {
  const text = answerParagraphs(entry).join('\n');
  const { words, sentences } = textStatistics(text);
  const score = szigrisztPazos(text);
  return { id: entry.id, score, band: infleszBand(score), words, sentences };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}
