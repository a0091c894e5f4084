import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';

import mongoose from 'mongoose';

import { createLogger, type Logger } from '../kernel/logger';
import { subscribeToAnswer } from '../models/answer-subscription';
import { ConversationReferenceStore } from '../models/conversation-reference';
import { deliveryId, type DeliveryDocument } from '../models/deliveries';
import { claimDeliveryAttempt } from '../models/delivery-attempts';
import type { QuestionDocument } from '../models/question';
import { createModels } from '../models/registry';
import {
  ana,
  bruno,
  openModerationFixture,
  type ModerationFixture,
} from '../moderation/moderation-test-kit';
import { adapterSender, rememberedConversation } from '../test/support/adapter-sender';
import { ChannelSimulator } from '../test/support/channel-simulator';
import { testMongoUri } from '../test/support/test-database';
import { DeliveryWorker, type DeliveryWorkerModels } from './delivery-worker';
import { createEmailSender, type EmailSender } from './email-sender';
import { startLoopbackSmtpServer, type LoopbackSmtpServer } from '../test/support/smtp-server';

const answerText =
  'El municipio recibe regalías por el carbón que se saca de su suelo. Puede ver cuánto recibe en el mapa de regalías.';
const publicBaseUrl = 'https://bot.anm.test';
const citizenEmail = 'camila.rios@correo.test';

/** The real Bot Framework adapter, unauthenticated, sending to the channel simulator over HTTP. */
/** Every log line, to check that none carries personal data. */
function capturedLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(chunk.toString('utf8'));
      callback();
    },
  });
  return { logger: createLogger('info', destination), lines };
}

describe('the deliverer, on FerretDB, through the real adapter and a real SMTP server', () => {
  let fixture: ModerationFixture;
  let simulator: ChannelSimulator;
  let smtp: LoopbackSmtpServer;
  let email: EmailSender;
  let log: ReturnType<typeof capturedLogger>;
  let references: ConversationReferenceStore;

  beforeAll(async () => {
    fixture = await openModerationFixture();
    simulator = new ChannelSimulator();
    await simulator.start();
    smtp = await startLoopbackSmtpServer();
    email = createEmailSender({ smtpUrl: smtp.url, from: 'respuestas@anm.test', timeoutMs: 5_000 });
    references = new ConversationReferenceStore(fixture.database.models.conversationReferences);
  });
  beforeEach(() => {
    log = capturedLogger();
  });
  afterAll(async () => {
    email.close();
    await smtp.stop();
    await simulator.stop();
    await fixture.close();
  });

  function workerOn(models: DeliveryWorkerModels, sender = adapterSender()): DeliveryWorker {
    return new DeliveryWorker({
      models,
      sender,
      email,
      publicBaseUrl,
      publicationUrl: 'https://www.anm.gov.co/',
      logger: log.logger,
      now: fixture.clock.now,
    });
  }

  const conversation = (channelId: string) =>
    rememberedConversation(references, simulator.serviceUrl, channelId);

  /** A chat asker whose question is canonical; the group's other askers come from `others`. */
  async function approvedGroup(
    others: (canonical: QuestionDocument) => Promise<QuestionDocument[]> | QuestionDocument[],
  ) {
    const chatConversation = await conversation('webchat');
    const canonical = await fixture.register({
      contact: null,
      conversationKey: { channelId: 'webchat', conversationId: chatConversation },
    });
    const members = await others(canonical);
    await fixture.service.act('answer', canonical._id, ana, { version: 1, text: answerText });
    await fixture.service.act('approve', canonical._id, bruno, { version: 2 });
    return { canonical, members, chatConversation };
  }

  const deliveryOf = async (questionId: QuestionDocument['_id'], channel: string) =>
    (await fixture.database.models.deliveries
      .findOne({ _id: `${questionId.toHexString()}#${channel}` })
      .lean()) as DeliveryDocument;

  it('when a group is approved, then each reachable asker receives exactly one message where they asked, and the others are unreachable', async () => {
    const meetingConversation = await conversation('msteams');
    const meetingAsker = {
      origin: 'meeting-chat' as const,
      channelId: 'msteams',
      contact: null,
      citizenKey: null,
      consentId: null,
      conversationKey: { channelId: 'msteams', conversationId: meetingConversation },
    };
    const { canonical, members, chatConversation } = await approvedGroup(async (canonical) => [
      // An e-mail asker: consent and an address, no conversation kept.
      await fixture.register({
        groupId: canonical._id,
        contact: { name: 'Camila Ríos', email: citizenEmail },
        conversationKey: null,
      }),
      await fixture.register({ groupId: canonical._id, ...meetingAsker }),
      await fixture.register({ groupId: canonical._id, ...meetingAsker }),
      // Anonymous: registered without consent.
      await fixture.register({
        groupId: canonical._id,
        consentId: null,
        contact: null,
        citizenKey: null,
        conversationKey: null,
      }),
      // A Facebook Live commenter who never wrote "recibir respuesta".
      await fixture.register({
        groupId: canonical._id,
        origin: 'live-comment',
        channelId: 'facebook',
        consentId: null,
        contact: null,
        citizenKey: null,
        conversationKey: null,
      }),
    ]);
    const [emailAsker, meetingOne, meetingTwo, anonymous, commenter] = members as [
      QuestionDocument,
      QuestionDocument,
      QuestionDocument,
      QuestionDocument,
      QuestionDocument,
    ];

    const summary = await workerOn(fixture.database.models).runOnce();

    expect(summary).toMatchObject({ sent: 4, unreachable: 3, failed: 0 });
    const chat = simulator.inConversation(chatConversation);
    expect(chat).toHaveLength(1);
    expect(chat[0]?.text).toContain(canonical.trackingCode);
    expect(chat[0]?.text).toContain(answerText);
    expect(chat[0]?.text).toContain(`${publicBaseUrl}/respuestas/${canonical.trackingCode}`);
    const meeting = simulator.inConversation(meetingConversation);
    expect(meeting).toHaveLength(1);
    expect(meeting[0]?.text).toContain(meetingOne.trackingCode);
    expect(meeting[0]?.text).toContain(meetingTwo.trackingCode);
    const mails = smtp.received.filter((mail) => mail.to.includes(citizenEmail));
    expect(mails).toHaveLength(1);
    expect(mails[0]?.data).toContain(emailAsker.trackingCode);
    expect(await deliveryOf(emailAsker._id, 'chat')).toMatchObject({ status: 'unreachable' });
    expect(await deliveryOf(anonymous._id, 'chat')).toMatchObject({ status: 'unreachable' });
    expect(await deliveryOf(commenter._id, 'live-comment')).toMatchObject({
      status: 'unreachable',
      reason: expect.stringContaining('suscripción') as unknown,
    });
    expect(await deliveryOf(canonical._id, 'chat')).toMatchObject({ status: 'sent', attempts: 1 });
    expect(await fixture.database.models.pendingDeliveries.countDocuments()).toBe(0);
  });

  it('when the deliverer runs again, then nothing is sent a second time', async () => {
    const { chatConversation } = await approvedGroup(() => []);
    const worker = workerOn(fixture.database.models);
    await worker.runOnce();
    const again = await worker.runOnce();
    expect(again).toMatchObject({ sent: 0, failed: 0, unreachable: 0 });
    expect(simulator.inConversation(chatConversation)).toHaveLength(1);
  });

  it('when two replicas deliver at once, then each message is sent once', async () => {
    const meetingConversation = await conversation('msteams');
    const { chatConversation } = await approvedGroup(async (canonical) => [
      await fixture.register({
        groupId: canonical._id,
        contact: { name: 'Camila Ríos', email: 'replicas@correo.test' },
        conversationKey: null,
      }),
      ...(await Promise.all(
        [1, 2].map(() =>
          fixture.register({
            groupId: canonical._id,
            origin: 'meeting-chat',
            channelId: 'msteams',
            contact: null,
            citizenKey: null,
            conversationKey: { channelId: 'msteams', conversationId: meetingConversation },
          }),
        ),
      )),
    ]);
    const second = await mongoose
      .createConnection(testMongoUri(), { dbName: fixture.database.dbName, autoIndex: false })
      .asPromise();
    try {
      const summaries = await Promise.all([
        workerOn(fixture.database.models).runOnce(),
        workerOn(createModels(second)).runOnce(),
      ]);
      expect(summaries.reduce((sent, summary) => sent + summary.sent, 0)).toBe(4);
    } finally {
      await second.close();
    }
    expect(simulator.inConversation(chatConversation)).toHaveLength(1);
    expect(simulator.inConversation(meetingConversation)).toHaveLength(1);
    expect(smtp.received.filter((mail) => mail.to.includes('replicas@correo.test'))).toHaveLength(
      1,
    );
  });

  it('when the mail server fails, then the e-mail is failed with a retry time, and sent once it recovers', async () => {
    const address = 'reintento@correo.test';
    const { members } = await approvedGroup(async (canonical) => [
      await fixture.register({
        groupId: canonical._id,
        contact: { name: 'Camila Ríos', email: address },
        conversationKey: null,
      }),
    ]);
    const asker = members[0] as QuestionDocument;
    const worker = workerOn(fixture.database.models);
    smtp.state.refuseWith = 451;
    try {
      await worker.runOnce();
    } finally {
      smtp.state.refuseWith = undefined;
    }
    const failed = await deliveryOf(asker._id, 'email');
    expect(failed).toMatchObject({ status: 'failed', attempts: 1 });
    expect(failed.nextAttemptAt?.getTime()).toBe(fixture.clock.current.getTime() + 60_000);
    expect(await worker.runOnce()).toMatchObject({ sent: 0 });

    fixture.clock.set(new Date(fixture.clock.current.getTime() + 61_000).toISOString());
    await worker.runOnce();
    expect(await deliveryOf(asker._id, 'email')).toMatchObject({ status: 'sent', attempts: 2 });
    expect(smtp.received.filter((mail) => mail.to.includes(address))).toHaveLength(1);
  });

  it('when the mail server keeps failing, then the e-mail is left failed for moderators after five attempts', async () => {
    const address = 'sin-suerte@correo.test';
    const { members } = await approvedGroup(async (canonical) => [
      await fixture.register({
        groupId: canonical._id,
        contact: { name: 'Camila Ríos', email: address },
        conversationKey: null,
      }),
    ]);
    const worker = workerOn(fixture.database.models);
    smtp.state.refuseWith = 451;
    try {
      for (let attempt = 1; attempt <= 5; attempt++) {
        await worker.runOnce();
        fixture.clock.set(
          new Date(fixture.clock.current.getTime() + 3 * 60 * 60_000).toISOString(),
        );
      }
    } finally {
      smtp.state.refuseWith = undefined;
    }
    expect(await deliveryOf((members[0] as QuestionDocument)._id, 'email')).toMatchObject({
      status: 'failed',
      attempts: 5,
      nextAttemptAt: null,
    });
    expect(await fixture.database.models.pendingDeliveries.countDocuments()).toBe(0);
    await worker.runOnce();
    expect(smtp.received.filter((mail) => mail.to.includes(address))).toHaveLength(0);
  });

  it('when an attempt was claimed by a process that died, then it is sent after the timeout', async () => {
    const { canonical, chatConversation } = await approvedGroup(() => []);
    const id = deliveryId('answer', canonical._id, 'chat');
    await claimDeliveryAttempt(
      fixture.database.models.deliveryAttempts,
      id,
      1,
      fixture.clock.current,
    );
    const worker = workerOn(fixture.database.models);
    expect(await worker.runOnce()).toMatchObject({ sent: 0 });
    fixture.clock.set(new Date(fixture.clock.current.getTime() + 11 * 60_000).toISOString());
    await worker.runOnce();
    expect(simulator.inConversation(chatConversation)).toHaveLength(1);
    expect(await deliveryOf(canonical._id, 'chat')).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('when a Live commenter subscribed in Messenger more than 24 hours ago, then nothing is sent there and the answer waits on the public page', async () => {
    const messengerConversation = await conversation('facebook');
    const { members } = await approvedGroup(async (canonical) => [
      await fixture.register({
        groupId: canonical._id,
        origin: 'live-comment',
        channelId: 'facebook',
        contact: null,
        receivedAt: new Date(fixture.clock.current.getTime() - 2 * 24 * 60 * 60_000),
        conversationKey: { channelId: 'facebook', conversationId: messengerConversation },
      }),
    ]);
    await workerOn(fixture.database.models).runOnce();
    expect(simulator.inConversation(messengerConversation)).toHaveLength(0);
    expect(await deliveryOf((members[0] as QuestionDocument)._id, 'live-comment')).toMatchObject({
      status: 'unreachable',
      reason: expect.stringContaining('24 horas') as unknown,
    });
  });

  it('when a Live commenter subscribed in Messenger an hour ago, then the answer is sent in that Messenger chat', async () => {
    fixture.clock.set(new Date(Date.now() + 60 * 60_000).toISOString());
    const messengerConversation = await conversation('facebook');
    const { members } = await approvedGroup(async (canonical) => {
      const comment = await fixture.register({
        groupId: canonical._id,
        origin: 'live-comment',
        channelId: 'facebook',
        consentId: null,
        contact: null,
        citizenKey: null,
        conversationKey: null,
        receivedAt: new Date(Date.now() - 3 * 24 * 60 * 60_000),
      });
      const subscribed = await subscribeToAnswer(fixture.database.models, comment.trackingCode, {
        citizenKey: `citizen-${randomUUID()}`,
        conversationKey: { channelId: 'facebook', conversationId: messengerConversation },
        consentId: 'consent:subscription',
      });
      expect(subscribed.outcome).toBe('subscribed');
      return [comment];
    });
    await workerOn(fixture.database.models).runOnce();
    const received = simulator.inConversation(messengerConversation);
    expect(received).toHaveLength(1);
    expect(received[0]?.text).toContain((members[0] as QuestionDocument).trackingCode);
  });

  it('when the deliverer is started, then it delivers on its own until it is stopped', async () => {
    const worker = workerOn(fixture.database.models);
    worker.start();
    try {
      const { chatConversation } = await approvedGroup(() => []);
      worker.wake();
      await simulator.waitFor(chatConversation, 1);
    } finally {
      await worker.stop();
    }
  });

  it('when the deliverer logs, then no line carries an address, a question, an answer or a conversation id', async () => {
    const { chatConversation } = await approvedGroup(async (canonical) => [
      await fixture.register({
        groupId: canonical._id,
        contact: { name: 'Camila Ríos', email: citizenEmail },
        conversationKey: null,
      }),
    ]);
    await workerOn(fixture.database.models).runOnce();
    const output = log.lines.join('');
    expect(log.lines.length).toBeGreaterThan(0);
    expect(output).not.toContain(citizenEmail);
    expect(output).not.toContain('Camila');
    expect(output).not.toContain('regalías');
    expect(output).not.toContain(chatConversation);
  });
});
