import type { KnowledgeEntry } from '../entry';
import type { SearchOutcome } from './knowledge-index';

/**
 * Where the bot answers, asks "¿Se refiere a…?", or says it does not know. Calibrated on the
 * labelled benchmark in bench/retrieval (see bench/README.md for the figures behind them).
 */
export interface DecisionThresholds {
  /** Minimum paraphrase similarity of the best entry to answer with it directly. */
  answer: number;
  /** Minimum lead of the best entry's score over the second one's to answer directly. */
  lead: number;
  /** Minimum similarity of an entry to offer it as a suggestion. */
  suggest: number;
}

export const defaultThresholds: DecisionThresholds = { answer: 0.55, lead: 0.05, suggest: 0.42 };

export type AnswerDecision =
  | { kind: 'answer'; entry: KnowledgeEntry; confidence: number }
  | { kind: 'clarify'; options: KnowledgeEntry[]; confidence: number }
  | { kind: 'unknown'; inDomain: boolean; confidence: number };

const maxSuggestions = 3;

export function decide(
  outcome: SearchOutcome,
  thresholds: DecisionThresholds = defaultThresholds,
): AnswerDecision {
  const [best, second] = outcome.candidates;
  const inDomain = outcome.knownStems.length > 0;
  if (!best) return { kind: 'unknown', inDomain, confidence: 0 };
  const lead = best.score - (second?.score ?? 0);
  if (best.similarity >= thresholds.answer && lead >= thresholds.lead) {
    return { kind: 'answer', entry: best.entry, confidence: best.similarity };
  }
  // Below the answer threshold, suggestions are offered only when every word of the question is
  // one the knowledge base uses: a word it never uses ("pasaporte", "Marmato") usually means the
  // question is about something else, or about a particular case the base cannot answer.
  const allWordsKnown = outcome.knownStems.length === outcome.questionStems.length;
  const floor =
    best.similarity >= thresholds.answer
      ? thresholds.answer
      : allWordsKnown
        ? thresholds.suggest
        : Infinity;
  const options = outcome.candidates
    .filter((candidate) => candidate.similarity >= floor)
    .slice(0, maxSuggestions)
    .map((candidate) => candidate.entry);
  if (options.length > 0) return { kind: 'clarify', options, confidence: best.similarity };
  return { kind: 'unknown', inDomain, confidence: best.similarity };
}
