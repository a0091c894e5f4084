import { Types } from 'mongoose';

import { markAnsweredLive, groupQuestions, spaceQuestions } from '../../models/space-questions';
import { createSpace, spaceOfResource } from '../../models/space';
import { postActivity } from '../support/activities';
import { ChannelSimulator } from '../support/channel-simulator';
import { Conversation, visibleText } from '../support/conversation';
import {
  botAddedToMeeting,
  meetingEventActivity,
  meetingMessage,
  newTeamsMeeting,
  participantJoinedMeeting,
  type TeamsMeeting,
} from '../support/teams-meeting-activities';
import { startTestApp, type TestApp } from '../support/test-app';

describe('a Teams meeting as an accountability space, over /api/messages', () => {
  const channel = new ChannelSimulator();
  let bot: TestApp;

  beforeAll(async () => {
    await channel.start();
    bot = await startTestApp();
  });
  afterAll(async () => {
    await bot.dispose();
    await channel.stop();
  });
  afterEach(() => {
    expect(channel.cardProblems).toEqual([]);
  });

  async function post(activity: Parameters<typeof postActivity>[1]) {
    const before = channel.inConversation(activity.conversation?.id ?? '').length;
    const { status, body } = await postActivity(bot.app.url, activity);
    expect({ status, body }).toEqual({ status: 200, body: expect.any(String) as string });
    return channel.inConversation(activity.conversation?.id ?? '').slice(before);
  }

  async function spaceOf(meeting: TeamsMeeting) {
    return spaceOfResource(bot.app.database.models, {
      kind: 'teams-meeting',
      id: meeting.meetingId,
    });
  }

  it('when the bot is added to the meeting, then it introduces itself once and stays quiet when people join', async () => {
    const meeting = newTeamsMeeting(channel.serviceUrl, 'Audiencia pública 2026');
    const intro = await post(botAddedToMeeting(meeting));
    expect(intro).toHaveLength(1);
    expect(visibleText(intro[0] ?? {})).toContain('registraré las preguntas');
    expect(await post(participantJoinedMeeting(meeting))).toEqual([]);
  });

  it('when a meeting runs, then its questions are captured silently, grouped, and the end posts one summary with what is pending', async () => {
    const meeting = newTeamsMeeting(
      channel.serviceUrl,
      'Audiencia pública de rendición de cuentas 2026',
    );
    expect(await post(meetingEventActivity(meeting, 'start'))).toEqual([]);
    const opened = await spaceOf(meeting);
    expect(opened).toMatchObject({
      state: 'open',
      title: 'Audiencia pública de rendición de cuentas 2026',
      origin: 'teams-meeting',
      needsCompletion: true,
    });

    const first = meetingMessage(
      meeting,
      '¿Cuándo le pagan las regalías al municipio de Pitalito?',
    );
    for (const activity of [
      first,
      meetingMessage(meeting, 'Buenas tardes a todos'),
      meetingMessage(meeting, 'cuando pagan regalias al municipio pitalito', { mention: true }),
      meetingMessage(meeting, 'que va a pasar con la mineria ilegal en el rio magdalena'),
      meetingMessage(meeting, '¡Qué bien!'),
      first, // Teams retried the first message
    ]) {
      expect(await post(activity)).toEqual([]);
    }

    const questions = await spaceQuestions(
      bot.app.database.models,
      opened?._id ?? new Types.ObjectId(),
    );
    expect(questions.map((question) => question.text)).toEqual([
      '¿Cuándo le pagan las regalías al municipio de Pitalito?',
      'cuando pagan regalias al municipio pitalito',
      'que va a pasar con la mineria ilegal en el rio magdalena',
    ]);
    for (const question of questions) {
      expect(question).toMatchObject({
        origin: 'meeting-chat',
        status: 'pending',
        citizenKey: null,
        contact: null,
        trackingCode: expect.stringMatching(/^ANM-/) as string,
      });
    }
    const groups = groupQuestions(questions);
    expect(groups.map((group) => group.members.length).sort()).toEqual([1, 2]);

    const mining = groups.find((group) => group.members.length === 1);
    await markAnsweredLive(bot.app.database.models, mining?.id ?? new Types.ObjectId());

    const [summary, ...more] = await post(meetingEventActivity(meeting, 'end'));
    expect(more).toEqual([]);
    const text = visibleText(summary ?? {});
    expect(text).toContain('Resumen de la sesión: Audiencia pública de rendición de cuentas 2026');
    expect(text).toContain('Preguntas recibidas\n3 (2 temas distintos)');
    expect(text).toContain('Respondidas en vivo\n1');
    expect(text).toContain('Pendientes de respuesta\n2');
    expect(text).toMatch(
      /a más tardar el (lunes|martes|miércoles|jueves|viernes) \d+ de \w+ de \d{4}/,
    );
    expect(JSON.stringify(summary)).toContain('https://www.anm.gov.co/');
    expect((await spaceOf(meeting))?.state).toBe('closed');

    expect(await post(meetingEventActivity(meeting, 'end'))).toEqual([]);
  });

  it('when staff scheduled the space for the meeting, then the meeting opens that space instead of a new one', async () => {
    const meeting = newTeamsMeeting(channel.serviceUrl, 'Título en Teams');
    const scheduled = await createSpace(bot.app.database.models, {
      type: 'activa-la-region',
      title: 'ANM Activa la Región — Huila',
      municipality: 'Pitalito',
      department: 'Huila',
      resources: [{ kind: 'teams-meeting', id: meeting.meetingId }],
    });
    await post(meetingEventActivity(meeting, 'start'));
    expect(await spaceOf(meeting)).toMatchObject({
      _id: scheduled._id,
      state: 'open',
      title: 'ANM Activa la Región — Huila',
      needsCompletion: false,
    });
  });

  it('when the bot joins a meeting already under way, then the first question opens its space', async () => {
    const meeting = newTeamsMeeting(channel.serviceUrl, 'Sin evento de inicio');
    await post(meetingMessage(meeting, '¿Qué es el canon superficiario?', { mention: true }));
    const space = await spaceOf(meeting);
    expect(space?.state).toBe('open');
    expect(
      await spaceQuestions(bot.app.database.models, space?._id ?? new Types.ObjectId()),
    ).toHaveLength(1);
  });

  it('when a group chat that is not a meeting writes without mentioning the bot, then the bot stays out; with a mention it answers', async () => {
    const meeting = newTeamsMeeting(channel.serviceUrl, 'chat');
    const group = new Conversation(bot.app.url, channel, 'msteams', meeting.party);
    const groupFields = {
      conversation: {
        id: meeting.party.conversationId,
        isGroup: true,
        conversationType: 'groupChat',
        name: '',
      },
    };
    expect(await group.say('¿Qué es el canon superficiario?', groupFields)).toEqual([]);
    const answer = await group.ask('<at>ANM Bot</at> ¿Qué es el canon superficiario?', {
      ...groupFields,
      entities: [
        {
          type: 'mention',
          mentioned: { id: 'anm-bot', name: 'ANM Bot' },
          text: '<at>ANM Bot</at>',
        },
      ],
    });
    expect(answer).toContain('es un pago al Estado por el área del título minero');
  });

  it('when a meeting participant erases their data in a personal chat, then the meeting chat is still known and keeps no participant', async () => {
    const meeting = newTeamsMeeting(channel.serviceUrl, 'Mesa de diálogo con mineros');
    const participantId = meeting.party.userId;
    await post(meetingEventActivity(meeting, 'start'));
    await post(meetingMessage(meeting, '¿Cuándo abren la ventanilla de formalización?'));

    const personal = new Conversation(bot.app.url, channel, 'msteams', { userId: participantId });
    await personal.ask('borrar mis datos');
    expect(await personal.ask('sí')).toContain('Borramos sus datos personales');

    const reference = await bot.app.conversationReferences.find(
      'msteams',
      meeting.party.conversationId,
    );
    expect(reference?.conversation?.id).toBe(meeting.party.conversationId);
    expect(reference?.user).toBeUndefined();
    expect(
      await bot.app.database.models.conversationReferences.countDocuments({
        channelId: 'msteams',
        conversationId: personal.party.conversationId,
      }),
    ).toBe(0);
    const summary = await post(meetingEventActivity(meeting, 'end'));
    expect(summary.map(visibleText).join('\n')).toContain('Mesa de diálogo con mineros');
  });
});
