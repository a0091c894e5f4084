import type { AddressInfo } from 'node:net';

import restify from 'restify';

import { parseConfig } from '../../bot/config';
import { registerPublicAnswersRoutes } from '../../bot/http/public-answers-routes';
import { RequestsInFlight } from '../../bot/http/route-context';
import { createLogger } from '../../kernel/logger';
import type { QuestionDocument } from '../../models/question';
import type { ModerationService } from '../../moderation/moderation-service';
import { ana, bruno } from '../../moderation/moderation-test-kit';
import { PublicAnswers, type PublicAnswersDependencies } from '../../publication/public-answers';

/**
 * The public answers routes on a real restify server (port 0, loopback), as bot/server.ts would
 * register them, over a real database: for the page's HTTP and browser tests.
 */
export interface PublicAnswersServer {
  url: string;
  answers: PublicAnswers;
  close(): Promise<void>;
}

export async function startPublicAnswersServer(
  models: PublicAnswersDependencies['models'],
): Promise<PublicAnswersServer> {
  const server = restify.createServer({ name: 'anm-bot', handleUncaughtExceptions: false });
  server.use(restify.plugins.queryParser({ mapParams: false }));
  // A generous limit: the tests make many requests from one address.
  const edge = { ...parseConfig({ LOG_LEVEL: 'silent' }).edge, perAddressPerMinute: 100_000 };
  const answers = new PublicAnswers({ models, index: { pollIntervalMs: 60_000 } });
  await answers.start();
  registerPublicAnswersRoutes(
    { server, edge, logger: createLogger('silent'), inFlight: new RequestsInFlight() },
    { answers },
  );
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

/** Publishes an answer the way moderators do: Ana assigns the topic and drafts, Bruno approves. */
export async function publishAnswer(
  service: ModerationService,
  question: QuestionDocument,
  answer: string,
  topic = 'Regalías',
): Promise<void> {
  const assigned = (await service.act('assign', question._id, ana, {
    version: question.version,
    area: topic,
    assignee: null,
  })) as { question: { version: number } };
  const drafted = (await service.act('answer', question._id, ana, {
    version: assigned.question.version,
    text: answer,
  })) as { question: { version: number } };
  await service.act('approve', question._id, bruno, { version: drafted.question.version });
}
