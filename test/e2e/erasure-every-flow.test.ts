import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import type { ChannelAccount } from 'botbuilder';

import { ChannelSimulator } from '../support/channel-simulator';
import { Conversation } from '../support/conversation';
import { startEmbeddedTestApp } from '../support/embedded-app';
import {
  commentChange,
  deliver,
  facebookEnvironment,
  liveVideoChange,
  pageNotification,
  testPageId,
} from '../support/facebook-deliveries';
import { FakeGraphServer } from '../support/fake-graph-server';
import { collectionsAsText, foundInDataFiles, foundInDump } from '../support/personal-data-scan';
import { startLoopbackSmtpServer, type LoopbackSmtpServer } from '../support/smtp-server';
import { LocalStaffIssuer } from '../support/staff-auth-issuer';
import type { TestApp } from '../support/test-app';

/**
 * Ley 1581 de 2012: "borrar mis datos" after every flow that stores something about a citizen:
 * a question registered in chat with contact data, moderated, approved and delivered (chat and
 * e-mail); a Facebook Live comment with personal data whose author subscribed in Messenger
 * ("recibir respuesta") and received the answer there. After both erase, no collection and no
 * data file of the embedded database keeps any of it.
 */

const chatCitizen = {
  displayName: 'Florentino Ariza Daza',
  userId: 'florentino-user-30551',
  conversationId: 'florentino-conversation-88120',
  name: 'Florentino Ariza Daza',
  email: 'florentino.ariza@example.com',
  cedula: '1018456732',
  phone: '3114567890',
};
const commenter = {
  name: 'Fermina Daza Urbino',
  commenterId: '7001618033988',
  phone: '3167778899',
  messengerName: 'Fermina Daza',
  psid: 'messenger-psid-55443322',
  messengerConversationId: 'messenger-conversation-22334455',
};
const videoId = '900000000000707';
const commentId = `${videoId}_erasure1`;

const staff = {
  drafter: { oid: 'oid-erasure-drafter', name: 'Moderadora Uno', roles: ['moderator'] },
  approver: { oid: 'oid-erasure-approver', name: 'Moderador Dos', roles: ['moderator'] },
};
const answer =
  'La ANM revisará los pagos de regalías del municipio de Marmato este año y publicará el informe por mina.';

function codeIn(text: string | undefined): string {
  const match = /ANM-[0-9A-Y]{4}-[0-9A-Y]{4}/.exec(text ?? '');
  if (!match) throw new Error(`no tracking code in: ${text ?? '(nothing)'}`);
  return match[0];
}

async function eventually<T>(
  what: string,
  read: () => Promise<T> | T,
  done: (value: T) => boolean,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Every value to look for, with the forms a store could keep it in. */
const searchedValues = [
  ...chatCitizen.name.split(' '),
  chatCitizen.email,
  chatCitizen.cedula,
  chatCitizen.phone,
  chatCitizen.userId,
  chatCitizen.conversationId,
  ...commenter.name.split(' '),
  commenter.commenterId,
  commenter.phone,
  commenter.psid,
  commenter.messengerConversationId,
  // A comment's id leads to the comment, and so to its author, on Facebook.
  commentId,
];

interface QueueItem {
  id: string;
  trackingCode: string;
  version: number;
}

describe('"borrar mis datos" after moderation, delivery and a Messenger subscription (Ley 1581)', () => {
  const channel = new ChannelSimulator();
  const graph = new FakeGraphServer();
  const issuer = new LocalStaffIssuer();
  let smtp: LoopbackSmtpServer;
  let dataDir: string;
  let bot: TestApp;

  beforeAll(async () => {
    await channel.start();
    await graph.start();
    await issuer.start();
    smtp = await startLoopbackSmtpServer();
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'anm-erasure-flows-'));
    bot = await startEmbeddedTestApp(dataDir, {
      ...issuer.environment(),
      ...facebookEnvironment(graph.url),
      SMTP_URL: smtp.url,
      SMTP_FROM: 'ANM <respuestas@anm.test>',
    });
  });
  afterAll(async () => {
    await bot.dispose();
    await rm(dataDir, { recursive: true, force: true });
    await smtp.stop();
    await issuer.stop();
    await graph.stop();
    await channel.stop();
  });

  async function api<T>(route: string, token: string, body?: unknown): Promise<T> {
    const response = await fetch(`${bot.app.url}${route}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const parsed = (await response.json()) as T;
    if (response.status !== 200)
      throw new Error(`${route}: ${response.status} ${JSON.stringify(parsed)}`);
    return parsed;
  }

  it('when a chat asker and a Live commenter subscribed in Messenger are answered and then both erase their data, then no collection and no data file keeps any of it', async () => {
    // A question registered in chat, with contact data in its text and in the prompts.
    const chatAccount: ChannelAccount = { id: chatCitizen.userId, name: chatCitizen.displayName };
    const chat = new Conversation(bot.app.url, channel, 'webchat', {
      userId: chatCitizen.userId,
      conversationId: chatCitizen.conversationId,
    });
    const chatAsk = (text: string) => chat.ask(text, { from: chatAccount });
    await chatAsk('registrar pregunta');
    await chatAsk(
      `Me llamo ${chatCitizen.name}, cédula ${chatCitizen.cedula}, celular ${chatCitizen.phone}. ¿Cuánto pagó de regalías el municipio de Marmato?`,
    );
    await chatAsk('acepto');
    await chatAsk(chatCitizen.name);
    const chatCode = codeIn(await chatAsk(chatCitizen.email));

    // A Live comment with personal data; its author subscribes in Messenger with the code.
    await deliver(bot.app.url, pageNotification([liveVideoChange(videoId, 'live')]));
    await bot.app.facebook?.settled();
    await deliver(
      bot.app.url,
      pageNotification([
        commentChange({
          commentId,
          postId: `${testPageId}_${videoId}`,
          message: `Soy ${commenter.name}, mi celular es ${commenter.phone}. ¿Cuánto pagó de regalías Marmato?`,
          fromId: commenter.commenterId,
          fromName: commenter.name,
        }),
      ]),
    );
    await bot.app.facebook?.settled();
    const commentCode = codeIn(graph.repliesTo(commentId)[0]?.body.message?.text);
    const messengerAccount = { id: commenter.psid, name: commenter.messengerName };
    const messenger = new Conversation(bot.app.url, channel, 'facebook', {
      userId: commenter.psid,
      conversationId: commenter.messengerConversationId,
    });
    const messengerAsk = (text: string) => messenger.ask(text, { from: messengerAccount });
    await messengerAsk(`recibir respuesta ${commentCode}`);
    await messengerAsk('acepto');

    // Grouped and drafted by one moderator, approved by another, delivered everywhere.
    const drafter = await issuer.token(staff.drafter);
    const approver = await issuer.token(staff.approver);
    const queue = await eventually(
      'both questions in the queue',
      () => api<{ items: QueueItem[] }>('/api/moderation/questions', drafter),
      ({ items }) => items.length === 2,
    );
    const itemOf = (code: string) => {
      const item = queue.items.find((candidate) => candidate.trackingCode === code);
      if (!item) throw new Error(`${code} is not in the queue`);
      return item;
    };
    const chatItem = itemOf(chatCode);
    const commentItem = itemOf(commentCode);
    const route = `/api/moderation/questions/${chatItem.id}`;
    await api(`${route}/group`, drafter, {
      version: chatItem.version,
      duplicates: [{ id: commentItem.id, version: commentItem.version }],
    });
    const grouped = await api<{ question: { version: number } }>(route, drafter);
    const drafted = await api<{ question: { version: number } }>(`${route}/answer`, drafter, {
      version: grouped.question.version,
      text: answer,
    });
    const chatBefore = channel.inConversation(chatCitizen.conversationId).length;
    const messengerBefore = channel.inConversation(commenter.messengerConversationId).length;
    await api(`${route}/approve`, approver, { version: drafted.question.version });
    await channel.waitFor(chatCitizen.conversationId, chatBefore + 1, 30_000);
    await channel.waitFor(commenter.messengerConversationId, messengerBefore + 1, 30_000);
    await eventually(
      'the e-mail',
      () => smtp.received.length,
      (count) => count > 0,
    );
    const { models } = bot.app.database;
    await eventually(
      'every delivery to end',
      () => models.deliveries.find({}, { status: 1 }).lean(),
      (deliveries) =>
        deliveries.length === 3 && deliveries.every((delivery) => delivery.status === 'sent'),
    );

    // Before the erasure the scan finds the data (the scan can fail); then both erase.
    expect(
      foundInDump(await collectionsAsText(bot.app.database.connection), searchedValues),
    ).toEqual(
      expect.arrayContaining([
        `questions: ${chatCitizen.email}`,
        `facebook_events: ${commenter.commenterId}`,
        `facebook_replies: ${commentId}`,
      ]),
    );
    expect(await chatAsk('borrar mis datos')).toContain('¿Borramos sus datos personales?');
    expect(await chatAsk('sí')).toContain('Borramos sus datos personales');
    expect(await messengerAsk('borrar mis datos')).toContain('¿Borramos sus datos personales?');
    expect(await messengerAsk('sí')).toContain('Borramos sus datos personales');

    const dump = await collectionsAsText(bot.app.database.connection);
    expect(Object.keys(dump)).toEqual(
      expect.arrayContaining([
        'questions',
        'question_events',
        'question_changes',
        'deliveries',
        'delivery_attempts',
        'consents',
        'bot_state',
        'conversation_references',
        'facebook_events',
        'facebook_replies',
      ]),
    );
    expect(foundInDump(dump, searchedValues)).toEqual([]);

    // The public record stays, anonymised, with its answer.
    for (const code of [chatCode, commentCode]) {
      expect(await models.questions.findOne({ trackingCode: code }).lean()).toMatchObject({
        contact: null,
        citizenKey: null,
        conversationKey: null,
      });
    }

    // The data files at rest: the database stopped (its journal checkpointed), every file read.
    await bot.app.stop();
    expect(await foundInDataFiles(dataDir, searchedValues)).toEqual([]);
  }, 180_000);
});
