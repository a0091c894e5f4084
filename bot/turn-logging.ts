import { randomUUID } from 'node:crypto';

import type { Middleware, TurnContext } from 'botbuilder';

import type { Logger } from '../kernel/logger';
import { safeToken } from '../kernel/log-text';
import type { Pseudonymizer } from '../kernel/pseudonym';
import { correlationIdKey, turnLoggerKey } from '../kernel/turn-log';

/**
 * Gives every turn a correlation id and a child logger that carries it. Logs what is needed to
 * follow a turn (channel, activity type, pseudonymised conversation) and never the message text.
 */
export class TurnLoggingMiddleware implements Middleware {
  constructor(
    private readonly logger: Logger,
    private readonly pseudonymizer: Pseudonymizer,
  ) {}

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const id = randomUUID();
    const { activity } = context;
    const logger = this.logger.child({
      correlationId: id,
      // Both come from the request body: logged only when they look like what channels send.
      channelId: safeToken(activity.channelId) ?? 'unrecognised',
      activityType: safeToken(activity.type) ?? 'unrecognised',
      conversation: this.pseudonymizer.pseudonym(activity.conversation.id),
    });
    context.turnState.set(correlationIdKey, id);
    context.turnState.set(turnLoggerKey, logger);
    const startedAt = performance.now();
    logger.debug('turn started');
    await next();
    logger.info({ durationMs: Math.round(performance.now() - startedAt) }, 'turn finished');
  }
}
