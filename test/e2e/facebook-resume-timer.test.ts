import { rm } from 'node:fs/promises';
import { setTimeout as delay } from 'node:timers/promises';

import { replyOutcome } from '../../models/facebook-reply';
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

const resumeIntervalMs = 300;

async function waitFor(condition: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await condition()) return true;
    await delay(50);
  }
  return condition();
}

describe('Facebook private replies resumed on a timer', () => {
  const graph = new FakeGraphServer();
  let first: TestApp | undefined;
  let second: TestApp | undefined;

  beforeAll(() => graph.start());
  afterAll(async () => {
    await second?.dispose();
    if (first) await rm(first.config.dataDir, { recursive: true, force: true });
    await graph.stop();
  });

  it('when the Graph API cannot be asked at start-up, then the timer asks again and the reply is sent once, with no webhook; after stop the timer asks nothing more', async () => {
    const videoId = '900000000000606';
    const commentId = 'timer_c1';
    first = await startTestApp(facebookEnvironment(graph.url));
    await deliver(first.app.url, pageNotification([liveVideoChange(videoId, 'live')]));
    await deliver(
      first.app.url,
      pageNotification([
        commentChange({
          commentId,
          postId: `${testPageId}_${videoId}`,
          message: '¿Quién fiscaliza las minas de mi municipio?',
        }),
      ]),
    );
    await first.app.facebook?.settled();
    // A crash before the Graph call reached Meta: a claim without outcome, no reply at Meta.
    await first.app.database.models.facebookReplyOutcomes.deleteOne({
      _id: commentKey(commentId, first.app.pseudonymizer),
    });
    graph.forgetReply(commentId);
    const databaseName = first.config.database.dbName;
    await first.app.stop();
    const requestsBefore = graph.requests.length;

    graph.failNextChecks(503, 503); // every attempt of the start-up round
    second = await startTestApp({
      ...facebookEnvironment(graph.url),
      MONGODB_DB_NAME: databaseName,
      FACEBOOK_RESUME_INTERVAL_MS: String(resumeIntervalMs),
    });
    const app = second.app;
    await app.facebook?.settled();
    expect(graph.checks.filter((check) => check.failedWith !== null)).toHaveLength(2);
    expect(graph.requests.slice(requestsBefore)).toEqual([]); // not sent blindly

    expect(
      await waitFor(
        async () =>
          (await replyOutcome(app.database.models, commentKey(commentId, app.pseudonymizer))) !==
          null,
        10_000,
      ),
    ).toBe(true);
    await app.facebook?.settled();
    expect(
      await replyOutcome(app.database.models, commentKey(commentId, app.pseudonymizer)),
    ).toMatchObject({ state: 'sent' });
    expect(
      graph.requests.slice(requestsBefore).map((request) => request.body.recipient?.comment_id),
    ).toEqual([commentId]);

    // A claim that can never be settled keeps the timer asking, until the app stops.
    await app.database.models.facebookReplyOutcomes.deleteOne({
      _id: commentKey(commentId, app.pseudonymizer),
    });
    graph.failNextChecks(...Array.from<number>({ length: 1_000 }).fill(503));
    const checksBefore = graph.checks.length;
    expect(await waitFor(() => Promise.resolve(graph.checks.length > checksBefore), 5_000)).toBe(
      true,
    );
    await app.stop();
    const checksAtStop = graph.checks.length;
    await delay(resumeIntervalMs * 4);
    expect(graph.checks.length).toBe(checksAtStop);
  });
});
