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
 *
 * While the key is written, `prefetch` (given by the app: the read of the conversation's state
 * that every turn makes next) runs alongside it, so that a turn waits for the store once instead
 * of twice. It only reads: a retried activity is dropped all the same and nothing it read is
 * written. A failed prefetch is ignored, and the turn reads again when it needs the state.
 */
export class RetryFilterMiddleware implements Middleware {
  constructor(
    private readonly model: ProcessedActivityModel,
    private readonly pseudonymizer: Pseudonymizer,
    private readonly logger: Logger,
    private readonly prefetch?: (context: TurnContext) => Promise<unknown>,
  ) {}

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const { activity } = context;
    if (activity.type !== 'message' || !activity.id) {
      await next();
      return;
    }
    const now = new Date();
    const key = processedActivityKey(this.pseudonymizer, activity);
    const marked = markActivityProcessed(this.model, key, now);
    const prefetched = this.prefetch?.(context).catch(() => undefined);
    let first: boolean;
    try {
      first = await marked;
    } finally {
      // Never left running into the next turn step (nor its failure unobserved).
      await prefetched;
    }
    if (!first) {
      turnLogger(context, this.logger).info('retried activity ignored');
      return;
    }
    await next();
  }
}
