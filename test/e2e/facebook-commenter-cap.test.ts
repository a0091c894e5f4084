import {
  commentChange,
  deliver,
  facebookEnvironment,
  liveVideoChange,
  pageNotification,
  testPageId,
} from '../support/facebook-deliveries';
import { FakeGraphServer } from '../support/fake-graph-server';
import { startLoggedApp, type LoggedApp } from '../support/logged-app';
import { commentKey } from '../support/live-comment-keys';

const flooder = { id: '7004445556667', name: 'Teodoro Insistente Ramos' };
const neighbour = { id: '7008889990001', name: 'Luz Marina Calle' };
const question = (index: number) =>
  `¿Cuándo publican el informe número ${String(index)} de la mina de Segovia?`;

describe('a commenter flooding a Facebook Live', () => {
  const graph = new FakeGraphServer();
  let bot: LoggedApp;

  beforeAll(async () => {
    await graph.start();
    bot = await startLoggedApp({
      ...facebookEnvironment(graph.url),
      RATE_LIMIT_PER_COMMENTER_PER_MINUTE: '3',
    });
  });
  afterAll(async () => {
    await bot.dispose();
    await graph.stop();
  });

  it('when one commenter posts more comments than the cap allows, then Meta still gets 200 for every delivery, only the first comments are captured and replied to, other commenters are untouched, and the log counts the dropped without ids', async () => {
    const videoId = '900000000000455';
    const postId = `${testPageId}_${videoId}`;
    await deliver(bot.app.url, pageNotification([liveVideoChange(videoId, 'live')]));
    await bot.app.facebook?.settled();

    const flooderComments = Array.from({ length: 5 }, (_, index) => `${videoId}_flood${index}`);
    const statuses: number[] = [];
    for (const [index, commentId] of flooderComments.entries()) {
      const body = pageNotification([
        commentChange({
          commentId,
          postId,
          message: question(index),
          fromId: flooder.id,
          fromName: flooder.name,
        }),
      ]);
      statuses.push((await deliver(bot.app.url, body)).status);
    }
    const neighbourComment = `${videoId}_neighbour`;
    const neighbourBody = pageNotification([
      commentChange({
        commentId: neighbourComment,
        postId,
        message: question(99),
        fromId: neighbour.id,
        fromName: neighbour.name,
      }),
    ]);
    statuses.push((await deliver(bot.app.url, neighbourBody)).status);
    await bot.app.facebook?.settled();

    expect(statuses).toEqual([200, 200, 200, 200, 200, 200]);
    const { questions } = bot.app.database.models;
    const captured = async (commentId: string) =>
      questions.countDocuments({ submissionKey: commentKey(commentId, bot.app.pseudonymizer) });
    expect(await Promise.all(flooderComments.map(captured))).toEqual([1, 1, 1, 0, 0]);
    expect(await captured(neighbourComment)).toBe(1);
    expect([...flooderComments, neighbourComment].map((id) => graph.repliesTo(id).length)).toEqual([
      1, 1, 1, 0, 0, 1,
    ]);

    const drops = bot.logs
      .parsed()
      .filter((line) => line.msg === 'facebook comments over the per-commenter limit');
    expect(drops.map((line) => line.dropped)).toEqual([1, 1]);
    for (const value of [flooder.id, flooder.name, neighbour.id, ...flooderComments]) {
      expect(bot.logs.text).not.toContain(value);
    }
  });
});
