import type { Topic } from '../entry';
import type { KnowledgeIndex } from './knowledge-index';

/** Candidates read per question: enough for a topic's entries to add up. */
const candidatesRead = 10;
/** Below this, the question is counted under no topic rather than under a guess. */
export const minimumTopicConfidence = 0.35;
const probabilityWeight = 0.8;

/**
 * The knowledge-base topic a question is about, for the reports' top topics: also for a question
 * the base does not answer (a citizen's own case, "revisen mi caso del canon"), so the classifier's
 * probabilities are read without its "none" share. A topic's confidence is the probability of its
 * entries together (blended with the closest entry's lexical score, as the answers rank them);
 * null when no topic reaches `minimumTopicConfidence`.
 */
export function questionTopic(index: KnowledgeIndex, text: string): Topic | null {
  const outcome = index.search(text, candidatesRead);
  const answerable = Math.max(1e-9, 1 - outcome.noneProbability);
  const byTopic = new Map<Topic, { probability: number; lexical: number }>();
  for (const candidate of outcome.candidates) {
    const topic = candidate.entry.topic;
    const known = byTopic.get(topic) ?? { probability: 0, lexical: 0 };
    known.probability += candidate.probability;
    known.lexical = Math.max(known.lexical, candidate.lexical);
    byTopic.set(topic, known);
  }
  let best: { topic: Topic; confidence: number } | null = null;
  for (const [topic, { probability, lexical }] of byTopic) {
    const confidence =
      probabilityWeight * Math.min(1, probability / answerable) + (1 - probabilityWeight) * lexical;
    if (!best || confidence > best.confidence) best = { topic, confidence };
  }
  return best && best.confidence >= minimumTopicConfidence ? best.topic : null;
}
