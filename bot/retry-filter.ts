import type { Activity, Middleware, TurnContext } from 'botbuilder';

import {
  forgetProcessedActivities,
  markActivityProcessed,
  type ProcessedActivityModel,
} from '../models/processed-activity';
import type { Logger } from '../kernel/logger';
import type { Pseudonymizer } from '../kernel/pseudonym';
import { turnLogger } from '../kernel/turn-log';

const retention = 24 * 60 * 60_000;
const cleanupEvery = 60 * 60_000;

/** The retry filter's key of an activity: pseudonymous, from channel, conversation and id. */
export function processedActivityKey(
  pseudonymizer: Pseudonymizer,
  activity: Pick<Activity, 'channelId' | 'conversation' | 'id'>,
): string {
  return pseudonymizer.pseudonym(
    `${activity.channelId}:${activity.conversation.id}:${activity.id ?? ''}`,
  );
}

/**
 * Drops a message the bot has already processed (same channel, conversation and activity id):
 * a channel retrying a slow request must not get two answers nor register a question twice.
 */
export class RetryFilterMiddleware implements Middleware {
  private lastCleanup = 0;

  constructor(
    private readonly model: ProcessedActivityModel,
    private readonly pseudonymizer: Pseudonymizer,
    private readonly logger: Logger,
  ) {}

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const { activity } = context;
    if (activity.type !== 'message' || !activity.id) {
      await next();
      return;
    }
    const now = new Date();
    const key = processedActivityKey(this.pseudonymizer, activity);
    if (!(await markActivityProcessed(this.model, key, now))) {
      turnLogger(context, this.logger).info('retried activity ignored');
      return;
    }
    if (now.getTime() - this.lastCleanup > cleanupEvery) {
      this.lastCleanup = now.getTime();
      await forgetProcessedActivities(this.model, new Date(now.getTime() - retention));
    }
    await next();
  }
}
