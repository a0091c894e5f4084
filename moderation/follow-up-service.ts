import type { StaffRef } from '../kernel/staff-identity';
import { deliveryProblemPage, retryDelivery } from './delivery-problems';
import { failedReplyPage, retryFailedReply } from './facebook-reply-problems';
import type { FollowUpContext, FollowUpModels } from './follow-up-context';
import {
  deliveryIdOf,
  deliveryProblemQueryOf,
  failedReplyQueryOf,
  retryBodyOf,
} from './follow-up-inputs';
import { questionIdOf } from './moderation-inputs';
import type { QueueProjection } from './queue-projection';
import { queueSpaces } from './queue-spaces';

export interface FollowUpDependencies {
  models: FollowUpModels;
  /** The moderation queue in memory (ModerationService.projection): its spaces, its writes. */
  projection: QueueProjection;
  /** Wakes this process's deliverer after a retry. */
  onDeliveriesQueued?: (() => void) | undefined;
  /** True when this server runs the Facebook event worker (FACEBOOK_* configured). */
  facebookConfigured: boolean;
  now?: () => Date;
}

/**
 * What moderators follow up after approving, without HTTP: the deliveries that need attention
 * and the failed Facebook private replies, each with its retry, and the spaces of the queue for
 * its filter. The edge checks who is asking and hands over raw query strings and bodies; every
 * one is validated here.
 */
export class ModerationFollowUp {
  private readonly context: FollowUpContext;

  constructor(private readonly dependencies: FollowUpDependencies) {
    this.context = {
      models: dependencies.models,
      projection: dependencies.projection,
      now: dependencies.now ?? (() => new Date()),
      onDeliveriesQueued: dependencies.onDeliveriesQueued,
      facebookConfigured: dependencies.facebookConfigured,
    };
  }

  /** `{ items, nextCursor }`: deliveries failed for good or unreachable for a reason that can change. */
  async deliveries(query: unknown) {
    return await deliveryProblemPage(this.context, deliveryProblemQueryOf(query));
  }

  async retryDelivery(deliveryId: unknown, staff: StaffRef, body: unknown) {
    const id = deliveryIdOf(deliveryId);
    const { version } = retryBodyOf(body);
    return await retryDelivery(this.context, id, version, staff);
  }

  /** `{ items, nextCursor }`: private replies to Live comments whose Graph call failed. */
  async facebookReplies(query: unknown) {
    return await failedReplyPage(this.context, failedReplyQueryOf(query));
  }

  async retryFacebookReply(questionId: unknown, staff: StaffRef, body: unknown) {
    const id = questionIdOf(questionId);
    const { version } = retryBodyOf(body);
    return await retryFailedReply(this.context, id, version, staff);
  }

  /** `{ spaces }`: the spaces the queue's questions were asked in, latest first. */
  async spaces() {
    await this.dependencies.projection.ready();
    return {
      spaces: await queueSpaces(this.context.models, this.dependencies.projection.allEntries()),
    };
  }
}
