import type { SpanishAnalyzer } from '../knowledge/retrieval/spanish-analyzer';
import { maxQuestionWords, readablePart } from '../knowledge/retrieval/text-bounds';

/** Dice coefficient of the stem sets at or above which two questions mean the same. */
export const sameMeaningThreshold = 0.6;

/**
 * Compares questions by meaning, as the knowledge base reads them: accents, spelling, stop
 * words and word forms do not count ("¿Cuándo pagan las regalías?" ~ "cuando pagan regalias").
 */
export class SimilarQuestions {
  constructor(private readonly analyzer: SpanishAnalyzer) {}

  /** The stems of a question's first words: a pasted essay costs no more than a question. */
  stems(text: string): Set<string> {
    return new Set(this.analyzer.stems(readablePart(text), maxQuestionWords));
  }

  similarity(a: Set<string>, b: Set<string>): number {
    if (a.size === 0 || b.size === 0) return 0;
    let shared = 0;
    for (const stem of a) if (b.has(stem)) shared++;
    return (2 * shared) / (a.size + b.size);
  }

  /**
   * The index of the candidate that means the same as the question asked, if any (the closest
   * one). Stems are computed once by the caller: a live session compares each question to many.
   */
  closest(asked: Set<string>, candidates: readonly Set<string>[]): number | undefined {
    let best: { index: number; score: number } | undefined;
    candidates.forEach((candidate, index) => {
      const score = this.similarity(asked, candidate);
      if (score >= sameMeaningThreshold && score > (best?.score ?? 0)) best = { index, score };
    });
    return best?.index;
  }
}
