import type { AddressInfo } from 'node:net';

import restify from 'restify';

import { parseConfig } from '../../bot/config';
import { registerPublicAnswersRoutes } from '../../bot/http/public-answers-routes';
import { RequestsInFlight } from '../../bot/http/route-context';
import { registerSpaceMemoirRoutes } from '../../bot/http/space-memoir-routes';
import { createLogger } from '../../kernel/logger';
import type { ModerationFixture } from '../../moderation/moderation-test-kit';
import { PublicAnswers } from '../../publication/public-answers';
import { SpaceMemoirs } from '../../publication/space-memoirs';

/**
 * The public answers and memoir routes on a real restify server (port 0, loopback), as
 * bot/server.ts registers them, over a real database. The memoir reads a space's questions again
 * at every request (`maxAgeMs` 0) so a test sees each change at once.
 */
export interface SpaceMemoirServer {
  url: string;
  answers: PublicAnswers;
  close(): Promise<void>;
}

export async function startSpaceMemoirServer(
  models: ModerationFixture['database']['models'],
): Promise<SpaceMemoirServer> {
  const server = restify.createServer({ name: 'anm-bot', handleUncaughtExceptions: false });
  server.use(restify.plugins.queryParser({ mapParams: false }));
  const edge = { ...parseConfig({ LOG_LEVEL: 'silent' }).edge, perAddressPerMinute: 100_000 };
  const answers = new PublicAnswers({ models, index: { pollIntervalMs: 200 } });
  await answers.start();
  const context = {
    server,
    edge,
    logger: createLogger('silent'),
    inFlight: new RequestsInFlight(),
  };
  registerPublicAnswersRoutes(context, { answers });
  registerSpaceMemoirRoutes(context, {
    memoirs: new SpaceMemoirs({ models, index: answers.index, maxAgeMs: 0 }),
  });
  await new Promise<void>((resolve) => {
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port }: AddressInfo = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    answers,
    async close() {
      await answers.stop();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
      });
    },
  };
}
