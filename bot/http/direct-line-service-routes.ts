import type { Request, Response } from 'restify';

import { errorCodes, RequestRefusal } from '../../kernel/errors';
import {
  DirectLineServiceClient,
  DirectLineServiceRefusal,
} from '../../webchat/direct-line-service';
import { directLineSigningKey, newUserId } from '../../webchat/direct-line-tokens';
import type { WebChatConfig } from './direct-line-config';
import {
  bearerCredential,
  conversationIdOf,
  conversationResumes,
  optionalJsonBody,
  registerPageTokenRoute,
  sendJson,
  tokenBudget,
  type DirectLineEndpoint,
} from './direct-line-http';
import type { RateLimiter } from './rate-limiter';
import { limitedByAddress, workRoute, type RouteContext } from './route-context';

/**
 * Production mode: the page's token comes from the service (`POST /api/directline/token`) with a
 * resume secret of that conversation, and `POST /api/directline/conversations/{id}/resume` trades
 * the secret (Bearer) for the secret's successor and a fresh token of the same conversation, from
 * the service's reconnect with DIRECT_LINE_SECRET. The secret never reaches a browser. Both
 * routes spend the same token budget. A conversation the service no longer knows (a 4xx) is the
 * same refusal as a secret not accepted: the page starts afresh; a service down is a 500, and the
 * page keeps its secret (still accepted, see direct-line-resume.ts) for the next visit.
 */
export function registerServiceRoutes(
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
