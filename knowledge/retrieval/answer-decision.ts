import type { KnowledgeEntry } from '../entry';
import type { SearchOutcome } from './knowledge-index';

/**
 * Where the bot answers, asks "¿Se refiere a…?", or says it does not know. Scores are the
 * classifier's calibrated probability blended with the lexical score (knowledge-index.ts).
 * Calibrated on the tuning half of the blind set (bench/answers; figures in bench/README.md).
 */
export interface DecisionThresholds {
  /** Minimum score of the best entry to answer with it directly. */
  answer: number;
  /** Minimum lead of the best entry's score over the second one's to answer directly. */
  lead: number;
  /**
   * The smaller lead that is enough when the second entry is related to the best one (each
   * entry lists its related ones): either answers the question, and the second is offered below.
   */
  relatedLead: number;
  /** Minimum score of an entry to offer it as a suggestion. */
  suggest: number;
  /**
   * Minimum score to answer with the best entry when it is the only one worth suggesting: a
   * "¿Se refiere a…?" with a single option only makes the citizen say yes.
   */
  sole: number;
  /** Minimum score of another entry to offer it below a direct answer ("¿Buscaba otra cosa?"). */
  alternative: number;
  /** Above this probability of "no entry answers it", the bot neither answers nor suggests. */
  none: number;
}

export const defaultThresholds: DecisionThresholds = {
  answer: 0.5,
  lead: 0.2,
  relatedLead: 0.1,
  suggest: 0.25,
  sole: 0.35,
  alternative: 0.1,
  none: 0.15,
};

export type AnswerDecision =
  | { kind: 'answer'; entry: KnowledgeEntry; alternatives: KnowledgeEntry[]; confidence: number }
  | { kind: 'clarify'; options: KnowledgeEntry[]; confidence: number }
  | { kind: 'unknown'; inDomain: boolean; confidence: number };

const maxSuggestions = 3;
const maxAlternatives = 2;

export function decide(
  outcome: SearchOutcome,
  thresholds: DecisionThresholds = defaultThresholds,
): AnswerDecision {
  const [best, second] = outcome.candidates;
  const inDomain = outcome.knownStems.length > 0;
  if (!best || outcome.noneProbability >= thresholds.none)
    return { kind: 'unknown', inDomain, confidence: best?.score ?? 0 };
  const lead = best.score - (second?.score ?? 0);
  const related =
    second !== undefined &&
    (best.entry.related.includes(second.entry.id) || second.entry.related.includes(best.entry.id));
  if (
    best.score >= thresholds.answer &&
    lead >= (related ? thresholds.relatedLead : thresholds.lead)
  ) {
    const alternatives = outcome.candidates
      .slice(1)
      .filter((candidate) => candidate.score >= thresholds.alternative)
      .slice(0, maxAlternatives)
      .map((candidate) => candidate.entry);
    return { kind: 'answer', entry: best.entry, alternatives, confidence: best.score };
  }
  const options = outcome.candidates
    .filter((candidate) => candidate.score >= thresholds.suggest)
    .slice(0, maxSuggestions)
    .map((candidate) => candidate.entry);
  if (options.length === 1 && best.score >= thresholds.sole)
    return { kind: 'answer', entry: best.entry, alternatives: [], confidence: best.score };
  if (options.length > 0) return { kind: 'clarify', options, confidence: best.score };
  return { kind: 'unknown', inDomain, confidence: best.score };
}
