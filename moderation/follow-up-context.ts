import { errorCodes, RequestRefusal } from '../kernel/errors';
import type { DeliveryAttemptModel } from '../models/delivery-attempts';
import type { DeliveryProblemModels } from '../models/delivery-problems';
import type { FacebookReplyModels } from '../models/facebook-reply';
import type { QuestionUpdate } from '../models/question';
import type { ModerationContext, ModerationModels } from './moderation-context';

/** What the follow-up of deliveries reads and writes, beside the moderation models. */
export type FollowUpModels = ModerationModels &
  DeliveryProblemModels &
  FacebookReplyModels & { deliveryAttempts: DeliveryAttemptModel };

/** What the lists of problems and their retries work with. */
export interface FollowUpContext extends ModerationContext {
  models: FollowUpModels;
  /** Wakes this process's deliverer after a retry, so that it goes out at once. */
  onDeliveriesQueued?: (() => void) | undefined;
  /** Whether this server runs the Facebook event worker that sends private replies. */
  facebookConfigured: boolean;
}

/**
 * What a retry adds to the question's history (models/question-events.ts): the event's type says
 * what was done, this field what it was done to. The question has no such field, so the write of
 * the question leaves it out (mongoose drops paths its schema does not know) and only the event,
 * which keeps whatever a change set, records it. Never personal data: channel, kind, status,
 * attempts and the deliverer's reason phrase.
 */
export function auditDetail(field: string, detail: Record<string, unknown>): QuestionUpdate {
  return { [field]: detail };
}

export function followUpNotFound(message: string): RequestRefusal {
  return new RequestRefusal(errorCodes.notFound, message);
}

/** Someone else retried it first, or it changed since the moderator's list was read. */
export function retriedMeanwhile(message: string): RequestRefusal {
  return new RequestRefusal(errorCodes.changedMeanwhile, message);
}
