import type { Request, Response } from 'restify';

import type { MessageEndpoint } from '../adapter';
import { ConversationResumes } from '../../webchat/conversation-resumes';
import { DirectLineResumeSecrets } from '../../webchat/direct-line-resume';
import { derivedSecret } from '../../webchat/direct-line-tokens';
import type { EmbeddedConnectorAddress } from '../../webchat/embedded-connector-address';
import type { DirectLineModels } from '../../models/direct-line-activity';
import { addressOf } from './client-address';
import { routeParam } from './direct-line-connector-routes';
import type { WebChatConfig } from './direct-line-config';
import { handledBy } from './error-handler';
import { parseJsonBytes, readJsonBody, readRawBody } from './json-body';
import type { RateLimiter } from './rate-limiter';
import { limitedByAddress, tooManyRequests, type RouteContext } from './route-context';

// What both modes of the web chat's Direct Line routes share: the endpoint's parts, bounded
// bodies, JSON answers that are never cached, the token budget, the page's token route and the
// conversations' resume secrets.

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
export const smallBodyBytes = 4 * 1024;
export const activityBodyBytes = 256 * 1024;

export function sendJson(response: Response, status: number, body: unknown): void {
  response.header('cache-control', 'no-store');
  response.header('x-content-type-options', 'nosniff');
  response.send(status, body);
}

/** A step that spends one token of the address's token budget (429 beyond). */
export function tokenBudget(limiter: RateLimiter) {
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
export function registerPageTokenRoute(
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
export function conversationResumes(
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

/** The credential of `Authorization: Bearer …`, or '' (which no resume secret matches). */
export function bearerCredential(request: Request): string {
  return /^Bearer (\S+)$/.exec(request.headers.authorization ?? '')?.[1] ?? '';
}

/** An optional JSON body (`POST /conversations`, `tokens/generate`): empty is fine, bounded. */
export async function optionalJsonBody(request: Request, timeoutMs: number): Promise<unknown> {
  const raw = await readRawBody(request, smallBodyBytes, timeoutMs);
  return raw.length === 0 ? undefined : parseJsonBytes(raw);
}

export function conversationIdOf(request: Request): string {
  return routeParam(request, 'conversationId');
}
