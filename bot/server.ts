import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';

import restify, { type Request, type Response, type Server } from 'restify';

import type { MessageEndpoint } from './adapter';
import { describeError, type Logger } from './logger';

export interface HealthCheck {
  ping(): Promise<boolean>;
}

export interface HttpServerDependencies {
  messages: MessageEndpoint;
  health: HealthCheck;
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

/** The HTTP edge: every route the bot serves is declared here and nowhere else. */
export function createHttpServer({ messages, health, logger }: HttpServerDependencies): HttpServer {
  const server = restify.createServer({ name: 'anm-bot', handleUncaughtExceptions: false });
  server.use(restify.plugins.bodyParser({ mapParams: false, maxBodySize: maxActivityBytes }));

  let turnsInFlight = 0;

  server.post('/api/messages', async (request: Request, response: Response) => {
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
