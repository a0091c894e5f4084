import {
  commentChange,
  deliver,
  facebookEnvironment,
  liveVideoChange,
  pageNotification,
  testPageId,
} from '../support/facebook-deliveries';
import { FakeGraphServer } from '../support/fake-graph-server';
import { startTestApp, type TestApp } from '../support/test-app';
import { commentKey } from '../support/live-comment-keys';

/** Every key of a JSON value, at any depth. */
function keysOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(keysOf);
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, inner]) => [key, ...keysOf(inner)]);
}

describe('signed Facebook deliveries that MongoDB could not store as they are', () => {
  const graph = new FakeGraphServer();
  const videoId = '900000000000707';
  const postId = `${testPageId}_${videoId}`;
  let bot: TestApp;

  beforeAll(async () => {
    await graph.start();
    bot = await startTestApp(facebookEnvironment(graph.url));
    await deliver(bot.app.url, pageNotification([liveVideoChange(videoId, 'live')]));
    await bot.app.facebook?.settled();
  });
  afterAll(async () => {
    await bot.dispose();
    await graph.stop();
  });

  it('when a signed delivery has "$" and dotted keys anywhere, then it is answered 200, stored without them, and its question is captured and answered once', async () => {
    const comment = commentChange({
      commentId: `${videoId}_dollar`,
      postId,
      message: '¿Cuánto recibe Pitalito por regalías?',
    });
    const body = JSON.stringify({
      object: 'page',
      $where: 'sleep(100)',
      entry: [
        {
          id: testPageId,
          time: Math.floor(Date.now() / 1000),
          'meta.version': 2,
          changes: [
            { field: 'feed', value: { ...comment.value, $set: { x: 1 }, 'post.id': postId } },
            { field: 'feed', value: { item: 'status', verb: 'add', $ne: null, 'a.b': { $gt: 1 } } },
            { field: '$unset', value: { $rename: 'x' } },
          ],
        },
      ],
    });
    expect(await deliver(bot.app.url, body)).toMatchObject({ status: 200, text: 'EVENT_RECEIVED' });
    await bot.app.facebook?.settled();

    const stored = await bot.app.database.models.facebookEvents.find().lean();
    const keys = keysOf(stored.map((event) => event.payload));
    expect(keys.filter((key) => key.startsWith('$') || key.includes('.'))).toEqual([]);
    expect(
      await bot.app.database.models.questions.countDocuments({
        submissionKey: commentKey(`${videoId}_dollar`, bot.app.pseudonymizer),
      }),
    ).toBe(1);
    expect(graph.repliesTo(`${videoId}_dollar`)).toHaveLength(1);
  });

  it('when a signed delivery carries a comment of almost 1 MB, then only Facebook’s 8,000 characters are kept, visibly cut', async () => {
    const commentId = `${videoId}_long`;
    const message = `¿Por qué ${'no pagan las regalías '.repeat(45_000)}?`;
    const body = pageNotification([commentChange({ commentId, postId, message })]);
    expect(Buffer.byteLength(body)).toBeGreaterThan(900_000);
    expect(Buffer.byteLength(body)).toBeLessThan(1024 * 1024);
    expect(await deliver(bot.app.url, body)).toMatchObject({ status: 200 });
    await bot.app.facebook?.settled();

    const stored = await bot.app.database.models.facebookEvents.find().lean();
    const largest = Math.max(...stored.map((event) => JSON.stringify(event.payload).length));
    expect(largest).toBeLessThan(10_000);
    const question = await bot.app.database.models.questions
      .findOne({ submissionKey: commentKey(commentId, bot.app.pseudonymizer) })
      .lean();
    expect(question?.text).toHaveLength(8_000);
    expect(question?.text.startsWith('¿Por qué no pagan las regalías')).toBe(true);
    expect(question?.text.endsWith('…')).toBe(true);
    expect(graph.repliesTo(commentId)).toHaveLength(1);
  });
});
