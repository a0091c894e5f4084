import {
  queueDeliveries,
  type DeliveryChannel,
  type DeliveryKind,
  type NewDelivery,
} from '../models/deliveries';
import type { QuestionDocument } from '../models/question';
import type { ModerationContext } from './moderation-context';

/**
 * Where an asker is reached: where they asked (their chat, the meeting chat, Messenger for a
 * live comment once its author subscribed), and by e-mail as well when they gave one with
 * consent. Whether a channel can actually be used is the deliverer's to find out when it sends:
 * nothing about the person is copied into the outbox.
 */
export function askerChannels(
  question: Pick<QuestionDocument, 'origin' | 'contact'>,
): DeliveryChannel[] {
  return question.contact?.email ? [question.origin, 'email'] : [question.origin];
}

function deliveriesFor(
  kind: DeliveryKind,
  source: QuestionDocument,
  askers: readonly QuestionDocument[],
): NewDelivery[] {
  return askers.flatMap((asker) =>
    askerChannels(asker).map((channel) => ({
      kind,
      questionId: asker._id,
      sourceQuestionId: source._id,
      trackingCode: asker.trackingCode,
      channel,
    })),
  );
}

/** The published answer of `source`, once per asker and channel. Returns how many were new. */
export function queueAnswers(
  context: ModerationContext,
  source: QuestionDocument,
  askers: readonly QuestionDocument[],
): Promise<number> {
  return queueDeliveries(
    context.models.deliveries,
    deliveriesFor('answer', source, askers),
    context.now(),
  );
}

/** A notice the law requires (extension, forwarding) to the asker of `question`. */
export function queueNotice(
  context: ModerationContext,
  kind: Exclude<DeliveryKind, 'answer'>,
  question: QuestionDocument,
): Promise<number> {
  return queueDeliveries(
    context.models.deliveries,
    deliveriesFor(kind, question, [question]),
    context.now(),
  );
}
