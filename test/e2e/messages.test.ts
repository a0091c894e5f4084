import {
  membersAddedActivity,
  messageActivity,
  newParty,
  postActivity,
} from '../support/activities';
import { ChannelSimulator } from '../support/channel-simulator';
import { startTestApp, type TestApp } from '../support/test-app';

function cardText(activity: { attachments?: { content?: unknown }[] }): string {
  return JSON.stringify(activity.attachments?.[0]?.content ?? {});
}

describe('POST /api/messages over HTTP', () => {
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
  afterEach(() => expect(channel.cardProblems).toEqual([]));

  it('when a user joins the web chat, then the bot sends a welcome card in Spanish', async () => {
    const party = newParty(channel.serviceUrl);
    const { status } = await postActivity(bot.app.url, membersAddedActivity(party));
    expect(status).toBe(200);
    const [welcome] = await channel.waitFor(party.conversationId, 1);
    expect(welcome?.attachments?.[0]?.contentType).toBe('application/vnd.microsoft.card.adaptive');
    const text = cardText(welcome ?? {});
    expect(text).toContain('Agencia Nacional de Minería');
    expect(text).toContain('Ley 1581 de 2012');
  });

  it('when a user writes for the first time, then the bot welcomes them and replies; the second time it only replies', async () => {
    const party = newParty(channel.serviceUrl);
    await postActivity(bot.app.url, messageActivity(party, 'hola'));
    const first = await channel.waitFor(party.conversationId, 2);
    expect(cardText(first[0] ?? {})).toContain('asistente virtual');

    await postActivity(bot.app.url, messageActivity(party, 'otra pregunta'));
    const all = await channel.waitFor(party.conversationId, 3);
    expect(cardText(all[2] ?? {})).not.toContain('asistente virtual');
  });

  it('when the reply goes to Facebook Messenger, then it is plain text with quick replies, not a card', async () => {
    const party = newParty(channel.serviceUrl, 'facebook');
    await postActivity(bot.app.url, messageActivity(party, 'hola', { channelId: 'facebook' }));
    const [welcome] = await channel.waitFor(party.conversationId, 2);
    expect(welcome?.attachments ?? []).toHaveLength(0);
    expect(welcome?.text).toContain('Agencia Nacional de Minería');
    expect(welcome?.suggestedActions?.actions.map((action) => action.title)).toContain('Ayuda');
  });

  it('when the bot replies, then the reply goes to the conversation and in reply to the activity', async () => {
    const party = newParty(channel.serviceUrl);
    const activity = messageActivity(party, 'hola');
    await postActivity(bot.app.url, activity);
    const replies = await channel.waitFor(party.conversationId, 2);
    expect(replies.every((reply) => reply.replyToId === activity.id)).toBe(true);
  });

  it('when the activity has no type, then the endpoint answers 400 and nothing is sent', async () => {
    const party = newParty(channel.serviceUrl);
    const { status } = await postActivity(bot.app.url, {
      ...messageActivity(party, 'hola'),
      type: undefined,
    });
    expect(status).toBe(400);
    expect(channel.inConversation(party.conversationId)).toHaveLength(0);
  });

  it('when Facebook is not configured, then its webhook does not exist', async () => {
    const response = await fetch(`${bot.app.url}/api/facebook/webhook`, {
      method: 'POST',
      body: '{}',
    });
    expect(response.status).toBe(404);
  });

  it('when /healthz is asked and the database answers, then it says 200 ok', async () => {
    const response = await fetch(`${bot.app.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok', database: 'up' });
  });

  it('when a message arrives, then its conversation reference is stored without the user name', async () => {
    const party = newParty(channel.serviceUrl);
    await postActivity(bot.app.url, messageActivity(party, 'hola'));
    await channel.waitFor(party.conversationId, 2);
    const reference = await bot.app.conversationReferences.find('webchat', party.conversationId);
    expect(reference?.serviceUrl).toBe(channel.serviceUrl);
    expect(reference?.user?.id).toBe(party.userId);
    expect(reference?.user?.name).toBe('');
  });
});
