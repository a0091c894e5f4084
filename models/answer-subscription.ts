import {
  changeQuestion,
  closedStatuses,
  type ConversationKey,
  type QuestionDocument,
  type QuestionModels,
} from './question';

/** Who asks to receive the answer of a question registered without anyone to write to. */
export interface AnswerSubscriber {
  citizenKey: string;
  conversationKey: ConversationKey;
  consentId: string;
}

export type SubscriptionOutcome =
  | { outcome: 'subscribed'; question: QuestionDocument }
  | { outcome: 'already-yours'; question: QuestionDocument }
  /** Someone else receives its answer, or it belongs to a meeting chat: nothing is revealed. */
  | { outcome: 'taken' }
  | { outcome: 'closed'; question: QuestionDocument }
  | { outcome: 'not-found' };

/** A question can be claimed while nobody receives its answer: no citizen and no conversation. */
export function isUnclaimed(question: QuestionDocument): boolean {
  return question.citizenKey === null && question.conversationKey === null;
}

/**
 * A question captured anonymously (a Facebook Live comment, or registered without consent) gets
 * a way to reach whoever holds its tracking code and consents: the answer is then delivered in
 * the chat where they asked for it. The first subscriber wins; the versioned change makes two
 * people racing for the same code end with one of them.
 */
export async function subscribeToAnswer(
  models: QuestionModels,
  trackingCode: string,
  subscriber: AnswerSubscriber,
): Promise<SubscriptionOutcome> {
  const found = await models.questions.findOne({ trackingCode }).lean();
  if (!found) return { outcome: 'not-found' };
  let refusal: SubscriptionOutcome | undefined;
  const updated = await changeQuestion(
    models,
    found._id,
    'answer-subscribed',
    'citizen',
    (current) => {
      refusal = undefined; // decided again on each version another writer left
      if (current.citizenKey === subscriber.citizenKey) {
        refusal = { outcome: 'already-yours', question: current };
        return undefined;
      }
      if (!isUnclaimed(current)) {
        refusal = { outcome: 'taken' };
        return undefined;
      }
      if (closedStatuses.includes(current.status)) {
        refusal = { outcome: 'closed', question: current };
        return undefined;
      }
      return {
        citizenKey: subscriber.citizenKey,
        conversationKey: subscriber.conversationKey,
        consentId: subscriber.consentId,
      };
    },
  );
  if (refusal) return refusal;
  return updated ? { outcome: 'subscribed', question: updated } : { outcome: 'not-found' };
}
