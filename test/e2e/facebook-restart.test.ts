import { rm } from 'node:fs/promises';

import { storeFacebookEvent } from '../../models/facebook-event';
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

describe('Facebook deliveries across a restart', () => {
  const graph = new FakeGraphServer();
  let first: TestApp | undefined;
  let second: TestApp | undefined;

  beforeAll(() => graph.start());
  afterAll(async () => {
    await second?.dispose(); // drops the database both instances used
    if (first) await rm(first.config.dataDir, { recursive: true, force: true });
    await graph.stop();
  });

  it('when the bot stopped after storing a delivery but before processing it, then the next start processes it once', async () => {
    const videoId = '900000000000404';
    first = await startTestApp(facebookEnvironment(graph.url));
    await deliver(first.app.url, pageNotification([liveVideoChange(videoId, 'live')]));
    await first.app.facebook?.settled();
    // What the webhook stores when the process dies right after answering Meta.
    const delivery = JSON.parse(
      pageNotification([
        commentChange({
          commentId: 'restart_c1',
          postId: `${testPageId}_${videoId}`,
          message: '¿Quién responde por las regalías de Pitalito?',
        }),
      ]),
    ) as unknown;
    await storeFacebookEvent(
      first.app.database.models,
      'stored-before-crash',
      delivery,
      new Date(),
    );
    const databaseName = first.config.database.dbName;
    await first.app.stop();

    second = await startTestApp({
      ...facebookEnvironment(graph.url),
      MONGODB_DB_NAME: databaseName,
    });
    await second.app.facebook?.settled();
    const questions = await second.app.database.models.questions
      .find({ submissionKey: commentKey('restart_c1', second.app.pseudonymizer) })
      .lean();
    expect(questions).toHaveLength(1);
    expect(graph.repliesTo('restart_c1')).toHaveLength(1);
    expect(
      await replyOutcome(
        second.app.database.models,
        commentKey('restart_c1', second.app.pseudonymizer),
      ),
    ).toMatchObject({
      state: 'sent',
    });
    expect(
      await second.app.database.models.facebookEventOutcomes.findById('stored-before-crash').lean(),
    ).toMatchObject({ state: 'processed' });
  });
});

describe('Facebook private replies in flight when the bot died', () => {
  const graph = new FakeGraphServer();
  let first: TestApp | undefined;
  let second: TestApp | undefined;

  beforeAll(() => graph.start());
  afterAll(async () => {
    await second?.dispose();
    if (first) await rm(first.config.dataDir, { recursive: true, force: true });
    await graph.stop();
  });

  it('when the bot restarts, then each reply left without outcome is settled at once, without a new webhook: the one Meta got is not sent again, the other is sent once', async () => {
    const videoId = '900000000000505';
    const postId = `${testPageId}_${videoId}`;
    first = await startTestApp(facebookEnvironment(graph.url));
    await deliver(first.app.url, pageNotification([liveVideoChange(videoId, 'live')]));
    await deliver(
      first.app.url,
      pageNotification([
        commentChange({ commentId: 'inflight_reached', postId, message: '¿Qué es el canon?' }),
        commentChange({
          commentId: 'inflight_lost',
          postId,
          message: '¿Cómo denuncio una mina ilegal?',
        }),
      ]),
    );
    await first.app.facebook?.settled();
    // The state a crash inside the Graph call leaves: claims without outcome; Meta received
    // the first reply (the crash came before its outcome was written), not the second one.
    const { database, pseudonymizer } = first.app;
    await database.models.facebookReplyOutcomes.deleteMany({
      _id: {
        $in: ['inflight_reached', 'inflight_lost'].map((id) => commentKey(id, pseudonymizer)),
      },
    });
    graph.forgetReply('inflight_lost');
    const databaseName = first.config.database.dbName;
    await first.app.stop();
    const requestsBefore = graph.requests.length;

    second = await startTestApp({
      ...facebookEnvironment(graph.url),
      MONGODB_DB_NAME: databaseName,
    });
    await second.app.facebook?.settled();
    const afterRestart = graph.requests.slice(requestsBefore);
    const to = (commentId: string) =>
      afterRestart.filter((request) => request.body.recipient?.comment_id === commentId);
    expect(to('inflight_reached')).toEqual([]);
    expect(to('inflight_lost').map((request) => request.path)).toEqual([
      `/v24.0/${testPageId}/messages`,
    ]);
    expect(
      await replyOutcome(
        second.app.database.models,
        commentKey('inflight_reached', second.app.pseudonymizer),
      ),
    ).toMatchObject({
      state: 'sent',
      via: 'check',
    });
    expect(
      await replyOutcome(
        second.app.database.models,
        commentKey('inflight_lost', second.app.pseudonymizer),
      ),
    ).toMatchObject({
      state: 'sent',
      via: 'send',
    });
  });
});
