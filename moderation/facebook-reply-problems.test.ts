import { Types } from 'mongoose';

import { createLogger } from '../kernel/logger';
import { errorCodes, RequestRefusal } from '../kernel/errors';
import { loadLexicon } from '../knowledge/retrieval/lexicon';
import { SpanishAnalyzer } from '../knowledge/retrieval/spanish-analyzer';
import { legalDeadlines } from '../legal-terms/legal-deadlines';
import { dateInWords } from '../legal-terms/legal-terms';
import { GraphClient } from '../live/facebook/graph-client';
import { FacebookLiveComments } from '../live/facebook/live-comments';
import { LiveQuestions } from '../live/live-questions';
import { SimilarQuestions } from '../live/similar-questions';
import {
  claimFacebookReply,
  forgetReplyComments,
  recordReplyOutcome,
  replyClaimOfQuestion,
  replyOutcome,
} from '../models/facebook-reply';
import { FakeGraphServer } from '../test/support/fake-graph-server';
import { ModerationFollowUp } from './follow-up-service';
import type { FailedReplyItem } from './facebook-reply-problems';
import { ana, bruno, openModerationFixture, type ModerationFixture } from './moderation-test-kit';
import { commentKey, testPseudonymizer } from '../test/support/live-comment-keys';

const pageId = '104857600000001';
const videoId = '900000000000777';
const commenterId = '7000000000099';

describe('failed Facebook private replies for moderators, on FerretDB and a Graph API on loopback', () => {
  let fixture: ModerationFixture;
  const graph = new FakeGraphServer();
  let client: GraphClient;
  let followUp: ModerationFollowUp;
  const analyzer = new SpanishAnalyzer(loadLexicon());
  let comments = 0;

  beforeAll(async () => {
    fixture = await openModerationFixture({ now: new Date().toISOString() });
    await graph.start();
    client = new GraphClient(
      { graphApiUrl: `${graph.url}/v24.0`, pageId, pageAccessToken: 'token' },
      { attempts: 1, baseDelayMs: 10, maxDelayMs: 20, timeoutMs: 2_000 },
    );
    followUp = new ModerationFollowUp({
      models: fixture.database.models,
      projection: fixture.service.projection,
      facebookConfigured: true,
    });
    await liveComments().apply({ kind: 'live-video', videoId, status: 'live' });
  });
  afterAll(async () => {
    await graph.stop();
    await fixture.close();
  });

  /** The event worker's part, as a process started now: claims made before it are resumed. */
  function liveComments(): FacebookLiveComments {
    return new FacebookLiveComments({
      models: fixture.database.models,
      liveQuestions: new LiveQuestions({
        models: fixture.database.models,
        similar: new SimilarQuestions(analyzer),
        deadlines: legalDeadlines,
      }),
      graph: client,
      pageId,
      inWords: dateInWords,
      pseudonymizer: testPseudonymizer,
      logger: createLogger('silent'),
    });
  }

  /** A question commented during the live video whose private reply Meta refused with `status`. */
  async function failedComment(status: number) {
    const commentId = `${pageId}_fbcomment${++comments}`;
    const capturing = liveComments();
    graph.failNext(status);
    await capturing.apply({
      kind: 'comment',
      commentId,
      postId: `${pageId}_${videoId}`,
      parentId: `${pageId}_${videoId}`,
      message: `¿Cuándo van a cerrar la mina ilegal número ${comments} del río?`,
      cut: false,
      fromId: commenterId,
      createdAt: new Date(),
    });
    await capturing.repliesSettled();
    const outcome = await replyOutcome(fixture.database.models, commentKey(commentId));
    expect(outcome).toMatchObject({ state: 'failed', status });
    const claim = await fixture.database.models.facebookReplies
      .findById(commentKey(commentId))
      .lean();
    if (!claim) throw new Error('no claim');
    return { commentId, questionId: claim.questionId };
  }

  async function failedItems(): Promise<FailedReplyItem[]> {
    return (await followUp.facebookReplies({ status: 'failed' })).items;
  }

  async function refusalOf(promise: Promise<unknown>): Promise<RequestRefusal> {
    const error = await promise.then(
      () => undefined,
      (reason: unknown) => reason,
    );
    if (!(error instanceof RequestRefusal)) throw new Error('expected a refusal');
    return error;
  }

  it('when Meta refused a private reply, then moderators see the space, the code and the reason, never who commented, and a retry checks before it sends, once', async () => {
    const { commentId, questionId } = await failedComment(400);
    const items = await failedItems();
    const item = items.find((candidate) => candidate.id === questionId);
    expect(item).toMatchObject({
      id: questionId,
      trackingCode: expect.stringMatching(/^ANM-/) as unknown,
      space: { title: 'Transmisión en vivo por Facebook' },
      graphStatus: 400,
      attempts: 1,
      reason: 'Facebook rechazó la respuesta (HTTP 400)',
      retryable: true,
      version: 0,
    });
    expect(JSON.stringify(items)).not.toContain('fbcomment');
    expect(JSON.stringify(items)).not.toContain(commenterId);

    const result = await followUp.retryFacebookReply(questionId, ana, { version: 0 });
    expect(result.reply).toEqual({ id: questionId, state: 'queued', version: 1 });
    expect(await replyOutcome(fixture.database.models, commentKey(commentId))).toBeNull();
    expect((await failedItems()).map((candidate) => candidate.id)).not.toContain(questionId);
    const question = await fixture.service.question(new Types.ObjectId(questionId));
    expect(question.history.at(-1)).toMatchObject({
      type: 'private-reply-retried',
      by: ana,
      changes: { retriedPrivateReply: { graphStatus: 400, attempts: 1 } },
    });

    const checksBefore = graph.checks.length;
    const worker = liveComments();
    expect(await worker.resumeStalledReplies()).toBe(1);
    await worker.repliesSettled();
    expect(graph.checks.slice(checksBefore).map((check) => check.commentId)).toEqual([commentId]);
    expect(graph.replyAttemptsTo(commentId).map((request) => request.path)).toEqual([
      'failed',
      `/v24.0/${pageId}/messages`,
    ]);
    expect(await replyOutcome(fixture.database.models, commentKey(commentId))).toMatchObject({
      state: 'sent',
    });

    const again = await refusalOf(followUp.retryFacebookReply(questionId, bruno, { version: 1 }));
    expect([again.code, again.message]).toEqual([
      errorCodes.actionNotAllowed,
      'La respuesta privada ya se envió.',
    ]);
  });

  it('when the reply had gone out after all, then the retry records it sent and sends nothing', async () => {
    const { commentId, questionId } = await failedComment(503);
    // Meta took the message although the call failed (a timeout after it arrived).
    await client.sendPrivateReply(commentId, 'Su pregunta quedó registrada.');
    const attempts = graph.replyAttemptsTo(commentId).length;
    await followUp.retryFacebookReply(questionId, ana, { version: 0 });
    const worker = liveComments();
    await worker.resumeStalledReplies();
    await worker.repliesSettled();
    expect(graph.replyAttemptsTo(commentId)).toHaveLength(attempts);
    expect(await replyOutcome(fixture.database.models, commentKey(commentId))).toMatchObject({
      state: 'sent',
      via: 'check',
    });
  });

  it('when two moderators retry the same reply at once, then one is refused and the reply is tried once more, and sent', async () => {
    const { commentId, questionId } = await failedComment(500);
    const attempts = graph.replyAttemptsTo(commentId).length;
    const results = await Promise.allSettled([
      followUp.retryFacebookReply(questionId, ana, { version: 0 }),
      followUp.retryFacebookReply(questionId, bruno, { version: 0 }),
    ]);
    expect(results.map((result) => result.status).sort()).toEqual(['fulfilled', 'rejected']);
    const refused = results.find((result) => result.status === 'rejected');
    expect((refused?.reason as RequestRefusal).code).toBe(errorCodes.changedMeanwhile);
    const worker = liveComments();
    await worker.resumeStalledReplies();
    await worker.repliesSettled();
    expect(graph.replyAttemptsTo(commentId)).toHaveLength(attempts + 1);
    expect(graph.repliesTo(commentId)).toHaveLength(1);
  });

  it('when a reply has no outcome yet, or its version is stale, then the retry is refused and nothing changes', async () => {
    const { commentId, questionId } = await failedComment(400);
    const stale = await refusalOf(followUp.retryFacebookReply(questionId, ana, { version: 3 }));
    expect(stale.code).toBe(errorCodes.changedMeanwhile);
    expect(await replyOutcome(fixture.database.models, commentKey(commentId))).toMatchObject({
      state: 'failed',
    });

    const question = await fixture.register({ origin: 'live-comment', channelId: 'facebook' });
    await claimFacebookReply(fixture.database.models, {
      replyKey: commentKey(`${pageId}_inflight`),
      commentId: `${pageId}_inflight`,
      questionId: question._id.toHexString(),
    });
    const inFlight = await refusalOf(
      followUp.retryFacebookReply(question._id.toHexString(), ana, { version: 0 }),
    );
    expect(inFlight.code).toBe(errorCodes.actionNotAllowed);
    expect(inFlight.message).toContain('No se reintenta a ciegas');
    const none = await refusalOf(
      followUp.retryFacebookReply('0123456789abcdef01234567', ana, { version: 0 }),
    );
    expect(none.code).toBe(errorCodes.notFound);
  });

  it('when the comment is older than the 7 days Meta allows, then the reply is listed as not retryable and a retry is refused', async () => {
    const question = await fixture.register({ origin: 'live-comment', channelId: 'facebook' });
    const commentId = `${pageId}_viejo`;
    const eightDaysAgo = new Date(Date.now() - 8 * 24 * 60 * 60_000);
    await claimFacebookReply(
      fixture.database.models,
      { replyKey: commentKey(commentId), commentId, questionId: question._id.toHexString() },
      eightDaysAgo,
    );
    await recordReplyOutcome(fixture.database.models, {
      _id: commentKey(commentId),
      state: 'failed',
      status: null,
      attempts: 5,
      at: eightDaysAgo,
      via: 'send',
    });
    const item = (await failedItems()).find(
      (candidate) => candidate.id === question._id.toHexString(),
    );
    expect(item).toMatchObject({
      retryable: false,
      graphStatus: null,
      reason: 'Facebook no respondió a tiempo (red o tiempo de espera agotado)',
    });
    const refusal = await refusalOf(
      followUp.retryFacebookReply(question._id.toHexString(), ana, { version: 0 }),
    );
    expect(refusal.code).toBe(errorCodes.actionNotAllowed);
    expect(
      await replyClaimOfQuestion(fixture.database.models, question._id.toHexString()),
    ).not.toBeNull();
  });

  it('when the commenter erased their data after the reply failed, then it is listed as not retryable and a retry is refused, with why', async () => {
    const { commentId, questionId } = await failedComment(500);
    await forgetReplyComments(fixture.database.models, [commentKey(commentId)], new Date());
    const item = (await failedItems()).find((candidate) => candidate.id === questionId);
    expect(item).toMatchObject({ retryable: false, graphStatus: 500 });
    const refusal = await refusalOf(
      followUp.retryFacebookReply(questionId, ana, { version: item?.version ?? 0 }),
    );
    expect(refusal.code).toBe(errorCodes.actionNotAllowed);
    expect(refusal.message).toContain('pidió borrar sus datos');
    expect(graph.replyAttemptsTo(commentId)).toHaveLength(1);
  });

  it('when the failed replies are read a page at a time, then each appears once, latest first', async () => {
    const all = await failedItems();
    expect(all.length).toBeGreaterThan(1);
    const paged: FailedReplyItem[] = [];
    let cursor: string | null = null;
    do {
      const page = await followUp.facebookReplies({ limit: '1', ...(cursor ? { cursor } : {}) });
      paged.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    expect(paged.map((item) => item.id)).toEqual(all.map((item) => item.id));
    const times = all.map((item) => Date.parse(item.failedAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });
});
