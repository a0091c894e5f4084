import type { Activity } from 'botbuilder';

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

/** The welcome card names the assistant; nothing else the bot sends does. */
function isWelcome(activity: Partial<Activity>): boolean {
  return JSON.stringify(activity.attachments ?? []).includes('asistente virtual');
}

function isEmergency(activity: Partial<Activity>): boolean {
  return JSON.stringify(activity).includes('línea de emergencias 123');
}

function welcomesIn(channel: ChannelSimulator, conversationId: string): number {
  return channel.inConversation(conversationId).filter(isWelcome).length;
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

  it('when the first message reports an emergency, then only the emergency line is sent, and the next message is welcomed', async () => {
    const party = newParty(channel.serviceUrl);
    await postActivity(
      bot.app.url,
      messageActivity(party, 'auxilio hubo un derrumbe en la mina y hay mineros atrapados'),
    );
    const first = channel.inConversation(party.conversationId);
    expect(first).toHaveLength(1);
    expect(isEmergency(first[0] ?? {})).toBe(true);

    await postActivity(bot.app.url, messageActivity(party, '¿Qué es el canon superficiario?'));
    const all = channel.inConversation(party.conversationId);
    expect(all.slice(1).map(isWelcome)).toEqual([true, false]);
    expect(JSON.stringify(all[2])).toContain('canon');
  });

  it('when a channel posts the same first message twice at once, then each citizen is welcomed once and answered once', async () => {
    // Which copy's claim lands first is left to the race; across many citizens both orders occur.
    const parties = Array.from({ length: 12 }, () => newParty(channel.serviceUrl));
    await Promise.all(
      parties.map((party) => {
        const activity = messageActivity(party, '¿Qué es el canon superficiario?');
        return Promise.all([
          postActivity(bot.app.url, activity),
          postActivity(bot.app.url, activity),
        ]);
      }),
    );
    for (const party of parties) {
      const sent = channel.inConversation(party.conversationId);
      expect(sent.map(isWelcome)).toEqual([true, false]);
    }
  });

  it('when a welcomed citizen opens a second conversation, then they are not welcomed again', async () => {
    const party = newParty(channel.serviceUrl);
    await postActivity(bot.app.url, messageActivity(party, 'hola'));
    expect(welcomesIn(channel, party.conversationId)).toBe(1);

    const again = { ...party, conversationId: `${party.conversationId}-again` };
    await postActivity(bot.app.url, messageActivity(again, '¿Qué es el canon superficiario?'));
    expect(channel.inConversation(again.conversationId)).toHaveLength(1);
    expect(welcomesIn(channel, again.conversationId)).toBe(0);
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
