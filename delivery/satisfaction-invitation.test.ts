import { randomUUID } from 'node:crypto';

import { ConversationState, type Activity } from 'botbuilder';

import { contextOf } from '../dialogs/citizen-data';
import { createLogger } from '../kernel/logger';
import type { ProactiveSender } from '../kernel/proactive-sender';
import { Pseudonymizer } from '../kernel/pseudonym';
import { subscribeToAnswer } from '../models/answer-subscription';
import { MongoStateStorage } from '../models/bot-state-storage';
import { ConversationReferenceStore } from '../models/conversation-reference';
import type { QuestionDocument } from '../models/question';
import {
  ana,
  bruno,
  openModerationFixture,
  type ModerationFixture,
} from '../moderation/moderation-test-kit';
import { adapterSender, rememberedConversation } from '../test/support/adapter-sender';
import { ChannelSimulator } from '../test/support/channel-simulator';
import { buttons, visibleText } from '../test/support/conversation';
import { DeliveryWorker } from './delivery-worker';
import { SatisfactionSurveyInvitations } from './satisfaction-invitation';

const answerText = 'El canon superficiario se paga cada año, por adelantado, desde el contrato.';

describe('the satisfaction question after an official answer, through the real adapter', () => {
  let fixture: ModerationFixture;
  let simulator: ChannelSimulator;
  let references: ConversationReferenceStore;
  let storage: MongoStateStorage;
  let conversationState: ConversationState;

  beforeAll(async () => {
    fixture = await openModerationFixture();
    simulator = new ChannelSimulator();
    await simulator.start();
    references = new ConversationReferenceStore(fixture.database.models.conversationReferences);
    storage = new MongoStateStorage(fixture.database.models, new Pseudonymizer(randomUUID()));
    conversationState = new ConversationState(storage);
  });
  afterAll(async () => {
    await simulator.stop();
    await fixture.close();
  });

  const surveys = () => fixture.database.models.satisfactionSurveys;

  function invitations(sender: ProactiveSender = adapterSender()): SatisfactionSurveyInvitations {
    return new SatisfactionSurveyInvitations({
      models: fixture.database.models,
      state: { storage, conversationState },
      sender,
      logger: createLogger('silent'),
      now: fixture.clock.now,
    });
  }

  /** The deliverer; `withSurvey: false` stands for the answer sent, the survey not asked yet. */
  function workerOn({ withSurvey } = { withSurvey: true }): DeliveryWorker {
    return new DeliveryWorker({
      models: fixture.database.models,
      sender: adapterSender(),
      ...(withSurvey ? { survey: invitations() } : {}),
      publicationUrl: 'https://www.anm.gov.co/',
      logger: createLogger('silent'),
      now: fixture.clock.now,
    });
  }

  const conversation = (channelId: string) =>
    rememberedConversation(references, simulator.serviceUrl, channelId);

  /** What the conversation's state holds, as the bot's next turn will read it. */
  async function stateOf(channelId: string, conversationId: string) {
    const key = conversationState.getStorageKey(contextOf({ channelId, conversationId })) ?? '';
    return (await storage.read([key]))[key] as Record<string, unknown> | undefined;
  }

  /** A chat asker whose question is canonical, answered and approved with `others` in its group. */
  async function approvedGroup(
    others: (canonical: QuestionDocument) => Promise<QuestionDocument[]> = () =>
      Promise.resolve([]),
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

  it('when an answer reaches a chat asker, then one survey card follows it in the same conversation, recorded as asked and pending in the conversation state', async () => {
    const { canonical, chatConversation } = await approvedGroup();
    const worker = workerOn();

    await worker.runOnce();
    await worker.runOnce();

    const received = simulator.inConversation(chatConversation);
    expect(received).toHaveLength(2);
    expect(received[0]?.text).toContain(answerText);
    const survey = received[1] as Partial<Activity>;
    expect(visibleText(survey)).toContain(
      `¿Cómo califica la respuesta a su pregunta ${canonical.trackingCode}?`,
    );
    expect(buttons(survey)).toEqual(['1', '2', '3', '4', '5']);
    expect(simulator.cardProblems).toEqual([]);
    expect(await surveys().findById(canonical._id).lean()).toMatchObject({
      questionId: canonical._id,
      spaceId: null,
      channelId: 'webchat',
      askedAt: fixture.clock.current,
      rating: null,
      respondedAt: null,
    });
    expect((await stateOf('webchat', chatConversation))?.pendingSatisfactionSurvey).toEqual({
      surveyId: canonical._id.toHexString(),
      askedAt: fixture.clock.current.toISOString(),
    });
  });

  it('when a card button is pressed, then it carries its rating as text, the survey id and the comment field', async () => {
    const { canonical, chatConversation } = await approvedGroup();
    await workerOn().runOnce();
    const card = simulator.inConversation(chatConversation)[1]?.attachments?.[0]?.content as {
      body: { type: string; id?: string }[];
      actions: { title: string; data: Record<string, unknown> }[];
    };
    expect(card.actions[3]?.data).toEqual({
      text: '4',
      satisfactionSurveyId: canonical._id.toHexString(),
    });
    expect(card.body.find((element) => element.type === 'Input.Text')?.id).toBe(
      'satisfactionComment',
    );
  });

  it('when the survey of one question is asked twice at once (a retried delivery, two replicas), then it is sent once', async () => {
    const { canonical, chatConversation } = await approvedGroup();
    await workerOn({ withSurvey: false }).runOnce();
    const reference = await references.find('webchat', chatConversation);
    const before = simulator.inConversation(chatConversation).length;

    await Promise.all([
      invitations().invite({ reference: reference ?? {}, asker: canonical }),
      invitations().invite({ reference: reference ?? {}, asker: canonical }),
    ]);

    expect(simulator.inConversation(chatConversation).length - before).toBe(1);
    expect(await surveys().countDocuments({ questionId: canonical._id })).toBe(1);
  });

  it('when the answer goes by e-mail, to a meeting chat or to nobody (anonymous), then no survey is asked there', async () => {
    const meetingConversation = await conversation('msteams');
    const { members } = await approvedGroup(async (canonical) => [
      await fixture.register({
        groupId: canonical._id,
        contact: { name: 'Camila Ríos', email: 'encuesta@correo.test' },
        conversationKey: null,
      }),
      await fixture.register({
        groupId: canonical._id,
        origin: 'meeting-chat',
        channelId: 'msteams',
        contact: null,
        citizenKey: null,
        consentId: null,
        conversationKey: { channelId: 'msteams', conversationId: meetingConversation },
      }),
      await fixture.register({
        groupId: canonical._id,
        consentId: null,
        contact: null,
        citizenKey: null,
        conversationKey: null,
      }),
    ]);

    await workerOn().runOnce();

    expect(simulator.inConversation(meetingConversation)).toHaveLength(1);
    for (const member of members)
      expect(await surveys().countDocuments({ questionId: member._id })).toBe(0);
  });

  it('when a Live commenter subscribed in Messenger gets the answer there, then the survey is text with quick replies', async () => {
    fixture.clock.set(new Date(Date.now() + 60 * 60_000).toISOString());
    const messengerConversation = await conversation('facebook');
    await approvedGroup(async (canonical) => {
      const comment = await fixture.register({
        groupId: canonical._id,
        origin: 'live-comment',
        channelId: 'facebook',
        consentId: null,
        contact: null,
        citizenKey: null,
        conversationKey: null,
      });
      await subscribeToAnswer(fixture.database.models, comment.trackingCode, {
        citizenKey: `citizen-${randomUUID()}`,
        conversationKey: { channelId: 'facebook', conversationId: messengerConversation },
        consentId: 'consent:subscription',
      });
      return [comment];
    });

    await workerOn().runOnce();

    const [answer, survey] = simulator.inConversation(messengerConversation);
    expect(answer?.text).toContain(answerText);
    expect(survey?.attachments).toBeUndefined();
    expect(survey?.text).toContain('Responda con un número del 1 al 5');
    expect(survey?.suggestedActions?.actions.map((action) => action.title)).toEqual([
      '1',
      '2',
      '3',
      '4',
      '5',
      'Omitir',
    ]);
  });

  it('when the channel refuses the survey, then the answer stays sent and the survey is not counted as asked', async () => {
    const { canonical, chatConversation } = await approvedGroup();
    await workerOn({ withSurvey: false }).runOnce();
    const reference = await references.find('webchat', chatConversation);
    simulator.failNext(403);

    await invitations().invite({ reference: reference ?? {}, asker: canonical });

    expect(await surveys().countDocuments({ questionId: canonical._id })).toBe(0);
    expect(simulator.inConversation(chatConversation)).toHaveLength(1);
  });
});
