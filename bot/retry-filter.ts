import type { Activity, Middleware, TurnContext } from 'botbuilder';

import { markActivityProcessed, type ProcessedActivityModel } from '../models/processed-activity';
import type { Logger } from '../kernel/logger';
import type { Pseudonymizer } from '../kernel/pseudonym';
import { turnLogger } from '../kernel/turn-log';

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
 * Old keys are forgotten by the housekeeping job, off the chat path.
 */
export class RetryFilterMiddleware implements Middleware {
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
    await next();
  }
}
