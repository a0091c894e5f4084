import {
  decide,
  defaultThresholds,
  type AnswerDecision,
  type DecisionThresholds,
} from './answer-decision';
import { questionInContext, type ConversationTopic } from './follow-up';
import type { KnowledgeIndex, SearchOutcome } from './knowledge-index';
import { blendOutcomes } from './outcome-blend';

export interface ConversationAnswer {
  outcome: SearchOutcome;
  decision: AnswerDecision;
  /** The topic to keep for the next message: the entry answered, or the previous one. */
  topic: ConversationTopic | undefined;
}

/**
 * One question in a conversation: a follow-up ("¿y eso cuánto cuesta?") is searched with the
 * previous question, and an answer becomes the conversation's topic. The bot and the answer
 * benchmark both decide through here.
 */
export function answerInConversation(
  index: KnowledgeIndex,
  question: string,
  topic: ConversationTopic | undefined,
  thresholds: DecisionThresholds = defaultThresholds,
  now: Date = new Date(),
): ConversationAnswer {
  const searched = questionInContext(question, topic, now);
  const outcome =
    searched === question || !topic
      ? index.search(question)
      : followUpOutcome(index, question, searched, topic);
  const decision = decide(outcome, thresholds);
  const nextTopic =
    decision.kind === 'answer'
      ? { question: searched, entryId: decision.entry.id, answeredAt: now.toISOString() }
      : topic;
  return { outcome, decision, topic: nextTopic };
}

/**
 * How much of a follow-up's reading comes from the previous question: "¿y eso cuánto cuesta?"
 * needs it, "¿y se puede alargar?" mostly names its own topic. Chosen on the tuning half of the
 * blind set (bench/answers).
 */
const contextWeight = 0.5;

/**
 * A follow-up read alone and with the previous question, weighed together. The entry already
 * given is not what a follow-up asks for ("¿y eso cuánto cuesta?" when that answer names no
 * price): it is decided among the other entries.
 */
function followUpOutcome(
  index: KnowledgeIndex,
  question: string,
  searched: string,
  topic: ConversationTopic,
): SearchOutcome {
  const blended = blendOutcomes(index.search(question), index.search(searched), contextWeight);
  return {
    ...blended,
    candidates: blended.candidates.filter((candidate) => candidate.entry.id !== topic.entryId),
  };
}
