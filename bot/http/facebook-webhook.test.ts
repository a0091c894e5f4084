import { createHash } from 'node:crypto';

import { createLogger } from '../../kernel/logger';
import { legalDeadlines } from '../../legal-terms/legal-deadlines';
import { dateInWords } from '../../legal-terms/legal-terms';
import { loadLexicon } from '../../knowledge/retrieval/lexicon';
import { SpanishAnalyzer } from '../../knowledge/retrieval/spanish-analyzer';
import { FacebookEventWorker } from '../../live/facebook/facebook-event-worker';
import { GraphClient } from '../../live/facebook/graph-client';
import { FacebookLiveComments } from '../../live/facebook/live-comments';
import { LiveQuestions } from '../../live/live-questions';
import { pageNotificationSchema, storedNotification } from '../../live/facebook/webhook-payload';
import { SimilarQuestions } from '../../live/similar-questions';
import { storeFacebookEvent } from '../../models/facebook-event';
import {
  commentChange,
  liveVideoChange,
  pageNotification,
  testAppSecret,
  testPageId,
  testVerifyToken,
} from '../../test/support/facebook-deliveries';
import { FakeGraphServer } from '../../test/support/fake-graph-server';
import { openTestDatabase, type TestDatabase } from '../../test/support/test-database';
import { signatureOf } from './facebook-signature';
import { FacebookWebhook } from './facebook-webhook';
import { commentKey, testPseudonymizer } from '../../test/support/live-comment-keys';

describe('the Facebook webhook and its event worker, on FerretDB', () => {
  let database: TestDatabase;
  const graph = new FakeGraphServer();
  const analyzer = new SpanishAnalyzer(loadLexicon());
  const logger = createLogger('silent');

  beforeAll(async () => {
    database = await openTestDatabase();
    await graph.start();
  });
  afterAll(async () => {
    await graph.stop();
    await database.close();
  });

  /** One process's worker and the webhook in front of it, as bot/app.ts wires them. */
  function pageProcess(): { worker: FacebookEventWorker; webhook: FacebookWebhook } {
    const worker = new FacebookEventWorker({
      models: database.models,
      liveComments: new FacebookLiveComments({
        models: database.models,
        liveQuestions: new LiveQuestions({
          models: database.models,
          similar: new SimilarQuestions(analyzer),
          deadlines: legalDeadlines,
        }),
        graph: new GraphClient(
          { graphApiUrl: `${graph.url}/v24.0`, pageId: testPageId, pageAccessToken: 'token' },
          { attempts: 1, baseDelayMs: 10, maxDelayMs: 20, timeoutMs: 2_000 },
        ),
        pageId: testPageId,
        inWords: dateInWords,
        pseudonymizer: testPseudonymizer,
        logger,
      }),
      logger,
    });
    const webhook = new FacebookWebhook({
      models: database.models,
      worker,
      appSecret: testAppSecret,
      verifyToken: testVerifyToken,
      logger,
    });
    return { worker, webhook };
  }

  async function receive(webhook: FacebookWebhook, body: string) {
    return webhook.receive(Buffer.from(body), signatureOf(body, testAppSecret));
  }

  async function capturedComment(commentId: string) {
    return database.models.questions.find({ submissionKey: commentKey(commentId) }).lean();
  }

  it('when a delivery arrives before the worker has started, then it is stored and answered, and processed only once the worker starts', async () => {
    const { worker, webhook } = pageProcess();
    const live = pageNotification([liveVideoChange('900000000000701', 'live')], { time: 1 });
    const question = pageNotification(
      [
        commentChange({
          commentId: 'early_c1',
          postId: `${testPageId}_900000000000701`,
          message: '¿Cuándo publican las respuestas de la audiencia?',
        }),
      ],
      { time: 2 },
    );

    expect(await receive(webhook, live)).toMatchObject({ status: 200, body: 'EVENT_RECEIVED' });
    expect(await receive(webhook, question)).toMatchObject({ status: 200 });
    await worker.settled();
    expect(await capturedComment('early_c1')).toHaveLength(0);
    expect(graph.repliesTo('early_c1')).toHaveLength(0);

    worker.start();
    await worker.settled();
    worker.stop();
    expect(await capturedComment('early_c1')).toHaveLength(1);
    expect(graph.repliesTo('early_c1')).toHaveLength(1);
  });

  it('when a delivery arrives after the worker has stopped, then it waits in the database and the next worker processes it once', async () => {
    const first = pageProcess();
    first.worker.start();
    await first.worker.settled();
    first.worker.stop();
    const question = pageNotification(
      [
        commentChange({
          commentId: 'late_c1',
          postId: `${testPageId}_900000000000701`,
          message: '¿Dónde veo el acta de la audiencia pública?',
        }),
      ],
      { time: 3 },
    );
    expect(await receive(first.webhook, question)).toMatchObject({ status: 200 });
    await first.worker.settled();
    expect(await capturedComment('late_c1')).toHaveLength(0);

    const second = pageProcess();
    second.worker.start();
    await second.worker.settled();
    second.worker.stop();
    expect(await capturedComment('late_c1')).toHaveLength(1);
    expect(graph.repliesTo('late_c1')).toHaveLength(1);
  });

  it('when a signed delivery is sent again by Meta, then it is answered 200 and processed once', async () => {
    const { worker, webhook } = pageProcess();
    worker.start();
    const question = pageNotification(
      [
        commentChange({
          commentId: 'again_c1',
          postId: `${testPageId}_900000000000701`,
          message: '¿Cómo me inscribo para hablar en la audiencia?',
        }),
      ],
      { time: 4 },
    );
    expect(await receive(webhook, question)).toMatchObject({ status: 200 });
    expect(await receive(webhook, question)).toMatchObject({ status: 200 });
    await worker.settled();
    worker.stop();
    expect(await capturedComment('again_c1')).toHaveLength(1);
    expect(graph.repliesTo('again_c1')).toHaveLength(1);
  });

  it('when a delivery was stored but the reply to that store was lost (the database died), then the same delivery sent again from the journal is processed once', async () => {
    const { worker, webhook } = pageProcess();
    worker.start();
    await worker.settled();
    const body = pageNotification(
      [
        commentChange({
          commentId: 'lost_c1',
          postId: `${testPageId}_900000000000701`,
          message: '¿Quién responde las preguntas de la audiencia?',
        }),
      ],
      { time: 6 },
    );
    // What the lost store leaves: the delivery in the database, and a worker never told of it.
    const notification = pageNotificationSchema.parse(JSON.parse(body));
    const id = createHash('sha256').update(body).digest('hex');
    await storeFacebookEvent(database.models, id, storedNotification(notification), new Date());

    expect(await receive(webhook, body)).toMatchObject({ status: 200 });
    await worker.settled();
    worker.stop();
    expect(await capturedComment('lost_c1')).toHaveLength(1);
    expect(graph.repliesTo('lost_c1')).toHaveLength(1);
  });

  it('when the signature is missing or wrong, then nothing is stored and the worker is not woken', async () => {
    const { worker, webhook } = pageProcess();
    worker.start();
    const body = pageNotification([liveVideoChange('900000000000702', 'live')], { time: 5 });
    const stored = await database.models.facebookEvents.countDocuments();
    expect(await webhook.receive(Buffer.from(body), undefined)).toMatchObject({ status: 401 });
    expect(
      await webhook.receive(Buffer.from(body), signatureOf(body, 'otro-secreto')),
    ).toMatchObject({ status: 403 });
    await worker.settled();
    worker.stop();
    expect(await database.models.facebookEvents.countDocuments()).toBe(stored);
  });

  it('when Meta checks the subscription with our verify token, then the challenge is echoed; with another, it is refused', () => {
    const { webhook } = pageProcess();
    const query = { 'hub.mode': 'subscribe', 'hub.challenge': '1158201444' };
    expect(webhook.verifySubscription({ ...query, 'hub.verify_token': testVerifyToken })).toEqual({
      status: 200,
      body: '1158201444',
      contentType: 'text/plain',
    });
    expect(webhook.verifySubscription({ ...query, 'hub.verify_token': 'otro' })).toMatchObject({
      status: 403,
    });
  });
});
