import type { ChannelAccount } from 'botbuilder';

import { ChannelSimulator } from '../support/channel-simulator';
import { Conversation, visibleText } from '../support/conversation';
import {
  ConnectionStatus,
  ReceivedActivities,
  connectionReaches,
  nodeDirectLine,
  postThrough,
  type DirectLineActivity,
} from '../support/direct-line-node-client';
import {
  commentChange,
  deliver,
  facebookEnvironment,
  liveVideoChange,
  pageNotification,
  testPageId,
} from '../support/facebook-deliveries';
import { FakeGraphServer } from '../support/fake-graph-server';
import { startLoggedApp, type LoggedApp } from '../support/logged-app';
import { startLoopbackSmtpServer, type LoopbackSmtpServer } from '../support/smtp-server';
import { LocalStaffIssuer } from '../support/staff-auth-issuer';

/**
 * The later flows at LOG_LEVEL=trace: the moderators' API with staff tokens, official answers
 * delivered by chat (a channel that refuses, echoing the activity), by the embedded Direct Line
 * web chat, by Messenger and by e-mail (a server that refuses, then one that accepts), and a Graph
 * API that fails a private reply. None of what citizens, commenters or staff sent may be logged.
 */

const sent = {
  chatDisplayName: 'Eliecer Montoya Galvis',
  chatUserId: 'eliecer-user-71123',
  chatConversationId: 'eliecer-conversation-40917',
  chatTypedName: 'Eliecer Antonio Montoya',
  chatEmail: 'eliecer.montoya@correo.test',
  chatCedula: '1077345612',
  chatPhone: '3209871234',
  webChatTypedName: 'Yolanda Benítez Arciniegas',
  webChatEmail: 'yolanda.benitez@correo.test',
  webChatCedula: '52987001',
  commenterName: 'Anselmo Rivas Quiñones',
  commenterId: '7003141592653',
  commentId: '900000000000616_c1',
  messengerDisplayName: 'Anselmo Rivas',
  messengerUserId: 'messenger-psid-27182818',
  messengerConversationId: 'messenger-conversation-16180339',
  failedCommenterName: 'Griselda Páez Úsuga',
  failedCommenterId: '7002718281828',
  failedCommentId: '900000000000616_c2',
  moderatorName: 'Clemencia Moderadora Logs',
  approverName: 'Baltasar Aprobador Logs',
};
const staff = {
  drafter: { oid: 'oid-clemencia-logs-1', name: sent.moderatorName, roles: ['moderator'] },
  approver: { oid: 'oid-baltasar-logs-2', name: sent.approverName, roles: ['moderator'] },
};
const answer =
  'La ANM publicará el informe de regalías de Remedios en su página el próximo mes, con las cifras por mina.';

const codePattern = /ANM-[0-9A-Y]{4}-[0-9A-Y]{4}/;
function codeIn(text: string | undefined): string {
  const match = codePattern.exec(text ?? '');
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

interface QueueItem {
  id: string;
  trackingCode: string;
  version: number;
}
interface Detail {
  question: { version: number };
  deliveries: { trackingCode: string; channel: string; status: string }[];
}

describe('the logs at LOG_LEVEL=trace, after moderation and official answers on every channel', () => {
  const channel = new ChannelSimulator();
  const graph = new FakeGraphServer();
  const issuer = new LocalStaffIssuer();
  let smtp: LoopbackSmtpServer;
  let bot: LoggedApp;
  const webChatIds: string[] = [];
  let chatRefusals = 0;
  let chatDeliveryId = '';

  async function api<T>(path: string, token: string, body?: unknown): Promise<T> {
    const response = await fetch(`${bot.app.url}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const parsed = (await response.json()) as T;
    if (response.status !== 200)
      throw new Error(`${path}: ${response.status} ${JSON.stringify(parsed)}`);
    return parsed;
  }

  /** A citizen in a chat channel, with a display name, who registers a question with contact. */
  async function chatRegistration(): Promise<string> {
    const account: ChannelAccount = { id: sent.chatUserId, name: sent.chatDisplayName };
    const citizen = new Conversation(bot.app.url, channel, 'webchat', {
      userId: sent.chatUserId,
      conversationId: sent.chatConversationId,
    });
    const ask = (text: string) => citizen.ask(text, { from: account });
    await ask('registrar pregunta');
    await ask(
      `¿Cuándo sale el informe de regalías de Remedios? Mi cédula es ${sent.chatCedula} y mi celular ${sent.chatPhone}.`,
    );
    await ask('acepto');
    await ask(sent.chatTypedName);
    return codeIn(await ask(sent.chatEmail));
  }

  /** A citizen in the embedded Direct Line web chat; returns the code and the client. */
  async function webChatRegistration() {
    const response = await fetch(`${bot.app.url}/api/directline/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    const { token, conversationId } = (await response.json()) as {
      token: string;
      conversationId: string;
    };
    webChatIds.push(conversationId);
    const client = nodeDirectLine({ token, domain: `${bot.app.url}/v3/directline` });
    const received = new ReceivedActivities(client);
    await connectionReaches(client, ConnectionStatus.Online);
    const textOf = (activities: DirectLineActivity[]) =>
      activities.map((activity) => visibleText(activity as never)).join('\n');
    const say = async (text: string, expected: string) => {
      await postThrough(client, { type: 'message', from: { id: 'x' }, text });
      await received.waitFor((all) => textOf(all).includes(expected));
    };
    await say('registrar pregunta', 'Escriba su pregunta');
    await say(
      `¿Cuándo sale el informe de regalías de Remedios? Soy ${sent.webChatTypedName}, cédula ${sent.webChatCedula}.`,
      'Acepto',
    );
    await say('acepto', '¿Cómo se llama?');
    await say(sent.webChatTypedName, 'correo electrónico');
    await say(sent.webChatEmail, 'ANM-');
    for (const activity of received.all) {
      if (activity.from.id.startsWith('dl_')) webChatIds.push(activity.from.id);
    }
    return { code: codeIn(textOf(received.all)), client, received, textOf };
  }

  /** A Live comment, its private reply, and "recibir respuesta" with consent in Messenger. */
  async function messengerSubscription(videoId: string): Promise<string> {
    await deliver(
      bot.app.url,
      pageNotification([
        commentChange({
          commentId: sent.commentId,
          postId: `${testPageId}_${videoId}`,
          message: '¿Cuándo sale el informe de regalías del municipio de Remedios?',
          fromId: sent.commenterId,
          fromName: sent.commenterName,
        }),
      ]),
    );
    await bot.app.facebook?.settled();
    const code = codeIn(graph.repliesTo(sent.commentId)[0]?.body.message?.text);
    const account = { id: sent.messengerUserId, name: sent.messengerDisplayName };
    const messenger = new Conversation(bot.app.url, channel, 'facebook', {
      userId: sent.messengerUserId,
      conversationId: sent.messengerConversationId,
    });
    await messenger.ask(`recibir respuesta ${code}`, { from: account });
    await messenger.ask('acepto', { from: account });
    return code;
  }

  /** A comment whose private reply the Graph API fails: a 500 (retried), then a final 403. */
  async function failedPrivateReply(videoId: string): Promise<void> {
    graph.failNext(500, 403);
    await deliver(
      bot.app.url,
      pageNotification([
        commentChange({
          commentId: sent.failedCommentId,
          postId: `${testPageId}_${videoId}`,
          message: '¿Por qué no han publicado el informe de regalías de Remedios?',
          fromId: sent.failedCommenterId,
          fromName: sent.failedCommenterName,
        }),
      ]),
    );
    await bot.app.facebook?.settled();
    expect(graph.repliesTo(sent.failedCommentId)).toHaveLength(0);
  }

  /** Drafted by one moderator, approved by another; `duplicates` are grouped under it first. */
  async function answerOfficially(item: QueueItem, duplicates: QueueItem[] = []): Promise<void> {
    const drafter = await issuer.token(staff.drafter);
    const approver = await issuer.token(staff.approver);
    const path = `/api/moderation/questions/${item.id}`;
    if (duplicates.length > 0) {
      await api(`${path}/group`, drafter, {
        version: item.version,
        duplicates: duplicates.map(({ id, version }) => ({ id, version })),
      });
    }
    const current = await api<Detail>(path, drafter);
    const drafted = await api<{ question: { version: number } }>(`${path}/answer`, drafter, {
      version: current.question.version,
      text: answer,
    });
    await api(`${path}/approve`, approver, { version: drafted.question.version });
  }

  async function deliveryStatus(item: QueueItem, deliveryChannel: string): Promise<string> {
    const token = await issuer.token(staff.drafter);
    const detail = await api<Detail>(`/api/moderation/questions/${item.id}`, token);
    return (
      detail.deliveries.find(
        (delivery) =>
          delivery.trackingCode === item.trackingCode && delivery.channel === deliveryChannel,
      )?.status ?? 'none'
    );
  }

  beforeAll(async () => {
    await channel.start();
    await graph.start();
    await issuer.start();
    smtp = await startLoopbackSmtpServer();
    bot = await startLoggedApp({
      ...issuer.environment(),
      ...facebookEnvironment(graph.url),
      SMTP_URL: smtp.url,
      SMTP_FROM: 'ANM <respuestas@anm.test>',
      PUBLIC_BASE_URL: 'https://asistente.anm.test',
    });

    const chatCode = await chatRegistration();
    const webChat = await webChatRegistration();
    const videoId = '900000000000616';
    await deliver(bot.app.url, pageNotification([liveVideoChange(videoId, 'live')]));
    await bot.app.facebook?.settled();
    const messengerCode = await messengerSubscription(videoId);
    await failedPrivateReply(videoId);

    const reader = await issuer.token(staff.drafter);
    const queue = await eventually(
      'the four questions in the queue',
      () => api<{ items: QueueItem[] }>('/api/moderation/questions', reader),
      ({ items }) => items.length === 4,
    );
    const itemOf = (code: string) => {
      const item = queue.items.find((candidate) => candidate.trackingCode === code);
      if (!item) throw new Error(`${code} is not in the queue`);
      return item;
    };
    const chatItem = itemOf(chatCode);
    const webChatItem = itemOf(webChat.code);
    const messengerItem = itemOf(messengerCode);

    // The chat citizen's answer: the channel refuses it with a 400 echoing the activity (the SDK
    // does not retry a 400), and the mail server refuses the recipient.
    smtp.state.refuseWith = 550;
    const refusedBefore = channel.refused.length;
    channel.failNext(400);
    await answerOfficially(chatItem);
    await eventually(
      "the chat citizen's deliveries to fail",
      async () => [await deliveryStatus(chatItem, 'chat'), await deliveryStatus(chatItem, 'email')],
      (statuses) => statuses.every((status) => status === 'failed'),
    );
    chatRefusals = channel.refused.length - refusedBefore;
    chatDeliveryId = `${chatItem.id}#chat`;

    // The web chat citizen's and the Messenger subscriber's answers, with the mail server back.
    smtp.state.refuseWith = undefined;
    const messengerBefore = channel.inConversation(sent.messengerConversationId).length;
    await answerOfficially(webChatItem, [messengerItem]);
    await webChat.received.waitFor(
      (all) => webChat.textOf(all).includes('informe de regalías de Remedios en su página'),
      30_000,
    );
    await channel.waitFor(sent.messengerConversationId, messengerBefore + 1, 30_000);
    await eventually(
      'the e-mail to the web chat citizen',
      () => smtp.received.length,
      (count) => count > 0,
    );
    webChat.received.stop();
    webChat.client.end();
  }, 150_000);
  afterAll(async () => {
    await bot.dispose();
    await smtp.stop();
    await issuer.stop();
    await graph.stop();
    await channel.stop();
  });

  it('when every delivery path ran, then the failures were logged, by code', () => {
    const lines = bot.logs.parsed();
    const attempts = lines.filter((line) => line.msg === 'delivery attempt ended');
    const chatFailure = attempts.find(
      (line) => line.delivery === chatDeliveryId && line.outcome === 'failed',
    );
    expect(typeof chatFailure?.failure).toBe('string');
    expect(attempts.some((line) => line.outcome === 'sent')).toBe(true);
    // The refused answer is a failed delivery, not a failed turn with an apology to the citizen.
    expect(lines.filter((line) => line.msg === 'turn failed')).toEqual([]);
    const chatTexts = channel.inConversation(sent.chatConversationId).map((reply) => reply.text);
    expect(chatTexts.join('\n')).not.toContain('Lo sentimos');
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ msg: 'facebook private reply failed', status: 403 }),
        expect.objectContaining({ msg: 'moderation action', action: 'approve' }),
      ]),
    );
    expect(chatRefusals).toBe(1);
    expect(smtp.received.map((mail) => mail.to)).toContainEqual([sent.webChatEmail]);
  });

  it.each(Object.entries(sent))(
    'when someone sent their %s, then it appears nowhere in the logs',
    (_field, value) => {
      expect(bot.logs.text).not.toContain(value);
    },
  );

  it("when the web chat's conversation and user ids were issued, then they appear nowhere in the logs", () => {
    expect(webChatIds.length).toBeGreaterThanOrEqual(2);
    for (const id of webChatIds) expect(bot.logs.text).not.toContain(id);
  });

  it("when staff acted, then their token's subject is logged only as the pseudonymous staff field", () => {
    for (const { oid } of Object.values(staff)) {
      for (const line of bot.logs.lines.filter((text) => text.includes(oid))) {
        const parsed = JSON.parse(line) as Record<string, unknown>;
        expect(parsed.staff).toBe(oid);
        expect(line.split(oid)).toHaveLength(2);
      }
    }
  });
});
