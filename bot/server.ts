import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';

import restify, { type Next, type Request, type Response, type Server } from 'restify';

import type { MessageEndpoint } from './adapter';
import type { EdgeLimits } from './config';
import type { WebhookResponse } from '../live/facebook/facebook-events';
import { activityOf } from './http/activity-schema';
import { addressOf, isLoopbackHost } from './http/client-address';
import { EdgeError, sendEdgeError } from './http/edge-error';
import { readJsonBody, readRawBody } from './http/json-body';
import { RateLimiter } from './http/rate-limiter';
import { isServiceUrlAllowed } from './http/service-url-allowlist';
import type { LivePanelAction } from '../live/live-panel-api';
import type { TabFile } from './http/live-panel-pages';
import type { JsonResponse, LivePanelRequest } from '../live/live-panel-requests';
import { describeError, type Logger } from '../kernel/logger';

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
  /** Body limit, rate limits and (unauthenticated) serviceUrl allow-list of every route. */
  edge: EdgeLimits;
  logger: Logger;
}

export interface HttpServer {
  readonly server: Server;
  listen(port: number, host: string): Promise<number>;
  /** Stops accepting, waits (bounded) for turns in flight, then closes every connection. */
  close(timeoutMs: number): Promise<void>;
  inFlight(): number;
}

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

/** The route's pattern (`/api/live/spaces/:spaceId/close`), never the path a client typed. */
function routeOf(request: Request): string {
  return String(request.getRoute().path);
}

function tooManyRequests(retryAfterSeconds: number): EdgeError {
  return new EdgeError(
    429,
    'too-many-requests',
    'Demasiadas solicitudes: espere unos segundos e intente de nuevo.',
    { 'retry-after': String(retryAfterSeconds) },
  );
}

/** A route step that refuses an address over its limit before anything of its request is read. */
function limitedByAddress(limiter: RateLimiter, logger: Logger) {
  return (request: Request, response: Response, next: Next): void => {
    const decision = limiter.take(addressOf(request));
    if (decision.allowed) {
      next();
      return;
    }
    logger.debug({ code: 'too-many-requests', route: routeOf(request) }, 'request refused');
    sendEdgeError(response, tooManyRequests(decision.retryAfterSeconds));
    next(false);
  };
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
  edge,
  logger,
}: HttpServerDependencies): HttpServer {
  const server = restify.createServer({ name: 'anm-bot', handleUncaughtExceptions: false });
  // The only plugin: no body parser is installed, so nothing inflates, parses forms or multipart,
  // or writes uploads to disk; each route reads its own body (bot/http/json-body.ts).
  server.use(restify.plugins.queryParser({ mapParams: false }));
  // Slow headers are Node's to cut (its check runs every 30 s); slow bodies, each route's reader.
  server.server.headersTimeout = Math.min(edge.requestTimeoutMs, 60_000);

  const byAddress = () => new RateLimiter({ perMinute: edge.perAddressPerMinute });
  const messagesByAddress = limitedByAddress(byAddress(), logger);
  const bySender = new RateLimiter({ perMinute: edge.perConversationPerMinute });

  /** The central answer to a refusal at the edge: logged by its code, answered without a stack. */
  const refused = (request: Request, response: Response, error: unknown): boolean => {
    if (!(error instanceof EdgeError)) return false;
    logger.debug({ code: error.code, route: routeOf(request) }, 'request refused');
    sendEdgeError(response, error);
    return true;
  };

  let turnsInFlight = 0;

  server.post('/api/messages', messagesByAddress, async (request: Request, response: Response) => {
    turnsInFlight++;
    try {
      const activity = activityOf(
        await readJsonBody(request, edge.maxRequestBytes, edge.requestTimeoutMs),
      );
      const allowlist = edge.serviceUrlAllowlist;
      if (allowlist && !isServiceUrlAllowed(activity.serviceUrl, allowlist)) {
        throw new EdgeError(
          403,
          'service-url-not-allowed',
          'El serviceUrl de la actividad no está permitido (SERVICE_URL_ALLOWLIST).',
        );
      }
      // One sender in one conversation: a meeting chat is one conversation with many senders.
      const senderKey = [activity.channelId, activity.conversation.id, activity.from.id].join('\n');
      const decision = bySender.take(senderKey);
      if (!decision.allowed) throw tooManyRequests(decision.retryAfterSeconds);
      const authorization = request.headers.authorization ?? '';
      const result = await messages.process({ body: activity, authorization });
      // A request refused as unauthenticated does not use up the limit of the sender it names.
      if (result.status === 401) bySender.giveBack(senderKey);
      if (result.body === undefined) response.send(result.status);
      else response.send(result.status, result.body);
    } catch (error) {
      if (refused(request, response, error)) return;
      logger.error(describeError(error), 'message endpoint failed');
      if (!response.headersSent)
        response.send(500, { error: { code: 'internal', message: 'internal error' } });
    } finally {
      turnsInFlight--;
    }
  });

  if (facebook) {
    const webhookByAddress = limitedByAddress(byAddress(), logger);
    server.get(
      '/api/facebook/webhook',
      webhookByAddress,
      (request: Request, response: Response, next: Next) => {
        sendWebhookResponse(
          response,
          facebook.verifySubscription((request.query ?? {}) as Record<string, unknown>),
        );
        next();
      },
    );
    server.post(
      '/api/facebook/webhook',
      webhookByAddress,
      async (request: Request, response: Response) => {
        turnsInFlight++;
        try {
          const rawBody = await readRawBody(request, edge.maxRequestBytes, edge.requestTimeoutMs);
          const signature = request.headers['x-hub-signature-256'];
          sendWebhookResponse(
            response,
            await facebook.receive(rawBody, typeof signature === 'string' ? signature : undefined),
          );
        } catch (error) {
          if (refused(request, response, error)) return;
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
      },
    );
  }

  if (livePanel) {
    const panelByAddress = limitedByAddress(byAddress(), logger);
    const panelBodyLimit = Math.min(maxPanelBodyBytes, edge.maxRequestBytes);
    for (const [method, route, action] of livePanelRoutes) {
      server[method](route, panelByAddress, async (request: Request, response: Response) => {
        turnsInFlight++;
        try {
          const contentType = request.headers['content-type'];
          const result = await livePanel.api(action, {
            params: (request.params ?? {}) as Record<string, string | undefined>,
            contentType,
            body:
              method === 'post'
                ? await readRawBody(request, panelBodyLimit, edge.requestTimeoutMs)
                : undefined,
          });
          response.header('cache-control', 'no-store');
          response.header('x-content-type-options', 'nosniff');
          response.send(result.status, result.body);
        } catch (error) {
          if (refused(request, response, error)) return;
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
          if (edge.serviceUrlAllowlist && !isLoopbackHost(host)) {
            logger.warn(
              { host },
              'UNAUTHENTICATED BOT REACHABLE FROM THE NETWORK: MicrosoftAppId is empty, so anyone who reaches this address can post activities as any channel. Set MicrosoftAppId and its password, or HOST=127.0.0.1',
            );
          }
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
