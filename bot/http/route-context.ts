import type { Next, Request, Response, Server } from 'restify';

import type { EdgeLimits } from '../config';
import type { Logger } from '../../kernel/logger';
import { addressOf } from './client-address';
import { answerError, handledBy, type RouteHandler } from './error-handler';
import { RateLimiter, tooManyRequests } from './rate-limiter';

/** Requests being served; a graceful stop waits (bounded) for them to finish. */
export class RequestsInFlight {
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** The handler, counted while it runs. */
  counting(handler: RouteHandler): RouteHandler {
    return async (request, response) => {
      this.count++;
      try {
        await handler(request, response);
      } finally {
        this.count--;
      }
    };
  }
}

/** What every route module registers its routes with. */
export interface RouteContext {
  readonly server: Server;
  /** Body limit, rate limits and (unauthenticated) serviceUrl allow-list of every route. */
  readonly edge: EdgeLimits;
  readonly logger: Logger;
  readonly inFlight: RequestsInFlight;
}

/** A route that does work the bot must finish before it stops (a turn, a delivery, a change). */
export function workRoute({ inFlight, logger }: RouteContext, handler: RouteHandler): RouteHandler {
  return inFlight.counting(handledBy(logger, handler));
}

// Route modules take it from here, with the rest of what they register routes with.
export { tooManyRequests };

/**
 * A route step that refuses an address over the per-address limit before anything of its request
 * is read. Each route family calls this once and so has a limit of its own.
 */
export function limitedByAddress({ edge, logger }: RouteContext) {
  const limiter = new RateLimiter({ perMinute: edge.perAddressPerMinute });
  return (request: Request, response: Response, next: Next): void => {
    const decision = limiter.take(addressOf(request));
    if (decision.allowed) {
      next();
      return;
    }
    answerError(request, response, tooManyRequests(decision.retryAfterSeconds), logger);
    next(false);
  };
}
