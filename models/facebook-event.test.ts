import { openTestDatabase, type TestDatabase } from '../test/support/test-database';
import {
  purgeFailedEvents,
  purgeProcessedEvents,
  recordEventOutcome,
  storeFacebookEvent,
  unprocessedEvents,
} from './facebook-event';
import {
  claimFacebookReply,
  forgetReplyComments,
  purgeOldReplies,
  recordReplyOutcome,
  replyOutcome,
  stalledReplyClaims,
} from './facebook-reply';

/** A claim on the reply keyed `replyKey`, to a comment whose raw id differs from the key. */
const reply = (replyKey: string, questionId: string) => ({
  replyKey,
  commentId: `raw-${replyKey}`,
  questionId,
});

describe('Facebook webhook records on FerretDB, written once and never updated', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(() => database.close());

  const models = () => database.models;
  const day = 24 * 60 * 60_000;
  const now = Date.now();

  it('when Meta delivers the same body twice, then it is stored once and waits to be processed', async () => {
    const receivedAt = new Date(now - 3 * day);
    expect(await storeFacebookEvent(models(), 'hash-a', { object: 'page' }, receivedAt)).toBe(true);
    expect(await storeFacebookEvent(models(), 'hash-a', { object: 'page' }, receivedAt)).toBe(
      false,
    );
    expect((await unprocessedEvents(models())).map((event) => event._id)).toEqual(['hash-a']);
  });

  it('when deliveries were processed more than two days ago, then they are purged and the rest stays; failed ones go later', async () => {
    for (const id of ['old', 'recent', 'failed']) {
      await storeFacebookEvent(models(), id, { object: 'page' }, new Date(now - 3 * day));
    }
    await recordEventOutcome(models(), {
      _id: 'old',
      state: 'processed',
      attempts: 1,
      at: new Date(now - 3 * day),
      lastError: null,
    });
    await recordEventOutcome(models(), {
      _id: 'recent',
      state: 'processed',
      attempts: 1,
      at: new Date(now - day),
      lastError: null,
    });
    await recordEventOutcome(models(), {
      _id: 'failed',
      state: 'failed',
      attempts: 5,
      at: new Date(now - 3 * day),
      lastError: 'ZodError',
    });
    expect(await purgeProcessedEvents(models(), new Date(now - 2 * day))).toBe(1);
    const left = (await models().facebookEvents.find({}, { _id: 1 }).lean()).map(
      (event) => event._id,
    );
    expect(left.sort()).toEqual(['failed', 'hash-a', 'recent']);
    expect((await unprocessedEvents(models())).map((event) => event._id)).toEqual(['hash-a']);

    // A failed delivery keeps comments' text: it goes once an operator's time to look has passed.
    expect(await purgeFailedEvents(models(), new Date(now - 4 * day))).toBe(0);
    expect(await purgeFailedEvents(models(), new Date(now - 2 * day))).toBe(1);
    expect(await models().facebookEvents.exists({ _id: 'failed' })).toBeNull();
    expect(await models().facebookEventOutcomes.exists({ _id: 'failed' })).toBeNull();
  });

  it('when two workers claim the reply to one comment, then only one may send it', async () => {
    const claims = await Promise.all([
      claimFacebookReply(models(), reply('comment-1', 'q1')),
      claimFacebookReply(models(), reply('comment-1', 'q1')),
    ]);
    expect(claims.filter(Boolean)).toHaveLength(1);
  });

  it('when a claim has no outcome after a while, then it is stalled; old claims are purged', async () => {
    await claimFacebookReply(models(), reply('stalled', 'q2'), new Date(now - 10 * 60_000));
    await claimFacebookReply(models(), reply('sent', 'q3'), new Date(now - 10 * 60_000));
    await claimFacebookReply(models(), reply('ancient', 'q4'), new Date(now - 8 * day));
    await recordReplyOutcome(models(), {
      _id: 'sent',
      state: 'sent',
      status: 200,
      attempts: 1,
      at: new Date(now - 9 * 60_000),
    });
    const stalled = await stalledReplyClaims(
      models(),
      new Date(now - 7 * day),
      new Date(now - 5 * 60_000),
      10,
    );
    expect(stalled.map((claim) => claim._id)).toEqual(['stalled']);
    const elsewhere = await stalledReplyClaims(
      models(),
      new Date(now - 7 * day),
      new Date(now - 5 * 60_000),
      10,
      new Set(['stalled']),
    );
    expect(elsewhere).toEqual([]); // the claims this process is still sending are left out
    expect(await purgeOldReplies(models(), new Date(now - 7 * day))).toBe(1);
    expect(await models().facebookReplies.findById('ancient').lean()).toBeNull();
  });

  it('when the commenters ask for erasure, then their claims keep no comment id and an unsent reply is never resumed', async () => {
    const claimedAt = new Date(now - 10 * 60_000);
    await claimFacebookReply(models(), reply('erased-unsent', 'q5'), claimedAt);
    await claimFacebookReply(models(), reply('erased-sent', 'q6'), claimedAt);
    await recordReplyOutcome(models(), {
      _id: 'erased-sent',
      state: 'sent',
      status: 200,
      attempts: 1,
      at: claimedAt,
    });
    expect(
      await forgetReplyComments(
        models(),
        ['erased-unsent', 'erased-sent', 'unknown'],
        new Date(now),
      ),
    ).toBe(2);

    const claims = await models()
      .facebookReplies.find({ _id: { $in: ['erased-unsent', 'erased-sent'] } })
      .lean();
    expect(claims).toHaveLength(2);
    for (const claim of claims) expect(claim.commentId).toBeUndefined();
    expect(await replyOutcome(models(), 'erased-unsent')).toMatchObject({
      state: 'failed',
      via: 'erased',
    });
    expect(await replyOutcome(models(), 'erased-sent')).toMatchObject({ state: 'sent' });
    const stalled = await stalledReplyClaims(
      models(),
      new Date(now - 7 * day),
      new Date(now - 5 * 60_000),
      10,
    );
    expect(stalled.map((claim) => claim._id)).not.toContain('erased-unsent');
    // A redelivered comment is not claimed (nor answered) again.
    expect(await claimFacebookReply(models(), reply('erased-unsent', 'q5'))).toBe(false);
  });
});
