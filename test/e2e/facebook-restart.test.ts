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
      .find({ submissionKey: 'facebook-comment:restart_c1' })
      .lean();
    expect(questions).toHaveLength(1);
    expect(graph.repliesTo('restart_c1')).toHaveLength(1);
    expect(await replyOutcome(second.app.database.models, 'restart_c1')).toMatchObject({
      state: 'sent',
    });
    expect(
      await second.app.database.models.facebookEventOutcomes.findById('stored-before-crash').lean(),
    ).toMatchObject({ state: 'processed' });
  });
});
