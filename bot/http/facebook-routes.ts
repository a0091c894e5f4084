import type { Request, Response } from 'restify';

import { handledBy } from './error-handler';
import type { WebhookResponse } from './facebook-webhook';
import { readRawBody } from './json-body';
import { limitedByAddress, workRoute, type RouteContext } from './route-context';

/** The Facebook Page webhook; absent when Facebook is not configured (the routes are then 404). */
export interface FacebookWebhookEndpoint {
  verifySubscription(query: Record<string, unknown>): WebhookResponse;
  receive(rawBody: Buffer, signature: string | undefined): Promise<WebhookResponse>;
}

function sendWebhookResponse(response: Response, result: WebhookResponse): void {
  response.writeHead(result.status, { 'content-type': result.contentType });
  response.end(result.body);
}

/**
 * GET and POST /api/facebook/webhook, with one per-address limit for both. A delivery that fails
 * is answered 500 by the central handler, which makes Meta deliver it again later: nothing is lost
 * while the database is away.
 */
export function registerFacebookRoutes(
  context: RouteContext,
  facebook: FacebookWebhookEndpoint,
): void {
  const { server, edge, logger } = context;
  const byAddress = limitedByAddress(context);
  server.get(
    '/api/facebook/webhook',
    byAddress,
    handledBy(logger, (request: Request, response: Response) => {
      const query = (request.query ?? {}) as Record<string, unknown>;
      sendWebhookResponse(response, facebook.verifySubscription(query));
      return Promise.resolve();
    }),
  );
  server.post(
    '/api/facebook/webhook',
    byAddress,
    workRoute(context, async (request: Request, response: Response) => {
      const rawBody = await readRawBody(request, edge.maxRequestBytes, edge.requestTimeoutMs);
      const signature = request.headers['x-hub-signature-256'];
      sendWebhookResponse(
        response,
        await facebook.receive(rawBody, typeof signature === 'string' ? signature : undefined),
      );
    }),
  );
}
