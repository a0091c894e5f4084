import type { ChannelAccount } from 'botbuilder';

import { messageActivity, newParty, postActivity } from '../support/activities';
import { ChannelSimulator } from '../support/channel-simulator';
import { Conversation } from '../support/conversation';
import {
  commentChange,
  deliver,
  facebookEnvironment,
  liveVideoChange,
  pageNotification,
  testPageId,
} from '../support/facebook-deliveries';
import { FakeGraphServer } from '../support/fake-graph-server';
import { LivePanelClient } from '../support/live-panel-client';
import { startLoggedApp, type LoggedApp } from '../support/logged-app';
import { LocalOpenIdProvider } from '../support/openid-provider';
import { LocalStaffIssuer } from '../support/staff-auth-issuer';
import {
  botAddedToMeeting,
  meetingEventActivity,
  meetingMessage,
  newTeamsMeeting,
} from '../support/teams-meeting-activities';

function codeIn(text: string | undefined): string {
  const match = /ANM-[0-9A-Y]{4}-[0-9A-Y]{4}/.exec(text ?? '');
  if (!match) throw new Error(`no tracking code in: ${text ?? '(nothing)'}`);
  return match[0];
}

/** What citizens, participants and commenters sent: none of it may reach the log. */
const sent = {
  webChatDisplayName: 'Rosalba Quintero Mahecha',
  webChatUserId: 'rosalba-user-5521',
  webChatConversationId: 'rosalba-conversation-8812',
  typedName: 'Marta Lucía Rendón',
  email: 'marta.rendon@correo.test',
  cedula: '1098765432',
  phone: '3157654321',
  questionWords: 'Zafiro Escondido',
  messengerDisplayName: 'Wilmer Arango Tobón',
  messengerUserId: 'messenger-psid-33445566',
  messengerConversationId: 'messenger-conversation-66554433',
  teamsDisplayName: 'Hernando Ruiz Castaño',
  teamsUserId: '29:hernando-ruiz-teams-id',
  teamsQuestionWords: 'Puente Colgante de Marmato',
  commenterName: 'Gustavo Palacios Niño',
  commenterId: '7009988776655',
  commentWords: 'Esmeralda Perdida de Chivor',
};

describe('the logs at LOG_LEVEL=trace, after every flow and failing channels', () => {
  const channel = new ChannelSimulator();
  const graph = new FakeGraphServer();
  const staffIssuer = new LocalStaffIssuer();
  let bot: LoggedApp;
  let teamsConversationId = '';

  async function driveEveryFlow(): Promise<void> {
    const webChatAccount: ChannelAccount = {
      id: sent.webChatUserId,
      name: sent.webChatDisplayName,
      role: 'user',
    };
    const citizen = new Conversation(bot.app.url, channel, 'webchat', {
      userId: sent.webChatUserId,
      conversationId: sent.webChatConversationId,
    });
    const say = (text: string) => citizen.ask(text, { from: webChatAccount });
    await say('hola');
    await say('¿Qué es el canon superficiario?');
    await say('registrar pregunta');
    await say(
      `¿Cuántas toneladas saca la mina ${sent.questionWords} de Muzo? Mi cédula es ${sent.cedula} y mi celular ${sent.phone}.`,
    );
    await say('acepto');
    await say(sent.typedName);
    const code = codeIn(await say(sent.email));
    await say('mis preguntas');
    await say(`estado ${code}`);

    // A Facebook Live comment, its private reply, then "recibir respuesta" in Messenger.
    const videoId = '900000000000777';
    await deliver(bot.app.url, pageNotification([liveVideoChange(videoId, 'live')]));
    await deliver(
      bot.app.url,
      pageNotification([
        commentChange({
          commentId: 'logs_c1',
          postId: `${testPageId}_${videoId}`,
          message: `¿Qué pasó con la mina ${sent.commentWords}? Llámenme al ${sent.phone}`,
          fromId: sent.commenterId,
          fromName: sent.commenterName,
        }),
      ]),
    );
    await bot.app.facebook?.settled();
    const commentCode = codeIn(graph.repliesTo('logs_c1')[0]?.body.message?.text);
    const messenger = new Conversation(bot.app.url, channel, 'facebook', {
      userId: sent.messengerUserId,
      conversationId: sent.messengerConversationId,
    });
    const messengerAccount = { id: sent.messengerUserId, name: sent.messengerDisplayName };
    await messenger.ask(`recibir respuesta ${commentCode}`, { from: messengerAccount });
    await messenger.ask('acepto', { from: messengerAccount });

    // A Teams meeting: the bot joins, a participant asks, the panel reads, the meeting ends.
    const meeting = newTeamsMeeting(channel.serviceUrl, 'Audiencia de prueba de los registros');
    teamsConversationId = meeting.party.conversationId;
    const teamsAccount = { id: sent.teamsUserId, name: sent.teamsDisplayName, role: 'user' };
    for (const activity of [
      botAddedToMeeting(meeting),
      meetingEventActivity(meeting, 'start'),
      {
        ...meetingMessage(meeting, `¿Cuándo arreglan el ${sent.teamsQuestionWords}?`),
        from: teamsAccount,
      },
    ]) {
      expect((await postActivity(bot.app.url, activity)).status).toBe(200);
    }
    const panel = new LivePanelClient(bot.app.url, await staffIssuer.headers('staff'));
    await panel.spaceOfTitle('Audiencia de prueba de los registros');
    expect((await postActivity(bot.app.url, meetingEventActivity(meeting, 'end'))).status).toBe(
      200,
    );

    // The channel fails: 500 until the SDK's retries give up, then 404, echoing the activity.
    channel.failNext(500, 500, 500, 500);
    await say('hola otra vez');
    channel.failNext(404, 404);
    await say('¿Sigue ahí?');

    await say('borrar mis datos');
    await say('sí');
  }

  beforeAll(async () => {
    await channel.start();
    await graph.start();
    await staffIssuer.start();
    bot = await startLoggedApp({ ...facebookEnvironment(graph.url), ...staffIssuer.environment() });
    await driveEveryFlow();
  }, 90_000);
  afterAll(async () => {
    await bot.dispose();
    await staffIssuer.stop();
    await graph.stop();
    await channel.stop();
  });

  it('when every flow ran, then every line of the log stream is one JSON object', () => {
    expect(bot.logs.lines.length).toBeGreaterThan(20);
    for (const line of bot.logs.lines) expect(() => JSON.parse(line) as unknown).not.toThrow();
  });

  it.each(Object.entries(sent))(
    'when a citizen sent their %s, then it appears nowhere in the logs',
    (_field, value) => {
      expect(bot.logs.text).not.toContain(value);
    },
  );

  it("when a Teams meeting's conversation id was sent, then it appears nowhere in the logs", () => {
    expect(teamsConversationId).not.toBe('');
    expect(bot.logs.text).not.toContain(teamsConversationId);
  });

  it('when the channel refused replies with an echoing 500 and 404, then the log names the status and code only', () => {
    const failures = bot.logs.parsed().filter((line) => line.msg === 'turn failed');
    expect(failures).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ statusCode: 500, errorCode: 'ServiceError' }),
        expect.objectContaining({ statusCode: 404, errorCode: 'ConversationNotFound' }),
      ]),
    );
    for (const failure of failures) {
      expect(failure).not.toHaveProperty('errorMessage');
      expect(failure.correlationId).toEqual(expect.any(String));
    }
    expect(channel.refused.length).toBeGreaterThanOrEqual(6);
  });
});

describe('the logs when a token is signed with a key the provider does not publish', () => {
  const provider = new LocalOpenIdProvider();
  const appId = '00000000-0000-4000-8000-000000000001';
  const serviceUrl = 'http://127.0.0.1:9/';
  let bot: LoggedApp;
  /** What reached the real console: in the process, it would sit between the JSON lines. */
  const printed: string[] = [];
  let printers: jest.SpyInstance[] = [];

  beforeAll(async () => {
    printers = (['error', 'warn', 'log', 'info', 'debug'] as const).map((method) =>
      jest.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        printed.push(args.map(String).join(' '));
      }),
    );
    await provider.start();
    bot = await startLoggedApp({
      MicrosoftAppId: appId,
      MicrosoftAppPassword: 'not-a-real-secret',
      MicrosoftAppType: 'MultiTenant',
      ToBotFromChannelOpenIdMetadataUrl: provider.metadataUrl,
      ToBotFromChannelTokenIssuer: provider.issuer,
    });
    const token = provider.token({ audience: appId, serviceUrl }, LocalOpenIdProvider.foreignKey());
    const activity = messageActivity(newParty(serviceUrl), 'hola', {
      deliveryMode: 'expectReplies',
    });
    const { status } = await postActivity(bot.app.url, activity, {
      authorization: `Bearer ${token}`,
    });
    expect(status).toBe(401);
  });
  afterAll(async () => {
    await bot.dispose();
    await provider.stop();
    for (const printer of printers) printer.mockRestore();
  });

  it('when the SDK prints the keys it tried, then the log stream is still JSON lines', () => {
    for (const line of [...bot.logs.lines, ...printed]) {
      expect(() => JSON.parse(line) as unknown).not.toThrow();
    }
  });

  it('when the SDK prints the keys it tried, then one short warning without key material is logged', () => {
    const routed = bot.logs
      .parsed()
      .filter((line) => line.msg === 'a dependency printed to the console');
    expect(routed).toEqual([
      expect.objectContaining({ level: 'warn', dependency: 'botframework-connector' }),
    ]);
    const summary = String(routed[0]?.summary);
    expect(summary.length).toBeLessThanOrEqual(201);
    expect(summary).toContain('Error finding key for token');
    expect(summary).not.toMatch(/[A-Za-z0-9+/=]{24}/);
  });
});
