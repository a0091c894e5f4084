import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';

import restify, { type Request, type Response, type Server } from 'restify';

import type { MessageEndpoint } from './adapter';
import type { EdgeLimits } from './config';
import { isLoopbackHost } from './http/client-address';
import { handledBy } from './http/error-handler';
import type { ChatPageSettings } from './http/chat-page';
import { registerChatPageRoutes } from './http/chat-page-routes';
import { registerDirectLineRoutes, type DirectLineEndpoint } from './http/direct-line-routes';
import { registerFacebookRoutes, type FacebookWebhookEndpoint } from './http/facebook-routes';
import { registerLivePanelRoutes, type LivePanelEndpoint } from './http/live-panel-routes';
import { registerMessageRoute } from './http/message-route';
import { registerModerationRoutes, type ModerationEndpoint } from './http/moderation-routes';
import {
  registerPublicAnswersRoutes,
  type PublicAnswersEndpoint,
} from './http/public-answers-routes';
import { registerReportsRoutes, type ReportsEndpoint } from './http/reports-routes';
import { RequestsInFlight, type RouteContext } from './http/route-context';
import { registerSpaceMemoirRoutes, type SpaceMemoirEndpoint } from './http/space-memoir-routes';
import type { Logger } from '../kernel/logger';

export type { FacebookWebhookEndpoint } from './http/facebook-routes';
export type { LivePanelEndpoint } from './http/live-panel-routes';

export interface HealthCheck {
  ping(): Promise<boolean>;
}

export interface HttpServerDependencies {
  messages: MessageEndpoint;
  health: HealthCheck;
  facebook?: FacebookWebhookEndpoint | undefined;
  livePanel?: LivePanelEndpoint | undefined;
  /** The moderators' API; undefined without staff sign-in. */
  moderation?: ModerationEndpoint | undefined;
  /** The public answers page (/respuestas, /respuestas/{code}). */
  publicAnswers?: PublicAnswersEndpoint | undefined;
  /** The public memoir of each space (/respuestas/espacios/{id}). */
  spaceMemoirs?: SpaceMemoirEndpoint | undefined;
  /** The reports' API (figures per space and per year, exports); undefined without staff sign-in. */
  reports?: ReportsEndpoint | undefined;
  /** The citizens' web chat (/chat and its Direct Line); undefined when it is off. */
  webChat?: { directLine: DirectLineEndpoint; page: ChatPageSettings } | undefined;
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

function createRestifyServer(edge: EdgeLimits): Server {
  const server = restify.createServer({ name: 'anm-bot', handleUncaughtExceptions: false });
  // The only plugin: no body parser is installed, so nothing inflates, parses forms or multipart,
  // or writes uploads to disk; each route reads its own body (bot/http/json-body.ts).
  server.use(restify.plugins.queryParser({ mapParams: false }));
  // Slow headers are Node's to cut (its check runs every 30 s); slow bodies, each route's reader.
  server.server.headersTimeout = Math.min(edge.requestTimeoutMs, 60_000);
  return server;
}

/** GET /healthz: 200 while the database answers, 503 while it does not. */
function registerHealthRoute({ server, logger }: RouteContext, health: HealthCheck): void {
  server.get(
    '/healthz',
    handledBy(logger, async (_request: Request, response: Response) => {
      const databaseUp = await health.ping();
      response.status(databaseUp ? 200 : 503);
      response.json({
        status: databaseUp ? 'ok' : 'unavailable',
        database: databaseUp ? 'up' : 'down',
      });
    }),
  );
}

function listen({ server, edge, logger }: RouteContext, port: number, host: string) {
  return new Promise<number>((resolve, reject) => {
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
}

async function closeGracefully({ server, inFlight, logger }: RouteContext, timeoutMs: number) {
  const closed = new Promise<void>((resolve) => {
    server.close(() => resolve());
  });
  server.server.closeIdleConnections();
  const deadline = Date.now() + timeoutMs;
  while (inFlight.size > 0 && Date.now() < deadline) await delay(25);
  if (inFlight.size > 0)
    logger.warn({ turnsInFlight: inFlight.size }, 'shutdown timeout: abandoning turns in flight');
  server.server.closeAllConnections();
  await closed;
}

/**
 * The HTTP edge: every route the bot serves is registered from here, and every failure on any of
 * them is answered by one handler (bot/http/error-handler.ts).
 */
export function createHttpServer({
  messages,
  health,
  facebook,
  livePanel,
  moderation,
  publicAnswers,
  spaceMemoirs,
  reports,
  webChat,
  edge,
  logger,
}: HttpServerDependencies): HttpServer {
  const server = createRestifyServer(edge);
  const context: RouteContext = { server, edge, logger, inFlight: new RequestsInFlight() };
  registerMessageRoute(context, messages);
  if (facebook) registerFacebookRoutes(context, facebook);
  if (livePanel) registerLivePanelRoutes(context, livePanel);
  if (moderation) registerModerationRoutes(context, moderation);
  if (publicAnswers) registerPublicAnswersRoutes(context, publicAnswers);
  if (spaceMemoirs) registerSpaceMemoirRoutes(context, spaceMemoirs);
  if (reports) registerReportsRoutes(context, reports);
  if (webChat) {
    registerDirectLineRoutes(context, webChat.directLine);
    registerChatPageRoutes(context, webChat.page);
  }
  registerHealthRoute(context, health);
  return {
    server,
    inFlight: () => context.inFlight.size,
    listen: (port, host) => listen(context, port, host),
    close: (timeoutMs) => closeGracefully(context, timeoutMs),
  };
}
