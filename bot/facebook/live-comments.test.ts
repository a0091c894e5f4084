import { loadLexicon } from '../../knowledge/retrieval/lexicon';
import { SpanishAnalyzer } from '../../knowledge/retrieval/spanish-analyzer';
import { replyOutcome } from '../../models/facebook-reply';
import { dateInWords } from '../../models/legal-terms/legal-terms';
import { spaceQuestions } from '../../models/space-questions';
import { openTestDatabase, type TestDatabase } from '../../test/support/test-database';
import { legalDeadlines } from '../legal-deadlines';
import { LiveQuestions } from '../live/live-questions';
import { SimilarQuestions } from '../live/similar-questions';
import { createLogger } from '../logger';
import type { GraphSendResult } from './graph-client';
import { FacebookLiveComments, type PrivateReplySender } from './live-comments';
import type { PageChange } from './webhook-payload';

/** Records private replies; fails the first `failures` calls. */
class RecordingSender implements PrivateReplySender {
  readonly sent: { commentId: string; text: string }[] = [];
  constructor(private failures = 0) {}
  sendPrivateReply(commentId: string, text: string): Promise<GraphSendResult> {
    if (this.failures > 0) {
      this.failures--;
      return Promise.resolve({ ok: false, status: 500, attempts: 5, retryable: true });
    }
    this.sent.push({ commentId, text });
    return Promise.resolve({ ok: true, messageId: `m_${this.sent.length}` });
  }
}

describe('Facebook Live comments on FerretDB: private replies that survive a crash', () => {
  let database: TestDatabase;
  const analyzer = new SpanishAnalyzer(loadLexicon());
  const videoId = '900000000000555';
  const pageId = '104857600000001';

  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(() => database.close());

  function liveComments(graph: PrivateReplySender): FacebookLiveComments {
    return new FacebookLiveComments({
      models: database.models,
      liveQuestions: new LiveQuestions({
        models: database.models,
        similar: new SimilarQuestions(analyzer),
        deadlines: legalDeadlines,
      }),
      graph,
      pageId,
      inWords: dateInWords,
      logger: createLogger('silent'),
      stalledCheckIntervalMs: 0,
    });
  }

  function comment(commentId: string, message: string): PageChange {
    return {
      kind: 'comment',
      commentId,
      postId: `${pageId}_${videoId}`,
      parentId: `${pageId}_${videoId}`,
      message,
      fromId: '7000000000001',
      createdAt: new Date(),
    };
  }

  it('when the process died after claiming a reply, then the reply is sent once it is stalled, and only once', async () => {
    const before = liveComments(new RecordingSender());
    await before.apply({ kind: 'live-video', videoId, status: 'live' });
    // The claim is stored but the send never happened: simulate a crash right after claiming.
    const crashed = liveComments({
      sendPrivateReply: () => new Promise<GraphSendResult>(() => undefined),
    });
    await crashed.apply(comment('stall_c1', '¿Qué es el canon superficiario?'));
    expect(await database.models.facebookReplies.findById('stall_c1').lean()).not.toBeNull();
    expect(await replyOutcome(database.models, 'stall_c1')).toBeNull();

    const graph = new RecordingSender();
    const restarted = liveComments(graph);
    expect(await restarted.resumeStalledReplies(new Date())).toBe(0); // not stalled yet
    const later = new Date(Date.now() + 6 * 60_000);
    expect(await restarted.resumeStalledReplies(later)).toBe(1);
    await restarted.repliesSettled();
    expect(graph.sent.map((reply) => reply.commentId)).toEqual(['stall_c1']);
    expect(graph.sent[0]?.text).toMatch(/Su código es ANM-/);
    expect(await replyOutcome(database.models, 'stall_c1')).toMatchObject({ state: 'sent' });
    expect(await restarted.resumeStalledReplies(new Date(later.getTime() + 6 * 60_000))).toBe(0);
  });

  it('when the Graph API keeps failing, then the reply is marked failed and the question stays', async () => {
    const graph = new RecordingSender(1);
    const comments = liveComments(graph);
    await comments.apply(comment('fail_c1', '¿Cómo denuncio minería ilegal?'));
    await comments.repliesSettled();
    expect(graph.sent).toHaveLength(0);
    expect(await replyOutcome(database.models, 'fail_c1')).toMatchObject({
      state: 'failed',
      status: 500,
    });
    const questions = await database.models.questions
      .find({ submissionKey: 'facebook-comment:fail_c1' })
      .lean();
    expect(questions).toHaveLength(1);
    expect(questions[0]?.status).toBe('pending');
    const space = questions[0]?.spaceId;
    expect(space && (await spaceQuestions(database.models, space)).length).toBeGreaterThan(0);
  });
});
