import { spaceOfResource } from '../../models/space';
import { postActivity } from '../support/activities';
import { ChannelSimulator } from '../support/channel-simulator';
import { Conversation } from '../support/conversation';
import { meetingMessage, newTeamsMeeting } from '../support/teams-meeting-activities';
import { startTestApp, type TestApp } from '../support/test-app';

describe('emergencies first, on every channel', () => {
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

  it.each(['webchat', 'msteams', 'facebook', 'emulator'])(
    'when a citizen on %s reports miners trapped, then the first thing the bot says is the emergency line, with no registration offer',
    async (channelId) => {
      const citizen = new Conversation(bot.app.url, channel, channelId);
      const text = await citizen.ask('auxilio se derrumbo la mina y hay 2 mineros atrapados');
      expect(text).toContain('línea de emergencias 123');
      expect(text).toContain('salvamento minero');
      expect(text).not.toMatch(/registr/i);
    },
  );

  it('when an emergency is typed inside the registration prompts, then it interrupts them and nothing is stored as an answer', async () => {
    const citizen = new Conversation(bot.app.url, channel, 'webchat');
    await citizen.say('hola');
    expect(await citizen.ask('registrar pregunta')).toContain('Escriba su pregunta');
    expect(await citizen.ask('hay olor a gas en el socavon y un compañero se desmayo')).toContain(
      '123',
    );
    expect(await bot.app.database.models.questions.countDocuments({})).toBe(0);
    // The flow was cancelled: the next message is a fresh question, not a prompt's answer.
    expect(await citizen.ask('¿Qué es el canon superficiario?')).toContain('canon superficiario');
  });

  it('when a message the emergency check lets pass is typed inside the registration prompts and the knowledge base reads it as an emergency, then it interrupts them', async () => {
    const citizen = new Conversation(bot.app.url, channel, 'webchat');
    await citizen.say('hola');
    expect(await citizen.ask('registrar pregunta')).toContain('Escriba su pregunta');
    const text = await citizen.ask('puedo entrar a sacar a mi ermano de la mina?');
    expect(text).toContain('Emergencia: llame ya a la línea 123');
    expect(await bot.app.database.models.questions.countDocuments({})).toBe(0);
  });

  it('when a citizen tells of miners in danger in words only the report reader knows, then the chat answers with the emergency line, with no registration offer', async () => {
    const citizen = new Conversation(bot.app.url, channel, 'webchat');
    const text = await citizen.ask(
      'el malacate se reventó y la vagoneta bajó con dos compañeros encima, no se mueven',
    );
    // Before anything else, the welcome included.
    expect(text.startsWith('Emergencia: llame ya a la línea 123')).toBe(true);
    expect(text).toContain('línea de emergencias 123');
    expect(text).not.toMatch(/registr/i);
  });

  it('when such a report is typed inside the registration prompts, then it interrupts them and nothing is stored', async () => {
    const citizen = new Conversation(bot.app.url, channel, 'webchat');
    await citizen.say('hola');
    expect(await citizen.ask('registrar pregunta')).toContain('Escriba su pregunta');
    const text = await citizen.ask(
      'llevamos tres horas sin saber de los muchachos del frente 4, la ventilación se paró',
    );
    expect(text).toContain('Emergencia: llame ya a la línea 123');
    expect(await bot.app.database.models.questions.countDocuments({})).toBe(0);
  });

  it('when someone asks how to prevent collapses, then it is answered as a question, not as an alarm', async () => {
    const citizen = new Conversation(bot.app.url, channel, 'webchat');
    await citizen.say('hola');
    expect(await citizen.ask('como se previenen los derrumbes en una mina')).not.toContain(
      'Emergencia: llame ya',
    );
  });

  it('when an emergency is written in a Teams meeting chat, then the bot answers it in the chat and the staff see it among the session questions', async () => {
    const meeting = newTeamsMeeting(channel.serviceUrl, 'Audiencia pública');
    const text = 'urgente hay un minero herido en la mina de la vereda';
    const response = await postActivity(bot.app.url, meetingMessage(meeting, text));
    expect(response.status).toBe(200);
    const [reply] = await channel.waitFor(meeting.party.conversationId, 1);
    expect(JSON.stringify(reply)).toContain('123');

    const space = await spaceOfResource(bot.app.database.models, {
      kind: 'teams-meeting',
      id: meeting.meetingId,
    });
    expect(space).not.toBeNull();
    const captured = await bot.app.database.models.questions.find({ spaceId: space?._id }).lean();
    expect(captured.map((question) => question.text)).toEqual([text]);
  });

  it('when a Teams meeting message the emergency check lets pass reads as an emergency to the knowledge base, then the bot answers it with the emergency line', async () => {
    const meeting = newTeamsMeeting(channel.serviceUrl, 'Audiencia pública');
    const text = 'puedo entrar a sacar a mi ermano de la mina?';
    expect((await postActivity(bot.app.url, meetingMessage(meeting, text))).status).toBe(200);
    const [reply] = await channel.waitFor(meeting.party.conversationId, 1);
    expect(JSON.stringify(reply)).toContain('Emergencia: llame ya a la línea 123');
  });
});
