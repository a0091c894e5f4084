import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

import {
  messageActivity,
  newParty,
  postActivity,
  type ConversationParty,
} from '../support/activities';
import { ChannelSimulator } from '../support/channel-simulator';
import { embeddedServerPid, startEmbeddedTestApp } from '../support/embedded-app';
import {
  commentChange,
  deliver,
  facebookEnvironment,
  liveVideoChange,
  pageNotification,
  testPageId,
} from '../support/facebook-deliveries';
import { FakeGraphServer } from '../support/fake-graph-server';
import type { TestApp } from '../support/test-app';
import { commentKey } from '../support/live-comment-keys';

async function waitUntil(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await delay(50);
  }
}

const isApology = (activity: { text?: string }) =>
  (activity.text ?? '').includes('tuvimos un problema técnico');

const questionsAsked = [
  '¿Cuándo pagan las regalías al municipio?',
  '¿Cómo denuncio minería ilegal en mi vereda?',
  '¿Qué es el canon superficiario?',
  '¿Dónde consulto un título minero?',
  '¿Cómo se formaliza un minero de subsistencia?',
  '¿Qué requisitos tiene el barequeo?',
  '¿Quién fiscaliza las minas de carbón?',
  '¿Cuánto tarda un trámite de legalización?',
];

describe('a burst of messages and webhooks while the embedded database dies and comes back', () => {
  const channel = new ChannelSimulator();
  const graph = new FakeGraphServer();
  let dataDir: string;
  let bot: TestApp;

  beforeAll(async () => {
    await channel.start();
    await graph.start();
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'anm-bot-burst-'));
    bot = await startEmbeddedTestApp(dataDir, {
      MONGODB_TIMEOUT_MS: '10000',
      ...facebookEnvironment(graph.url),
    });
  });
  afterAll(async () => {
    await bot.dispose();
    await graph.stop();
    await channel.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('when FerretDB is killed in the middle, then every message is answered exactly once and every comment is captured exactly once', async () => {
    const videoId = '900000000000909';
    const postId = `${testPageId}_${videoId}`;
    await deliver(bot.app.url, pageNotification([liveVideoChange(videoId, 'live')]));
    await bot.app.facebook?.settled();

    const parties: ConversationParty[] = [];
    const commentIds: string[] = [];
    const requests: Promise<number>[] = [];
    const total = 32;
    for (let index = 0; index < total; index++) {
      if (index === 8) process.kill(embeddedServerPid(dataDir), 'SIGKILL');
      if (index % 4 === 3) {
        const commentId = `${videoId}_burst${index}`;
        commentIds.push(commentId);
        const body = pageNotification([
          commentChange({
            commentId,
            postId,
            message: questionsAsked[commentIds.length - 1] ?? '¿Pregunta?',
          }),
        ]);
        requests.push(deliver(bot.app.url, body).then((response) => response.status));
      } else {
        const party = newParty(channel.serviceUrl);
        parties.push(party);
        requests.push(
          postActivity(bot.app.url, messageActivity(party, 'hola')).then(
            (response) => response.status,
          ),
        );
      }
      await delay(60);
    }
    const statuses = await Promise.all(requests);
    expect(statuses.filter((status) => status !== 200 && status !== 202)).toEqual([]);
    // Some of the burst arrived while the database was away: the journal took it.
    expect(statuses.filter((status) => status === 202).length).toBeGreaterThan(0);

    for (const party of parties) {
      await waitUntil(
        () =>
          channel.inConversation(party.conversationId).filter((reply) => !isApology(reply))
            .length >= 2,
        60_000,
      );
    }
    expect(await bot.app.journal.drained(30_000)).toBe(true);
    await bot.app.facebook?.settled();
    await delay(1_000);

    for (const party of parties) {
      // A turn whose last write (its state) was in flight at the kill has answered already and
      // then apologises; the answer itself is there once, and nothing else is repeated.
      const answers = channel
        .inConversation(party.conversationId)
        .filter((reply) => !isApology(reply));
      expect(answers).toHaveLength(2);
      expect(JSON.stringify(answers[0])).toContain('asistente virtual');
    }
    const { questions } = bot.app.database.models;
    for (const commentId of commentIds) {
      expect(
        await questions.countDocuments({
          submissionKey: commentKey(commentId, bot.app.pseudonymizer),
        }),
      ).toBe(1);
    }

    // Each commenter got exactly one private reply at Meta: none lost, none sent twice (a second
    // send would show as a request Meta refused, or as a second accepted one).
    await waitUntil(
      () => commentIds.every((commentId) => graph.repliesTo(commentId).length > 0),
      30_000,
    );
    await bot.app.facebook?.settled();
    await delay(1_000);
    expect(
      commentIds.map((commentId) => [commentId, graph.replyAttemptsTo(commentId).length]),
    ).toEqual(commentIds.map((commentId) => [commentId, 1]));
    expect(graph.requests.filter((request) => request.path !== 'failed')).toHaveLength(
      commentIds.length,
    );
  }, 120_000);
});
