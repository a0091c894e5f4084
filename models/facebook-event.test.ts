import { openTestDatabase, type TestDatabase } from '../test/support/test-database';
import {
  claimFacebookReply,
  eventsToProcess,
  purgeProcessedEvents,
  storeFacebookEvent,
} from './facebook-event';

describe('Facebook webhook deliveries on FerretDB', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(() => database.close());

  const events = () => database.models.facebookEvents;
  const day = 24 * 60 * 60_000;

  it('when Meta delivers the same body twice, then it is stored once and waits to be processed', async () => {
    const receivedAt = new Date();
    expect(await storeFacebookEvent(events(), 'hash-a', { object: 'page' }, receivedAt)).toBe(true);
    expect(await storeFacebookEvent(events(), 'hash-a', { object: 'page' }, receivedAt)).toBe(
      false,
    );
    expect((await eventsToProcess(events(), 10)).map((event) => event._id)).toEqual(['hash-a']);
  });

  it('when deliveries were processed more than two days ago, then they are purged and the rest stays', async () => {
    const now = Date.now();
    for (const id of ['old', 'recent', 'waiting']) {
      await storeFacebookEvent(events(), id, { object: 'page' }, new Date(now - 3 * day));
    }
    await events().updateOne(
      { _id: 'old' },
      { $set: { state: 'processed', processedAt: new Date(now - 3 * day), payload: null } },
    );
    await events().updateOne(
      { _id: 'recent' },
      { $set: { state: 'processed', processedAt: new Date(now - day), payload: null } },
    );
    expect(await purgeProcessedEvents(events(), new Date(now - 2 * day))).toBe(1);
    const left = (await events().find({}, { _id: 1 }).lean()).map((event) => event._id).sort();
    expect(left).toEqual(['hash-a', 'recent', 'waiting']);
  });

  it('when two workers claim the reply to one comment, then only one may send it', async () => {
    const claims = await Promise.all([
      claimFacebookReply(database.models.facebookReplies, 'comment-1', 'q1'),
      claimFacebookReply(database.models.facebookReplies, 'comment-1', 'q1'),
    ]);
    expect(claims.filter(Boolean)).toHaveLength(1);
  });
});
