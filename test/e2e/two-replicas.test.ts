import { createHash } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';

import type { Activity } from 'botbuilder';

import { runHousekeeping } from '../../models/housekeeping';
import { replyOutcome } from '../../models/facebook-reply';
import { createModels, ensureIndexes } from '../../models/registry';
import { spaceOfResource } from '../../models/space';
import { messageActivity, newParty, postActivity } from '../support/activities';
import { ChannelSimulator } from '../support/channel-simulator';
import { Conversation, visibleText } from '../support/conversation';
import {
  commentChange,
  deliver,
  facebookEnvironment,
  liveVideoChange,
  pageNotification,
  testPageId,
} from '../support/facebook-deliveries';
import { FakeGraphServer } from '../support/fake-graph-server';
import { startReplicaPair, type ReplicaPair } from '../support/replica-pair';
import { commentKey } from '../support/live-comment-keys';

const unanswerable =
  '¿Cuántas toneladas de carbón sacó la mina La Esperanza de Samacá en el año 2025?';

function codeIn(text: string): string {
  const match = /ANM-[0-9A-Y]{4}-[0-9A-Y]{4}/.exec(text);
  if (!match) throw new Error(`no tracking code in: ${text}`);
  return match[0];
}

const isWelcome = (activity: Partial<Activity>) =>
  visibleText(activity).includes('asistente virtual');

async function waitUntil(condition: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await delay(100);
  }
}

describe('two bot replicas on one database', () => {
  const channel = new ChannelSimulator();
  const graph = new FakeGraphServer();
  let pair: ReplicaPair;
  let stopPair = (): Promise<void> => Promise.resolve();

  beforeAll(async () => {
    await channel.start();
    await graph.start();
    pair = await startReplicaPair(facebookEnvironment(graph.url));
    stopPair = pair.stop;
  }, 90_000);

  afterAll(async () => {
    try {
      await stopPair();
    } finally {
      await graph.stop();
      await channel.stop();
    }
  }, 60_000);

  afterEach(() => {
    expect(channel.cardProblems).toEqual([]);
  });

  it('when a citizen registers a question and every other turn goes to the other replica, then the flow completes with a tracking code, the question is stored once and the citizen is welcomed once', async () => {
    const onA = new Conversation(pair.a.url, channel);
    const onB = new Conversation(pair.b.url, channel, 'webchat', onA.party);

    await onA.say('hola');
    const offer = await onB.ask(unanswerable);
    expect(offer).toContain('No tengo una respuesta segura');
    expect(offer).toContain(
      '¿Quiere que registremos su pregunta para que la ANM le responda por escrito?',
    );
    expect(await onA.ask('sí')).toContain('Responsable: la Agencia Nacional de Minería (ANM).');
    expect(await onB.ask('Acepto')).toContain('¿Cómo se llama?');
    expect(await onA.ask('María Pérez')).toContain('correo electrónico');
    const confirmation = await onB.ask('maria.perez@example.com');
    const code = codeIn(confirmation);
    expect(confirmation).toContain('15 días hábiles');
    // The citizen's pseudonymous key is the same on both replicas: A finds what B registered.
    expect(await onA.ask('mis preguntas')).toContain(code);

    const stored = await pair.models.questions.find({ text: unanswerable }).lean();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({
      trackingCode: code,
      status: 'pending',
      contact: { name: 'María Pérez', email: 'maria.perez@example.com' },
      conversationKey: { channelId: 'webchat', conversationId: onA.party.conversationId },
    });
    const replies = channel.inConversation(onA.party.conversationId);
    expect(replies.filter(isWelcome)).toHaveLength(1);
    expect(isWelcome(replies[0] ?? {})).toBe(true);
  });

  it('when the channel delivers the same message to both replicas at once, then it is answered once', async () => {
    const party = newParty(channel.serviceUrl);
    const activity = messageActivity(party, '¿Qué es el canon superficiario?');

    const responses = await Promise.all([
      postActivity(pair.a.url, activity),
      postActivity(pair.b.url, activity),
    ]);

    expect(responses.map((response) => response.status)).toEqual([200, 200]);
    // A request returns once its turn is over: every reply of both turns has arrived.
    const replies = channel.inConversation(party.conversationId);
    expect(replies.filter(isWelcome)).toHaveLength(1);
    expect(replies.filter((reply) => /canon superficiario/i.test(visibleText(reply)))).toHaveLength(
      1,
    );
    expect(replies).toHaveLength(2);
  });

  it('when the first two messages of a new citizen reach both replicas at once, then they are welcomed once and both messages are answered', async () => {
    const party = newParty(channel.serviceUrl);

    const responses = await Promise.all([
      postActivity(pair.a.url, messageActivity(party, 'hola')),
      postActivity(pair.b.url, messageActivity(party, '¿Qué es el canon superficiario?')),
    ]);

    expect(responses.map((response) => response.status)).toEqual([200, 200]);
    const replies = channel.inConversation(party.conversationId);
    expect(replies.filter(isWelcome)).toHaveLength(1);
    expect(replies.filter((reply) => /canon superficiario/i.test(visibleText(reply)))).toHaveLength(
      1,
    );
  });

  it('when Meta delivers the same signed comment to both replicas at once, then the question is captured once and gets one private reply', async () => {
    const videoId = '900000000000616';
    const postId = `${testPageId}_${videoId}`;
    const commentId = `${videoId}_replicas`;
    const video = { kind: 'facebook-live-video', id: videoId } as const;
    expect(
      (await deliver(pair.a.url, pageNotification([liveVideoChange(videoId, 'live')]))).status,
    ).toBe(200);
    await waitUntil(async () => (await spaceOfResource(pair.models, video))?.state === 'open');

    const body = pageNotification([
      commentChange({
        commentId,
        postId,
        message: '¿Cuándo le pagan las regalías al municipio de Pitalito?',
      }),
    ]);
    const responses = await Promise.all([deliver(pair.a.url, body), deliver(pair.b.url, body)]);
    expect(responses.map(({ status, text }) => [status, text])).toEqual([
      [200, 'EVENT_RECEIVED'],
      [200, 'EVENT_RECEIVED'],
    ]);

    const deliveryId = createHash('sha256').update(body).digest('hex');
    const { questions, facebookEventOutcomes } = pair.models;
    const submissionKey = commentKey(commentId, pair.pseudonymizer);
    await waitUntil(
      async () =>
        (await facebookEventOutcomes.exists({ _id: deliveryId })) !== null &&
        (await replyOutcome(pair.models, submissionKey))?.state === 'sent',
    );
    // Whichever replica lost the race may still be working on the same delivery: let it finish.
    await delay(1_500);

    const captured = await questions.find({ submissionKey }).lean();
    expect(captured).toHaveLength(1);
    const attempts = graph.replyAttemptsTo(commentId);
    expect(attempts.map((attempt) => attempt.path)).toEqual([`/v24.0/${testPageId}/messages`]);
    expect(attempts[0]?.body.message?.text).toContain(
      `Su código es ${captured[0]?.trackingCode ?? '?'}`,
    );
    expect(await facebookEventOutcomes.findById(deliveryId).lean()).toMatchObject({
      state: 'processed',
    });
    expect(pair.a.bot.child.exitCode).toBeNull();
    expect(pair.b.bot.child.exitCode).toBeNull();
  });

  it('when the housekeeping timers of two replicas fire in the same period, then one runs the job and the other skips it, and in the next period one runs it again', async () => {
    // A database of its own on the replicas' server: the fixed clock below must not touch the
    // other tests' records.
    const dbName = `${pair.dbName}_housekeeping`;
    const replicaA = createModels(await pair.connect(dbName));
    const replicaB = createModels(await pair.connect(dbName));
    await ensureIndexes(replicaA);
    const now = new Date('2031-03-05T07:00:00Z');
    const daysBefore = (days: number, from: Date) =>
      new Date(from.getTime() - days * 24 * 60 * 60_000);
    // Retry-filter keys two days old: the job forgets them.
    await replicaA.processedActivities.insertMany(
      ['old-1', 'old-2', 'old-3'].map((_id) => ({ _id, processedAt: daysBefore(2, now) })),
    );

    const first = await Promise.all([
      runHousekeeping(replicaA, 365, now),
      runHousekeeping(replicaB, 365, now),
    ]);
    expect(first.filter((outcome) => outcome === undefined)).toHaveLength(1);
    expect(first.find((outcome) => outcome !== undefined)).toEqual({ anonymised: 0, forgotten: 3 });
    expect(await replicaB.processedActivities.countDocuments()).toBe(0);

    const nextPeriod = new Date(now.getTime() + 6 * 60 * 60_000);
    await replicaB.processedActivities.insertMany([
      { _id: 'old-4', processedAt: daysBefore(2, nextPeriod) },
    ]);
    const second = await Promise.all([
      runHousekeeping(replicaB, 365, nextPeriod),
      runHousekeeping(replicaA, 365, nextPeriod),
    ]);
    expect(second.filter((outcome) => outcome === undefined)).toHaveLength(1);
    expect(second.find((outcome) => outcome !== undefined)).toEqual({
      anonymised: 0,
      forgotten: 1,
    });
    expect(await replicaA.jobRuns.countDocuments({ job: 'housekeeping' })).toBe(2);
  });
});
