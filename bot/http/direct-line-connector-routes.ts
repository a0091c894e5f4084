import { timingSafeEqual } from 'node:crypto';

import type { Request, Response } from 'restify';

import { errorCodes, RequestRefusal } from '../../kernel/errors';
import type { EmbeddedDirectLine } from '../../webchat/embedded-direct-line';
import { addressOf, isLoopbackHost } from './client-address';
import { readJsonBody } from './json-body';
import { workRoute, type RouteContext } from './route-context';

/**
 * The connector endpoint of the embedded Direct Line: the `serviceUrl` of its conversations is
 * `http://127.0.0.1:<port>/v3/directline/bot/<key>`, so the bot's replies and later proactive
 * messages (its connector client's `POST {serviceUrl}/v3/conversations/{id}/activities[/{replyTo}]`)
 * come back here and are kept in the conversation's transcript.
 *
 * Trust: the embedded Direct Line runs only while the bot runs without MicrosoftAppId, when its
 * connector client sends no token. So a call is taken as the bot's own when (1) its path holds the
 * key, a secret derived from the token key, which only the bot (and its database and journal,
 * owner-only) knows; (2) it comes from this machine; (3) it names a conversation this bot started.
 * A wrong key is answered 404, as any unknown path; the right key from elsewhere, 403.
 */

/** A path parameter as text ('' when absent): restify decodes it from the path. */
export function routeParam(request: Request, name: string): string {
  const value = (request.params as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : '';
}

function sameKey(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Loopback, or the very address the server listens on (a bot bound to one interface). */
function fromThisMachine(request: Request): boolean {
  const remote = addressOf(request);
  return isLoopbackHost(remote) || remote === request.socket.localAddress;
}

export function registerBotConnectorRoutes(
  context: RouteContext,
  directLine: EmbeddedDirectLine,
  connectorKey: string,
): void {
  const { server, edge } = context;
  // No per-address limit: every call comes from the bot itself, over loopback.
  const receive = workRoute(context, async (request: Request, response: Response) => {
    if (!sameKey(routeParam(request, 'key'), connectorKey)) {
      throw new RequestRefusal(errorCodes.notFound, 'No existe.');
    }
    if (!fromThisMachine(request)) {
      throw new RequestRefusal(errorCodes.forbidden, 'Solo el bot puede escribir aquí.');
    }
    const body = await readJsonBody(request, edge.maxRequestBytes, edge.requestTimeoutMs);
    const resource = await directLine.receiveFromBot(routeParam(request, 'conversationId'), body);
    response.header('cache-control', 'no-store');
    response.send(200, resource);
  });
  const base = '/v3/directline/bot/:key/v3/conversations/:conversationId/activities';
  server.post(base, receive);
  server.post(`${base}/:replyToId`, receive);
}
