import type { Request, Response } from 'restify';

import type { MessageEndpoint } from '../adapter';
import type { EdgeLimits } from '../config';
import { AppError, errorCodes, RequestRefusal } from '../../kernel/errors';
import type { DirectLineModels } from '../../models/direct-line-activity';
import { ConversationResumes } from '../../webchat/conversation-resumes';
import { DirectLineResumeSecrets } from '../../webchat/direct-line-resume';
import {
  DirectLineServiceClient,
  DirectLineServiceRefusal,
} from '../../webchat/direct-line-service';
import {
  DirectLineTokens,
  derivedSecret,
  directLineSigningKey,
  newUserId,
} from '../../webchat/direct-line-tokens';
import {
  embeddedConnectorUrl,
  type EmbeddedConnectorAddress,
} from '../../webchat/embedded-connector-address';
import { EmbeddedDirectLine, type BotTurns } from '../../webchat/embedded-direct-line';
import { activityOf } from './activity-schema';
import { addressOf } from './client-address';
import { registerBotConnectorRoutes, routeParam } from './direct-line-connector-routes';
import type { WebChatConfig } from './direct-line-config';
import { handledBy } from './error-handler';
import { parseJsonBytes, readJsonBody, readRawBody } from './json-body';
import { RateLimiter } from './rate-limiter';
import { limitedByAddress, tooManyRequests, workRoute, type RouteContext } from './route-context';
import { isServiceUrlAllowed } from './service-url-allowlist';

/** The web chat's Direct Line: the embedded one, or the token exchange with the service. */
export interface DirectLineEndpoint {
  config: Exclude<WebChatConfig, { mode: 'off' }>;
  /** The same CloudAdapter path as /api/messages (bot/adapter.ts `messageEndpoint`). */
  messages: MessageEndpoint;
  models: DirectLineModels;
  /** The embedded tokens' key derives from it unless DIRECT_LINE_TOKEN_SECRET is set. */
  pseudonymSecret: string;
  /** Told the embedded Direct Line's connector address, for proactive sends after a restart. */
  connectorAddress?: EmbeddedConnectorAddress | undefined;
}

/** A token request or a conversation start says little; a client's activity, a message. */
const smallBodyBytes = 4 * 1024;
const activityBodyBytes = 256 * 1024;

function sendJson(response: Response, status: number, body: unknown): void {
  response.header('cache-control', 'no-store');
  response.header('x-content-type-options', 'nosniff');
  response.send(status, body);
}

/** A step that spends one token of the address's token budget (429 beyond). */
function tokenBudget(limiter: RateLimiter) {
  return (request: Request): void => {
    const decision = limiter.take(addressOf(request));
    if (!decision.allowed) throw tooManyRequests(decision.retryAfterSeconds);
  };
}

/**
 * `POST /api/directline/token`: what the /chat page calls for a conversation token. JSON only
 * (`{}`), so that a cross-site form cannot spend a visitor's budget; answers Direct Line's
 * `{ conversationId, token, expires_in }`, plus `domain` when the page must talk to the service.
 */
function registerPageTokenRoute(
  context: RouteContext,
  limiter: RateLimiter,
  issue: () => Promise<Record<string, unknown>>,
): void {
  const spend = tokenBudget(limiter);
  context.server.post(
    '/api/directline/token',
    limitedByAddress(context),
    handledBy(context.logger, async (request: Request, response: Response) => {
      spend(request);
      await readJsonBody(request, smallBodyBytes, context.edge.requestTimeoutMs);
      sendJson(response, 200, await issue());
    }),
  );
}

/** Resume secrets of one mode's conversations, under a key derived from the tokens' key. */
function conversationResumes(
  endpoint: DirectLineEndpoint,
  key: Buffer,
  lifetimeSeconds: number,
  now: () => Date,
): ConversationResumes {
  return new ConversationResumes({
    model: endpoint.models.directLineResumes,
    secrets: new DirectLineResumeSecrets(
      Buffer.from(derivedSecret(key, 'anm direct line resume secrets')),
    ),
    lifetimeSeconds,
    now,
  });
}

/**
 * Production mode: the page's token comes from the service (`POST /api/directline/token`) with a
 * resume secret of that conversation, and `POST /api/directline/conversations/{id}/resume` trades
 * the secret (Bearer) for the secret's successor and a fresh token of the same conversation, from
 * the service's reconnect with DIRECT_LINE_SECRET. The secret never reaches a browser. Both
 * routes spend the same token budget. A conversation the service no longer knows (a 4xx) is the
 * same refusal as a secret not accepted: the page starts afresh; a service down is a 500, and the
 * page keeps its secret (still accepted, see direct-line-resume.ts) for the next visit.
 */
function registerServiceRoutes(
  context: RouteContext,
  endpoint: DirectLineEndpoint,
  config: Extract<WebChatConfig, { mode: 'service' }>,
  limiter: RateLimiter,
): void {
  const service = new DirectLineServiceClient(config);
  const key = directLineSigningKey(config.tokenSecret, endpoint.pseudonymSecret);
  const resumes = conversationResumes(
    endpoint,
    key,
    config.resumeLifetimeSeconds,
    () => new Date(),
  );
  registerPageTokenRoute(context, limiter, async () => {
    const userId = newUserId();
    const grant = await service.conversationToken(userId);
    await resumes.open(grant.conversationId, userId);
    return { ...grant, ...resumes.first(grant.conversationId, userId), domain: service.domain };
  });
  const spend = tokenBudget(limiter);
  context.server.post(
    '/api/directline/conversations/:conversationId/resume',
    limitedByAddress(context),
    workRoute(context, async (request: Request, response: Response) => {
      spend(request);
      await optionalJsonBody(request, context.edge.requestTimeoutMs);
      const conversationId = conversationIdOf(request);
      const { grant } = await resumes.exchange(conversationId, bearerCredential(request));
      const fresh = await service.reconnect(conversationId).catch((error: unknown) => {
        if (error instanceof DirectLineServiceRefusal && error.status < 500) {
          throw new RequestRefusal(
            errorCodes.forbidden,
            'Esta conversación ya no se puede retomar desde este dispositivo.',
          );
        }
        throw error;
      });
      sendJson(response, 200, {
        conversationId,
        token: fresh.token,
        expires_in: fresh.expires_in,
        ...grant,
        domain: service.domain,
      });
    }),
  );
  // "Olvidar esta conversación en este dispositivo": the service's token means nothing to this
  // bot, so the device proves itself with the resume secret it keeps.
  context.server.del(
    '/api/directline/conversations/:conversationId/resume',
    limitedByAddress(context),
    workRoute(context, async (request: Request, response: Response) => {
      const conversationId = conversationIdOf(request);
      await resumes.exchange(conversationId, bearerCredential(request));
      await resumes.forget(conversationId);
      response.header('cache-control', 'no-store');
      response.send(204);
    }),
  );
}

/** The credential of `Authorization: Bearer …`, or '' (which no resume secret matches). */
function bearerCredential(request: Request): string {
  return /^Bearer (\S+)$/.exec(request.headers.authorization ?? '')?.[1] ?? '';
}

/** The activity through the same path as /api/messages: shape, serviceUrl allow-list, adapter. */
function turnsThrough(messages: MessageEndpoint, edge: EdgeLimits): BotTurns {
  return {
    async run(activity) {
      const checked = activityOf(activity);
      if (
        edge.serviceUrlAllowlist &&
        !isServiceUrlAllowed(checked.serviceUrl, edge.serviceUrlAllowlist)
      ) {
        throw new RequestRefusal(
          errorCodes.serviceUrlNotAllowed,
          'La dirección de este chat no está en SERVICE_URL_ALLOWLIST.',
        );
      }
      const result = await messages.process({ body: checked, authorization: '' });
      if (result.status >= 400) {
        throw new AppError(
          errorCodes.internal,
          `the bot refused a web chat turn (${result.status})`,
        );
      }
    },
  };
}

/** An optional JSON body (`POST /conversations`, `tokens/generate`): empty is fine, bounded. */
async function optionalJsonBody(request: Request, timeoutMs: number): Promise<unknown> {
  const raw = await readRawBody(request, smallBodyBytes, timeoutMs);
  return raw.length === 0 ? undefined : parseJsonBytes(raw);
}

function localeOf(body: unknown): string | undefined {
  const locale = (body as { locale?: unknown } | undefined)?.locale;
  return typeof locale === 'string' && /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,2}$/.test(locale)
    ? locale
    : undefined;
}

function conversationIdOf(request: Request): string {
  return routeParam(request, 'conversationId');
}

/** The client side of the protocol under /v3/directline/, with its own rate limits. */
function registerClientRoutes(
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

/** The bot's own address as its connector client reaches it (see direct-line-connector-routes). */
function serviceUrlOf(context: RouteContext, connectorKey: string): () => string {
  return () => {
    const address = context.server.address() as { address: string; port: number } | null;
    if (!address) throw new AppError(errorCodes.internal, 'the server is not listening');
    return embeddedConnectorUrl(address, connectorKey);
  };
}

/**
 * The web chat's Direct Line routes. With a secret: the page's token route only (the page then
 * talks to the service). Without: the embedded Direct Line, its token routes and the connector
 * endpoint the bot's replies come back to.
 */
export function registerDirectLineRoutes(
  context: RouteContext,
  endpoint: DirectLineEndpoint,
): void {
  const { config } = endpoint;
  const tokenLimiter = new RateLimiter({ perMinute: config.tokensPerAddressPerMinute });
  if (config.mode === 'service') {
    registerServiceRoutes(context, endpoint, config, tokenLimiter);
    return;
  }
  const key = directLineSigningKey(config.tokenSecret, endpoint.pseudonymSecret);
  const connectorKey = derivedSecret(key, 'anm direct line bot connector path');
  const clock = config.clock ?? Date.now;
  const now = () => new Date(clock());
  const serviceUrl = serviceUrlOf(context, connectorKey);
  endpoint.connectorAddress?.attach(serviceUrl);
  const directLine = new EmbeddedDirectLine({
    models: endpoint.models,
    tokens: new DirectLineTokens(key, config.tokenLifetimeSeconds, clock),
    resumes: conversationResumes(endpoint, key, config.resumeLifetimeSeconds, now),
    turns: turnsThrough(endpoint.messages, context.edge),
    serviceUrl,
    logger: context.logger,
    now,
  });
  registerPageTokenRoute(context, tokenLimiter, () =>
    Promise.resolve({ ...directLine.generate() }),
  );
  registerClientRoutes(context, directLine, tokenLimiter);
  registerBotConnectorRoutes(context, directLine, connectorKey);
}
