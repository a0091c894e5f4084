import type { KnowledgeEntry } from '../entry';
import type { SearchOutcome } from './knowledge-index';

/**
 * Where the bot answers, asks "¿Se refiere a…?", or says it does not know. Calibrated on the
 * labelled benchmark in bench/retrieval (see bench/README.md for the figures behind them).
 */
export interface DecisionThresholds {
  /** Minimum coverage of the best entry to answer with it directly. */
  answer: number;
  /** Minimum coverage of the best entry to offer it as a suggestion. */
  suggest: number;
  /** Minimum lead of the best entry's score over the second one's, relative (0..1), to answer. */
  lead: number;
}

export const defaultThresholds: DecisionThresholds = { answer: 0.6, suggest: 0.35, lead: 0.1 };

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
  const lead = second ? (best.score - second.score) / best.score : 1;
  if (best.coverage >= thresholds.answer && lead >= thresholds.lead) {
    return { kind: 'answer', entry: best.entry, confidence: best.coverage };
  }
  const options = outcome.candidates
    .filter((candidate) => candidate.coverage >= thresholds.suggest)
    .slice(0, maxSuggestions)
    .map((candidate) => candidate.entry);
  if (options.length > 0) return { kind: 'clarify', options, confidence: best.coverage };
  return { kind: 'unknown', inDomain, confidence: best.coverage };
}
