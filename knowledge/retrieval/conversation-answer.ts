import {
  decide,
  defaultThresholds,
  type AnswerDecision,
  type DecisionThresholds,
} from './answer-decision';
import { questionInContext, type ConversationTopic } from './follow-up';
import type { KnowledgeIndex, SearchOutcome } from './knowledge-index';

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
  const found = index.search(searched);
  // The entry already given is not what a follow-up asks for ("¿y eso cuánto cuesta?" when that
  // answer names no price): the follow-up is decided among the other entries.
  const outcome =
    searched === question || !topic
      ? found
      : {
          ...found,
          candidates: found.candidates.filter((candidate) => candidate.entry.id !== topic.entryId),
        };
  const decision = decide(outcome, thresholds);
  const nextTopic =
    decision.kind === 'answer'
      ? { question: searched, entryId: decision.entry.id, answeredAt: now.toISOString() }
      : topic;
  return { outcome, decision, topic: nextTopic };
}
