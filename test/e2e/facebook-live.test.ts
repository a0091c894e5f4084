import { Types } from 'mongoose';

import { replyOutcome } from '../../models/facebook-reply';
import { spaceQuestions } from '../../models/space-questions';
import { spaceOfResource } from '../../models/space';
import {
  commentChange,
  deliver,
  facebookEnvironment,
  liveVideoChange,
  pageNotification,
  testPageId,
  testVerifyToken,
} from '../support/facebook-deliveries';
import { FakeGraphServer } from '../support/fake-graph-server';
import { startTestApp, type TestApp } from '../support/test-app';
import { commentKey } from '../support/live-comment-keys';

describe('Facebook Live comments through the Page webhook', () => {
  const graph = new FakeGraphServer();
  let bot: TestApp;

  beforeAll(async () => {
    await graph.start();
    bot = await startTestApp(facebookEnvironment(graph.url));
  });
  afterAll(async () => {
    await bot.dispose();
    await graph.stop();
  });

  async function settled(): Promise<void> {
    await bot.app.facebook?.settled();
  }

  it('when Meta verifies the subscription with our token, then the challenge is echoed; with another token it is refused', async () => {
    const ok = await fetch(
      `${bot.app.url}/api/facebook/webhook?hub.mode=subscribe&hub.verify_token=${testVerifyToken}&hub.challenge=1158201444`,
    );
    expect([ok.status, await ok.text()]).toEqual([200, '1158201444']);
    const wrong = await fetch(
      `${bot.app.url}/api/facebook/webhook?hub.mode=subscribe&hub.verify_token=otro&hub.challenge=1`,
    );
    expect(wrong.status).toBe(403);
  });

  it('when a delivery is unsigned or wrongly signed, then it is refused and nothing is stored', async () => {
    const body = pageNotification([
      commentChange({ commentId: 'c_unsigned', postId: 'p_1', message: '¿Qué es el canon?' }),
    ]);
    expect((await deliver(bot.app.url, body, null)).status).toBe(401);
    expect((await deliver(bot.app.url, body, `sha256=${'0'.repeat(64)}`)).status).toBe(403);
    expect((await deliver(bot.app.url, `${body} `, undefined)).status).toBe(200);
    expect((await deliver(bot.app.url, body, 'sha256=' + 'a'.repeat(64))).status).toBe(403);
    await settled();
    const unsigned = await bot.app.database.models.questions.countDocuments({
      submissionKey: commentKey('c_unsigned', bot.app.pseudonymizer),
    });
    // Only the correctly signed delivery (the body with a trailing space) was stored; no space
    // is open for its post, so its comment was not captured either.
    expect(unsigned).toBe(0);
    expect(await bot.app.database.models.facebookEvents.countDocuments()).toBe(1);
  });

  it('when a Live comment reports an emergency, then its private reply gives the emergency line first', async () => {
    const videoId = '900000000000777';
    const postId = `${testPageId}_${videoId}`;
    await deliver(bot.app.url, pageNotification([liveVideoChange(videoId, 'live')]));
    await settled();
    const commentId = `${videoId}_emergency`;
    const body = pageNotification([
      commentChange({
        commentId,
        postId,
        message: 'AUXILIO se derrumbo la mina y hay gente adentro',
      }),
    ]);
    expect((await deliver(bot.app.url, body)).status).toBe(200);
    await settled();
    await deliver(bot.app.url, pageNotification([liveVideoChange(videoId, 'live_stopped')]));
    await settled();
    const [reply] = graph.repliesTo(commentId);
    const text = reply?.body.message?.text ?? '';
    expect(text.startsWith('Emergencia: llame ya a la línea 123')).toBe(true);
    expect(text).toContain('salvamento minero');
  });

  it.each([
    [
      'the knowledge base reads as the emergency entry',
      '778',
      'puedo entrar a sacar a mi ermano de la mina?',
    ],
    [
      'only the report reader reads as a report',
      '779',
      'mi esposo bajó al pozo a las 6 y ya son las 10 y no ha vuelto a subir, el celador no contesta',
    ],
  ])(
    'when a Live comment the emergency check lets pass is one %s, then its private reply gives the emergency line first',
    async (_reader, suffix, message) => {
      const videoId = `900000000000${suffix}`;
      const postId = `${testPageId}_${videoId}`;
      await deliver(bot.app.url, pageNotification([liveVideoChange(videoId, 'live')]));
      await settled();
      const commentId = `${videoId}_reader`;
      // Another commenter each: the others' comments in this file share one commenter's budget.
      const fromId = `7000000000${suffix}`;
      const body = pageNotification([commentChange({ commentId, postId, message, fromId })]);
      expect((await deliver(bot.app.url, body)).status).toBe(200);
      await settled();
      await deliver(bot.app.url, pageNotification([liveVideoChange(videoId, 'live_stopped')]));
      await settled();
      const [reply] = graph.repliesTo(commentId);
      expect(reply?.body.message?.text?.startsWith('Emergencia: llame ya a la línea 123')).toBe(
        true,
      );
    },
  );

  it('when a live video runs, then its questions are captured once each, each gets one private reply, and its end closes the space', async () => {
    const videoId = '900000000000101';
    const postId = `${testPageId}_${videoId}`;
    expect(
      (await deliver(bot.app.url, pageNotification([liveVideoChange(videoId, 'live')]))).status,
    ).toBe(200);
    await settled();
    const space = await spaceOfResource(bot.app.database.models, {
      kind: 'facebook-live-video',
      id: videoId,
    });
    expect(space).toMatchObject({ state: 'open', type: 'redes-sociales', origin: 'facebook-live' });

    const question = commentChange({
      commentId: `${videoId}_c1`,
      postId,
      message: '¿Cuándo le pagan las regalías al municipio de Pitalito?',
    });
    const deliveries = [
      pageNotification([question]),
      pageNotification([
        commentChange({ commentId: `${videoId}_c2`, postId, message: 'Saludos desde Neiva' }),
        commentChange({
          commentId: `${videoId}_c3`,
          postId,
          message: 'cuando pagan regalias al municipio pitalito',
        }),
        commentChange({
          commentId: `${videoId}_c4`,
          postId,
          message: '¿Quieren saber más? Escríbannos.',
          fromId: testPageId,
        }),
      ]),
      pageNotification([
        question,
        commentChange({
          commentId: `${videoId}_c5`,
          postId,
          message: 'como denuncio mineria ilegal en mi vereda',
        }),
      ]),
    ];
    for (const body of [...deliveries, deliveries[0] ?? '']) {
      const response = await deliver(bot.app.url, body);
      expect(response).toMatchObject({ status: 200, text: 'EVENT_RECEIVED' });
    }
    await settled();

    const questions = await spaceQuestions(
      bot.app.database.models,
      space?._id ?? new Types.ObjectId(),
    );
    const commentOfKey = new Map(
      ['c1', 'c3', 'c5'].map((name) => {
        const commentId = `${videoId}_${name}`;
        return [commentKey(commentId, bot.app.pseudonymizer), commentId] as const;
      }),
    );
    expect(questions.map((stored) => stored.submissionKey).sort()).toEqual(
      [...commentOfKey.keys()].sort(),
    );
    // The stored key is a pseudonym: no comment id can be read from it.
    for (const stored of questions) expect(stored.submissionKey).not.toContain(videoId);
    // Each counts in the reports under the knowledge base's topic it is about.
    expect(
      Object.fromEntries(
        questions.map((stored) => [commentOfKey.get(stored.submissionKey), stored.knowledgeTopic]),
      ),
    ).toEqual({
      [`${videoId}_c1`]: 'regalias',
      [`${videoId}_c3`]: 'regalias',
      [`${videoId}_c5`]: 'mineria-ilegal',
    });
    for (const stored of questions) {
      expect(stored).toMatchObject({
        origin: 'live-comment',
        channelId: 'facebook',
        citizenKey: null,
        contact: null,
      });
      const replies = graph.repliesTo(commentOfKey.get(stored.submissionKey) ?? '');
      expect(replies).toHaveLength(1);
      expect(replies[0]?.path).toBe(`/v24.0/${testPageId}/messages`);
      expect(replies[0]?.authorization).toBe('Bearer page-token-for-tests');
      expect(replies[0]?.body.message?.text).toContain(`Su código es ${stored.trackingCode}`);
      expect(replies[0]?.body.message?.text).toMatch(/a más tardar el \S+ \d+ de \S+ de \d{4}/);
      expect(replies[0]?.body.message?.text).toContain(`recibir respuesta ${stored.trackingCode}`);
    }
    const c3 = questions.find(
      (stored) => commentOfKey.get(stored.submissionKey) === `${videoId}_c3`,
    );
    const c1 = questions.find(
      (stored) => commentOfKey.get(stored.submissionKey) === `${videoId}_c1`,
    );
    expect(c3?.groupId?.equals(c1?._id ?? '')).toBe(true);

    const stored = JSON.stringify(await bot.app.database.models.facebookEvents.find().lean());
    expect(stored).not.toContain('Ana Pérez');

    await deliver(bot.app.url, pageNotification([liveVideoChange(videoId, 'live_stopped')]));
    await settled();
    expect(
      (await spaceOfResource(bot.app.database.models, { kind: 'facebook-live-video', id: videoId }))
        ?.state,
    ).toBe('closed');
  });

  it('when a comment comes on a post no space knows and one Facebook space is open, then it joins that space', async () => {
    const videoId = '900000000000202';
    await deliver(bot.app.url, pageNotification([liveVideoChange(videoId, 'live')]));
    await deliver(
      bot.app.url,
      pageNotification([
        commentChange({
          commentId: 'orphan_c1',
          postId: `${testPageId}_777`,
          message: '¿Qué es el barequeo?',
        }),
      ]),
    );
    await settled();
    const space = await spaceOfResource(bot.app.database.models, {
      kind: 'facebook-live-video',
      id: videoId,
    });
    const questions = await spaceQuestions(
      bot.app.database.models,
      space?._id ?? new Types.ObjectId(),
    );
    expect(questions.map((question) => question.text)).toEqual(['¿Qué es el barequeo?']);
    await deliver(bot.app.url, pageNotification([liveVideoChange(videoId, 'live_stopped')]));
    await settled();
  });

  it('when the Graph API fails for a while, then the reply is retried and the question is never lost', async () => {
    const videoId = '900000000000303';
    await deliver(bot.app.url, pageNotification([liveVideoChange(videoId, 'live')]));
    await settled();
    graph.failNext(500, 429);
    await deliver(
      bot.app.url,
      pageNotification([
        commentChange({
          commentId: 'retry_c1',
          postId: `${testPageId}_${videoId}`,
          message: '¿Dónde denuncio una mina ilegal?',
        }),
      ]),
    );
    await settled();
    expect(
      await bot.app.database.models.questions.countDocuments({
        submissionKey: commentKey('retry_c1', bot.app.pseudonymizer),
      }),
    ).toBe(1);
    expect(
      graph.requests.filter((request) => request.body.recipient?.comment_id === 'retry_c1'),
    ).toHaveLength(3);
    expect(graph.repliesTo('retry_c1')).toHaveLength(1);
    expect(
      await replyOutcome(bot.app.database.models, commentKey('retry_c1', bot.app.pseudonymizer)),
    ).toMatchObject({
      state: 'sent',
    });
  });
});
