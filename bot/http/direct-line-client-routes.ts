import type { Request, Response } from 'restify';

import type { EmbeddedDirectLine } from '../../webchat/embedded-direct-line';
import {
  activityBodyBytes,
  conversationIdOf,
  optionalJsonBody,
  sendJson,
  tokenBudget,
} from './direct-line-http';
import { handledBy } from './error-handler';
import { readJsonBody } from './json-body';
import { RateLimiter } from './rate-limiter';
import { limitedByAddress, tooManyRequests, workRoute, type RouteContext } from './route-context';

/** The locale a client asks for ("es-CO"), when it is a well-formed language tag. */
function localeOf(body: unknown): string | undefined {
  const locale = (body as { locale?: unknown } | undefined)?.locale;
  return typeof locale === 'string' && /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,2}$/.test(locale)
    ? locale
    : undefined;
}

/** The client side of the protocol under /v3/directline/, with its own rate limits. */
export function registerClientRoutes(
  context: RouteContext,
  directLine: EmbeddedDirectLine,
  tokenLimiter: RateLimiter,
): void {
  const kit: ClientRouteKit = {
    context,
    directLine,
    byAddress: limitedByAddress(context),
    spend: tokenBudget(tokenLimiter),
    auth: (request, conversationId) =>
      directLine.authorize(request.headers.authorization, conversationId),
  };
  registerTokenRoutes(kit);
  registerResumeRoutes(kit);
  registerConversationRoutes(kit);
}

interface ClientRouteKit {
  context: RouteContext;
  directLine: EmbeddedDirectLine;
  byAddress: ReturnType<typeof limitedByAddress>;
  spend: ReturnType<typeof tokenBudget>;
  auth: (request: Request, conversationId?: string) => ReturnType<EmbeddedDirectLine['authorize']>;
}

function registerTokenRoutes({ context, directLine, byAddress, spend, auth }: ClientRouteKit) {
  const { server, edge, logger } = context;
  // Without a secret the service's generate is open here, as the page's token route is.
  server.post(
    '/v3/directline/tokens/generate',
    byAddress,
    handledBy(logger, async (request: Request, response: Response) => {
      spend(request);
      // A `user` in the body is ignored: only this bot chooses user ids (see direct-line-tokens).
      await optionalJsonBody(request, edge.requestTimeoutMs);
      sendJson(response, 200, directLine.generate());
    }),
  );
  server.post(
    '/v3/directline/tokens/refresh',
    byAddress,
    handledBy(logger, (request: Request, response: Response) => {
      sendJson(response, 200, directLine.refresh(auth(request)));
      return Promise.resolve();
    }),
  );
}

/** Coming back days later: a resume secret for a fresh token (it mints one: the token budget). */
function registerResumeRoutes({ context, directLine, byAddress, spend, auth }: ClientRouteKit) {
  const { server, edge } = context;
  server.post(
    '/v3/directline/conversations/:conversationId/resume',
    byAddress,
    workRoute(context, async (request: Request, response: Response) => {
      spend(request);
      await optionalJsonBody(request, edge.requestTimeoutMs);
      const grant = await directLine.resumeWith(
        conversationIdOf(request),
        request.headers.authorization,
      );
      sendJson(response, 200, grant);
    }),
  );
  // "Olvidar esta conversación en este dispositivo": with the conversation's own token.
  server.del(
    '/v3/directline/conversations/:conversationId/resume',
    byAddress,
    workRoute(context, async (request: Request, response: Response) => {
      await directLine.forgetResume(auth(request, conversationIdOf(request)));
      response.header('cache-control', 'no-store');
      response.send(204);
    }),
  );
}

function registerConversationRoutes({ context, directLine, byAddress, auth }: ClientRouteKit) {
  const { server, edge, logger } = context;
  // Polls come every second from every open chat: a budget of their own.
  const pollsByAddress = limitedByAddress(context);
  const postsByConversation = new RateLimiter({ perMinute: edge.perConversationPerMinute });
  server.post(
    '/v3/directline/conversations',
    byAddress,
    workRoute(context, async (request: Request, response: Response) => {
      const claims = auth(request);
      const body = await optionalJsonBody(request, edge.requestTimeoutMs);
      const { created, grant } = await directLine.start(claims, localeOf(body));
      sendJson(response, created ? 201 : 200, grant);
    }),
  );
  server.get(
    '/v3/directline/conversations/:conversationId',
    byAddress,
    handledBy(logger, async (request: Request, response: Response) => {
      sendJson(response, 200, await directLine.resume(auth(request, conversationIdOf(request))));
    }),
  );
  server.post(
    '/v3/directline/conversations/:conversationId/activities',
    byAddress,
    workRoute(context, async (request: Request, response: Response) => {
      const claims = auth(request, conversationIdOf(request));
      const decision = postsByConversation.take(claims.conversationId);
      if (!decision.allowed) throw tooManyRequests(decision.retryAfterSeconds);
      const body = await readJsonBody(
        request,
        Math.min(activityBodyBytes, edge.maxRequestBytes),
        edge.requestTimeoutMs,
      );
      sendJson(response, 200, await directLine.post(claims, body));
    }),
  );
  server.get(
    '/v3/directline/conversations/:conversationId/activities',
    pollsByAddress,
    handledBy(logger, async (request: Request, response: Response) => {
      const claims = auth(request, conversationIdOf(request));
      const query = (request.query ?? {}) as Record<string, unknown>;
      const body = await directLine.activities(claims, query.watermark);
      response.writeHead(200, {
        'content-type': 'application/json; charset=utf-8',
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
      });
      response.end(body);
    }),
  );
}
