import { loadLexicon } from '../../knowledge/retrieval/lexicon';
import { SpanishAnalyzer } from '../../knowledge/retrieval/spanish-analyzer';
import { replyOutcome } from '../../models/facebook-reply';
import { dateInWords } from '../../legal-terms/legal-terms';
import { spaceQuestions } from '../../models/space-questions';
import { FakeGraphServer } from '../../test/support/fake-graph-server';
import { openTestDatabase, type TestDatabase } from '../../test/support/test-database';
import { legalDeadlines } from '../../legal-terms/legal-deadlines';
import { LiveQuestions } from '../live-questions';
import { SimilarQuestions } from '../similar-questions';
import { createLogger } from '../../kernel/logger';
import { GraphClient, type GraphSendResult } from './graph-client';
import { FacebookLiveComments, type PrivateReplySender } from './live-comments';
import type { PageChange } from './webhook-payload';
import { commentKey, testPseudonymizer } from '../../test/support/live-comment-keys';

describe('Facebook Live comments on FerretDB: private replies that survive a crash', () => {
  let database: TestDatabase;
  const graph = new FakeGraphServer();
  let client: GraphClient;
  const analyzer = new SpanishAnalyzer(loadLexicon());
  const videoId = '900000000000555';
  const pageId = '104857600000001';

  beforeAll(async () => {
    database = await openTestDatabase();
    await graph.start();
    client = new GraphClient(
      { graphApiUrl: `${graph.url}/v24.0`, pageId, pageAccessToken: 'token' },
      { attempts: 2, baseDelayMs: 10, maxDelayMs: 20, timeoutMs: 2_000 },
    );
  });
  afterAll(async () => {
    await graph.stop();
    await database.close();
  });

  function liveComments(sender: PrivateReplySender = client): FacebookLiveComments {
    return new FacebookLiveComments({
      models: database.models,
      liveQuestions: new LiveQuestions({
        models: database.models,
        similar: new SimilarQuestions(analyzer),
        deadlines: legalDeadlines,
      }),
      graph: sender,
      pageId,
      inWords: dateInWords,
      pseudonymizer: testPseudonymizer,
      logger: createLogger('silent'),
    });
  }

  /** A process that dies inside the Graph call: before it (`reached: false`) or after it. */
  function dyingSender(reached: boolean): PrivateReplySender {
    return {
      async sendPrivateReply(commentId, text) {
        if (reached) await client.sendPrivateReply(commentId, text);
        return new Promise<GraphSendResult>(() => undefined);
      },
      privateReplyState: (commentId) => client.privateReplyState(commentId),
    };
  }

  function comment(commentId: string, message: string): PageChange {
    return {
      kind: 'comment',
      commentId,
      postId: `${pageId}_${videoId}`,
      parentId: `${pageId}_${videoId}`,
      message,
      cut: false,
      fromId: '7000000000001',
      createdAt: new Date(),
    };
  }

  beforeAll(async () => {
    await liveComments().apply({ kind: 'live-video', videoId, status: 'live' });
  });

  it('when the process died after claiming a reply that never reached Meta, then the next process checks and sends it at once, only once', async () => {
    const crashed = liveComments(dyingSender(false));
    await crashed.apply(comment('stall_c1', '¿Qué es el canon superficiario?'));
    expect(
      await database.models.facebookReplies.findById(commentKey('stall_c1')).lean(),
    ).not.toBeNull();
    expect(await replyOutcome(database.models, commentKey('stall_c1'))).toBeNull();
    // The process that claimed it is still sending it: it does not resume its own claim.
    expect(await crashed.resumeStalledReplies(new Date(Date.now() + 60 * 60_000))).toBe(0);

    const restarted = liveComments();
    expect(await restarted.resumeStalledReplies()).toBe(1);
    await restarted.repliesSettled();
    expect(graph.checks.map((check) => check.commentId)).toContain('stall_c1');
    expect(graph.replyAttemptsTo('stall_c1')).toHaveLength(1);
    expect(graph.repliesTo('stall_c1')[0]?.body.message?.text).toMatch(/Su código es ANM-/);
    expect(await replyOutcome(database.models, commentKey('stall_c1'))).toMatchObject({
      state: 'sent',
      via: 'send',
    });
    expect(await restarted.resumeStalledReplies(new Date(Date.now() + 10 * 60_000))).toBe(0);
  });

  it('when the process died after Meta accepted the reply but before writing its outcome, then the next process records it as sent and does not send it again', async () => {
    const crashed = liveComments(dyingSender(true));
    await crashed.apply(comment('stall_c2', '¿Dónde consulto los títulos mineros?'));
    for (let waited = 0; graph.repliesTo('stall_c2').length === 0 && waited < 100; waited++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(graph.repliesTo('stall_c2')).toHaveLength(1);
    expect(await replyOutcome(database.models, commentKey('stall_c2'))).toBeNull();

    const restarted = liveComments();
    expect(await restarted.resumeStalledReplies()).toBe(1);
    await restarted.repliesSettled();
    expect(graph.replyAttemptsTo('stall_c2')).toHaveLength(1);
    expect(await replyOutcome(database.models, commentKey('stall_c2'))).toMatchObject({
      state: 'sent',
      via: 'check',
    });
  });

  it('when the Graph API cannot say whether a stalled reply went out, then nothing is sent and the next round tries again', async () => {
    const crashed = liveComments(dyingSender(false));
    await crashed.apply(comment('stall_c3', '¿Cómo pido una visita de fiscalización?'));
    const restarted = liveComments();
    graph.failNextChecks(503, 503);
    expect(await restarted.resumeStalledReplies()).toBe(1);
    await restarted.repliesSettled();
    expect(graph.replyAttemptsTo('stall_c3')).toHaveLength(0);
    expect(await replyOutcome(database.models, commentKey('stall_c3'))).toBeNull();

    expect(await restarted.resumeStalledReplies()).toBe(1);
    await restarted.repliesSettled();
    expect(graph.replyAttemptsTo('stall_c3')).toHaveLength(1);
    expect(await replyOutcome(database.models, commentKey('stall_c3'))).toMatchObject({
      state: 'sent',
    });
  });

  it('when the Graph API keeps failing, then the reply is marked failed and the question stays', async () => {
    graph.failNext(500, 500);
    const comments = liveComments();
    await comments.apply(comment('fail_c1', '¿Cómo denuncio minería ilegal?'));
    await comments.repliesSettled();
    expect(graph.repliesTo('fail_c1')).toHaveLength(0);
    expect(await replyOutcome(database.models, commentKey('fail_c1'))).toMatchObject({
      state: 'failed',
      status: 500,
    });
    const questions = await database.models.questions
      .find({ submissionKey: commentKey('fail_c1') })
      .lean();
    expect(questions).toHaveLength(1);
    expect(questions[0]?.status).toBe('pending');
    const space = questions[0]?.spaceId;
    expect(space && (await spaceQuestions(database.models, space)).length).toBeGreaterThan(0);
  });
});
