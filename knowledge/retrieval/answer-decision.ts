import type { KnowledgeEntry } from '../entry';
import type { Candidate, SearchOutcome } from './search-outcome';
import { answersFigure, type FigureAsked } from './figure-question';
import { answersLawQuestion } from './law-references';

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
   * The lead needed when the question has a single meaningful word ("audiencias", "regalías"):
   * it names a subject, not a question, and several entries share the subject.
   */
  vagueLead: number;
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
  /**
   * A direct answer needs both signals to point at the same entry: the classifier's best must
   * also be the lexically closest candidate, unless the classifier alone is at least this sure.
   */
  agreement: number;
  /**
   * From this share of the question's words that are real Spanish words the knowledge base never
   * uses ("¿cuál es el mejor equipo de fútbol?"), the question is about another subject unless
   * the classifier alone is sure (`agreement`): the bot neither answers nor suggests. Typos and
   * names do not count.
   */
  foreign: number;
}

export const defaultThresholds: DecisionThresholds = {
  answer: 0.4,
  lead: 0.2,
  vagueLead: 0.3,
  relatedLead: 0.2,
  suggest: 0.25,
  sole: 0.25,
  alternative: 0.1,
  none: 0.5,
  agreement: 0.6,
  foreign: 0.5,
};

/** A price or a time no entry states, or the writer's own case, which a person must look at. */
export type NotKnownReason = FigureAsked | 'own-case';

export type AnswerDecision =
  | { kind: 'answer'; entry: KnowledgeEntry; alternatives: KnowledgeEntry[]; confidence: number }
  | { kind: 'clarify'; options: KnowledgeEntry[]; confidence: number }
  | {
      kind: 'unknown';
      inDomain: boolean;
      confidence: number;
      /** Why, where the citizen should be told: a figure no entry states, or their own case. */
      reason?: NotKnownReason;
    };

const maxSuggestions = 3;
const maxAlternatives = 2;

export function decide(
  outcome: SearchOutcome,
  thresholds: DecisionThresholds = defaultThresholds,
): AnswerDecision {
  const [best, second] = outcome.candidates;
  const inDomain = outcome.knownStems.length > 0;
  if (!best || outcome.noneProbability >= thresholds.none)
    return notKnown(outcome, inDomain, best?.score ?? 0);
  if (outcome.lawQuestion && !answersLawQuestion(best.entry, outcome.lawQuestion))
    return notKnown(outcome, inDomain, best.score);
  if (outcome.figureAsked && !answersFigure(best.entry, outcome.figureAsked))
    return notKnown(outcome, inDomain, best.score);
  // A person must look at a case; only the entries on following one's own request answer it.
  if (outcome.ownCase === true && !best.entry.forOwnCase)
    return notKnown(outcome, inDomain, best.score);
  const foreignShare =
    outcome.questionStems.length === 0
      ? 0
      : outcome.foreignStems.length / outcome.questionStems.length;
  if (foreignShare >= thresholds.foreign && best.probability < thresholds.agreement)
    return notKnown(outcome, inDomain, best.score);
  const lead = best.score - (second?.score ?? 0);
  const related =
    second !== undefined &&
    (best.entry.related.includes(second.entry.id) || second.entry.related.includes(best.entry.id));
  // Sibling entries share words and phrasings ("¿qué es el amparo?" / "pasos del amparo"): when
  // the words of the question point elsewhere than the classifier, the citizen chooses.
  const closest = lexicallyClosest(outcome.candidates);
  const agreed = closest === best || best.probability >= thresholds.agreement;
  const vague = outcome.questionStems.length <= 1 && outcome.definitionQuestion !== true;
  const leadNeeded = vague
    ? Math.max(thresholds.vagueLead, thresholds.lead)
    : related
      ? thresholds.relatedLead
      : thresholds.lead;
  if (agreed && best.score >= thresholds.answer && lead >= leadNeeded) {
    const alternatives = outcome.candidates
      .slice(1)
      .filter((candidate) => candidate.score >= thresholds.alternative)
      .slice(0, maxAlternatives)
      .map((candidate) => candidate.entry);
    return { kind: 'answer', entry: best.entry, alternatives, confidence: best.score };
  }
  const suggested = outcome.candidates.filter((candidate) => candidate.score >= thresholds.suggest);
  if (
    agreed &&
    suggested.length === 1 &&
    best.score >= thresholds.sole &&
    (!vague || lead >= thresholds.vagueLead)
  )
    return { kind: 'answer', entry: best.entry, alternatives: [], confidence: best.score };
  // Where the two signals disagree, the lexically closest entry is offered too.
  if (!agreed && suggested.length > 0 && closest && !suggested.includes(closest))
    suggested.splice(1, 0, closest);
  const options = suggested.slice(0, maxSuggestions).map((candidate) => candidate.entry);
  if (options.length > 0) return { kind: 'clarify', options, confidence: best.score };
  return notKnown(outcome, inDomain, best.score);
}

/** The bot does not know; its reason is given where the citizen should hear it. */
function notKnown(outcome: SearchOutcome, inDomain: boolean, confidence: number): AnswerDecision {
  const reason = outcome.ownCase === true ? 'own-case' : outcome.figureAsked;
  return reason
    ? { kind: 'unknown', inDomain, confidence, reason }
    : { kind: 'unknown', inDomain, confidence };
}

/** The candidate whose words are closest to the question's (the first one on a tie). */
function lexicallyClosest(candidates: Candidate[]): Candidate | undefined {
  let closest: Candidate | undefined;
  for (const candidate of candidates)
    if (!closest || candidate.lexical > closest.lexical) closest = candidate;
  return closest;
}
