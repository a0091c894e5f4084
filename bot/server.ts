import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';

import restify, { type Next, type Request, type Response, type Server } from 'restify';

import type { MessageEndpoint } from './adapter';
import type { WebhookResponse } from './facebook/facebook-events';
import type { LivePanelAction } from './live/live-panel-api';
import type { TabFile } from './live/live-panel-pages';
import type { JsonResponse, LivePanelRequest } from './live/live-panel-requests';
import { describeError, type Logger } from './logger';

export interface HealthCheck {
  ping(): Promise<boolean>;
}

/** The Facebook Page webhook; absent when Facebook is not configured (the routes are then 404). */
export interface FacebookWebhookEndpoint {
  verifySubscription(query: Record<string, unknown>): WebhookResponse;
  receive(rawBody: Buffer, signature: string | undefined): Promise<WebhookResponse>;
}

/** The live panel (Teams tab and its API); absent unless enabled (the routes are then 404). */
export interface LivePanelEndpoint {
  api(action: LivePanelAction, request: LivePanelRequest): Promise<JsonResponse>;
  /** The tab's files, each served at /tab/<name>; undefined for a name not on the list. */
  tabFile(name: string): Promise<TabFile | undefined>;
  readonly tabFileNames: readonly string[];
}

export interface HttpServerDependencies {
  messages: MessageEndpoint;
  health: HealthCheck;
  facebook?: FacebookWebhookEndpoint | undefined;
  livePanel?: LivePanelEndpoint | undefined;
  logger: Logger;
}

export interface HttpServer {
  readonly server: Server;
  listen(port: number, host: string): Promise<number>;
  /** Stops accepting, waits (bounded) for turns in flight, then closes every connection. */
  close(timeoutMs: number): Promise<void>;
  inFlight(): number;
}

const maxActivityBytes = 1024 * 1024;
const maxPanelBodyBytes = 16 * 1024;

const livePanelRoutes: [method: 'get' | 'post', path: string, action: LivePanelAction][] = [
  ['get', '/api/live/spaces', 'list-spaces'],
  ['post', '/api/live/spaces', 'schedule-space'],
  ['get', '/api/live/space-form-options', 'space-form-options'],
  ['post', '/api/live/spaces/:spaceId/details', 'update-space-details'],
  ['get', '/api/live/spaces/:spaceId/questions', 'space-questions'],
  ['post', '/api/live/spaces/:spaceId/close', 'close-space'],
  ['post', '/api/live/questions/:questionId/answered-live', 'answered-live'],
  ['post', '/api/live/questions/:questionId/split', 'split-question'],
  ['post', '/api/live/groups/merge', 'merge-groups'],
];

class BodyTooLargeError extends Error {}

/** The request body exactly as it arrived (signatures are computed over these bytes). */
async function rawBodyOf(request: Request, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > limit) throw new BodyTooLargeError();
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

function sendWebhookResponse(response: Response, result: WebhookResponse): void {
  response.writeHead(result.status, { 'content-type': result.contentType });
  response.end(result.body);
}

/** The HTTP edge: every route the bot serves is declared here and nowhere else. */
export function createHttpServer({
  messages,
  health,
  facebook,
  livePanel,
  logger,
}: HttpServerDependencies): HttpServer {
  const server = restify.createServer({ name: 'anm-bot', handleUncaughtExceptions: false });
  server.use(restify.plugins.queryParser({ mapParams: false }));
  const jsonBody = restify.plugins.bodyParser({ mapParams: false, maxBodySize: maxActivityBytes });

  let turnsInFlight = 0;

  server.post('/api/messages', jsonBody, async (request: Request, response: Response) => {
    turnsInFlight++;
    try {
      const authorization = request.headers.authorization ?? '';
      const result = await messages.process({ body: request.body as unknown, authorization });
      if (result.body === undefined) response.send(result.status);
      else response.send(result.status, result.body);
    } catch (error) {
      logger.error(describeError(error), 'message endpoint failed');
      if (!response.headersSent) response.send(500, { error: 'internal error' });
    } finally {
      turnsInFlight--;
    }
  });

  if (facebook) {
    server.get('/api/facebook/webhook', (request: Request, response: Response, next: Next) => {
      sendWebhookResponse(
        response,
        facebook.verifySubscription((request.query ?? {}) as Record<string, unknown>),
      );
      next();
    });
    server.post('/api/facebook/webhook', async (request: Request, response: Response) => {
      turnsInFlight++;
      try {
        const rawBody = await rawBodyOf(request, maxActivityBytes);
        const signature = request.headers['x-hub-signature-256'];
        sendWebhookResponse(
          response,
          await facebook.receive(rawBody, typeof signature === 'string' ? signature : undefined),
        );
      } catch (error) {
        if (error instanceof BodyTooLargeError) {
          sendWebhookResponse(response, {
            status: 413,
            body: 'Payload too large',
            contentType: 'text/plain',
          });
          return;
        }
        logger.error(describeError(error), 'facebook webhook failed');
        // 500 makes Meta deliver again later: nothing is lost while the database is away.
        if (!response.headersSent)
          sendWebhookResponse(response, {
            status: 500,
            body: 'Internal error',
            contentType: 'text/plain',
          });
      } finally {
        turnsInFlight--;
      }
    });
  }

  if (livePanel) {
    for (const [method, route, action] of livePanelRoutes) {
      server[method](route, async (request: Request, response: Response) => {
        turnsInFlight++;
        try {
          const contentType = request.headers['content-type'];
          const result = await livePanel.api(action, {
            params: (request.params ?? {}) as Record<string, string | undefined>,
            contentType,
            body: method === 'post' ? await rawBodyOf(request, maxPanelBodyBytes) : undefined,
          });
          response.header('cache-control', 'no-store');
          response.header('x-content-type-options', 'nosniff');
          response.send(result.status, result.body);
        } catch (error) {
          if (error instanceof BodyTooLargeError) {
            response.send(413, {
              error: { code: 'too-large', message: 'La solicitud es demasiado grande.' },
            });
            return;
          }
          logger.error(describeError(error), 'live panel endpoint failed');
          if (!response.headersSent)
            response.send(500, {
              error: {
                code: 'internal',
                message: 'Tuvimos un problema técnico. Intente de nuevo en unos segundos.',
              },
            });
        } finally {
          turnsInFlight--;
        }
      });
    }
    for (const name of livePanel.tabFileNames) {
      server.get(`/tab/${name}`, async (_request: Request, response: Response) => {
        try {
          const file = await livePanel.tabFile(name);
          if (!file) {
            response.send(404);
            return;
          }
          response.writeHead(200, file.headers);
          response.end(file.body);
        } catch (error) {
          logger.error(describeError(error), 'live panel page failed');
          if (!response.headersSent) response.send(500);
        }
      });
    }
  }

  server.get('/healthz', async (_request: Request, response: Response) => {
    const databaseUp = await health.ping();
    response.status(databaseUp ? 200 : 503);
    response.json({
      status: databaseUp ? 'ok' : 'unavailable',
      database: databaseUp ? 'up' : 'down',
    });
  });

  return {
    server,
    inFlight: () => turnsInFlight,
    listen(port, host) {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.removeListener('error', reject);
          const address: AddressInfo = server.address();
          resolve(address.port);
        });
      });
    },
    async close(timeoutMs) {
      const closed = new Promise<void>((resolve) => {
        server.close(() => resolve());
      });
      server.server.closeIdleConnections();
      const deadline = Date.now() + timeoutMs;
      while (turnsInFlight > 0 && Date.now() < deadline) await delay(25);
      if (turnsInFlight > 0)
        logger.warn({ turnsInFlight }, 'shutdown timeout: abandoning turns in flight');
      server.server.closeAllConnections();
      await closed;
    },
  };
}
