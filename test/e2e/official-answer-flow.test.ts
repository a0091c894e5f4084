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
import { sendToMeeting } from '../support/live-panel-client';
import { LocalStaffIssuer } from '../support/staff-auth-issuer';
import { newTeamsMeeting } from '../support/teams-meeting-activities';
import { startTestApp, type TestApp } from '../support/test-app';
import { startLoopbackSmtpServer, type LoopbackSmtpServer } from '../support/smtp-server';

/** A real SMTP server on loopback that keeps every message it receives. */

interface QueueItem {
  id: string;
  trackingCode: string;
  channel: string;
  origin: string;
  dueDate: string;
  businessDaysLeft: number | null;
  groupSize: number;
  version: number;
}
type Reply<T> = { status: number; body: T };
interface QueuePage {
  items: QueueItem[];
}
interface QuestionDetail {
  question: { id: string; trackingCode: string; status: string; version: number };
  deliveries: { trackingCode: string; channel: string; status: string }[];
  history: { type: string; actor: string; by: { subject: string; name: string } | null }[];
}

const moderators = {
  ana: { oid: 'oid-ana-moderadora', name: 'Ana Moderadora', roles: ['moderator'] },
  bruno: { oid: 'oid-bruno-revisor', name: 'Bruno Revisor', roles: ['moderator'] },
};

const citizen = { name: 'María Pérez', email: 'maria.perez@example.com' };
const commenter = { id: '7000000000042', name: 'Jorge Commenter Rodríguez' };

const questions = {
  chat: '¿Cuántas toneladas de carbón sacó la mina La Esperanza de Samacá en el año 2025?',
  meeting: '¿Cuánto carbón produjo la mina La Esperanza de Samacá el año pasado?',
  facebook: '¿Qué producción de carbón reportó la mina La Esperanza en Samacá para 2025?',
};
const answer =
  'La mina La Esperanza de Samacá reportó 12.000 toneladas de carbón en 2025. Puede ver las cifras de cada mina en el Sistema de Información Minera.';

const codePattern = /ANM-[0-9A-Y]{4}-[0-9A-Y]{4}/;

function codeIn(text: string): string {
  const match = codePattern.exec(text);
  if (!match) throw new Error('no tracking code in the reply');
  return match[0];
}

async function eventually<T>(
  what: string,
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 40_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describe('an official answer from the queue to every asker, over HTTP', () => {
  const channel = new ChannelSimulator();
  const graph = new FakeGraphServer();
  const issuer = new LocalStaffIssuer();
  let smtp: LoopbackSmtpServer;
  let bot: TestApp;

  beforeAll(async () => {
    await channel.start();
    await graph.start();
    await issuer.start();
    smtp = await startLoopbackSmtpServer();
    bot = await startTestApp({
      ...issuer.environment(),
      ...facebookEnvironment(graph.url),
      SMTP_URL: smtp.url,
      SMTP_FROM: 'ANM <respuestas@anm.test>',
      PUBLIC_BASE_URL: 'https://asistente.anm.test',
    });
  }, 60_000);
  afterAll(async () => {
    await bot.dispose();
    await smtp.stop();
    await issuer.stop();
    await graph.stop();
    await channel.stop();
  });

  async function api(
    path: string,
    options: { token?: string | null; body?: unknown } = {},
  ): Promise<Reply<unknown>> {
    const response = await fetch(`${bot.app.url}${path}`, {
      method: options.body === undefined ? 'GET' : 'POST',
      headers: {
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    return { status: response.status, body: await response.json() };
  }

  it('when three askers on three channels are grouped, drafted by one moderator and approved by another, then each receives the answer once where they asked and the public page shows it without personal data', async () => {
    const ana = await issuer.token(moderators.ana);
    const bruno = await issuer.token(moderators.bruno);

    // A citizen registers a question in chat, with consent and an e-mail.
    const chat = new Conversation(bot.app.url, channel);
    await chat.say('hola');
    await chat.say(questions.chat);
    await chat.say('sí');
    await chat.say('Acepto');
    await chat.say(citizen.name);
    const chatCode = codeIn(await chat.ask(citizen.email));

    // A question asked in a Teams meeting chat.
    const meeting = newTeamsMeeting(channel.serviceUrl, 'Audiencia pública de Samacá');
    await sendToMeeting(bot.app.url, meeting, { start: true }, questions.meeting);

    // A comment on a Facebook Live video, from someone who never wrote in Messenger.
    const videoId = '900000000000313';
    const postId = `${testPageId}_${videoId}`;
    await deliver(bot.app.url, pageNotification([liveVideoChange(videoId, 'live')]));
    await bot.app.facebook?.settled();
    await deliver(
      bot.app.url,
      pageNotification([
        commentChange({
          commentId: `${videoId}_c1`,
          postId,
          message: questions.facebook,
          fromId: commenter.id,
          fromName: commenter.name,
        }),
      ]),
    );
    await bot.app.facebook?.settled();

    // The queue lists the three, each with its due date.
    const queue = await eventually(
      'the three questions in the queue',
      () => api('/api/moderation/questions', { token: ana }) as Promise<Reply<QueuePage>>,
      ({ body }) => body.items.length === 3,
    );
    expect(queue.status).toBe(200);
    const byOrigin = new Map(queue.body.items.map((item) => [item.origin, item]));
    expect([...byOrigin.keys()].sort()).toEqual(['chat', 'live-comment', 'meeting-chat']);
    for (const item of queue.body.items) {
      expect(item.dueDate).toMatch(/^\d{4}-\d{2}-\d{2}T/);
      expect(new Date(item.dueDate).getTime()).toBeGreaterThan(Date.now());
      expect(item.businessDaysLeft).toBeGreaterThanOrEqual(14);
      expect(item.groupSize).toBe(1);
    }
    const chatItem = byOrigin.get('chat') as QueueItem;
    const meetingItem = byOrigin.get('meeting-chat') as QueueItem;
    const facebookItem = byOrigin.get('live-comment') as QueueItem;
    expect(chatItem.trackingCode).toBe(chatCode);
    const serialized = JSON.stringify(queue.body);
    for (const personal of [citizen.name, citizen.email, commenter.id, commenter.name]) {
      expect(serialized).not.toContain(personal);
    }

    // No token, a bad token, a token without the moderator role.
    expect((await api('/api/moderation/questions')).status).toBe(401);
    expect(
      (await api('/api/moderation/questions', { token: issuer.unsignedToken(moderators.ana) }))
        .status,
    ).toBe(401);
    const staffOnly = await issuer.token({ oid: 'oid-staff', roles: ['staff'] });
    expect((await api('/api/moderation/questions', { token: staffOnly })).status).toBe(403);
    expect(
      (
        await api(`/api/moderation/questions/${chatItem.id}/approve`, {
          token: staffOnly,
          body: { version: chatItem.version },
        })
      ).status,
    ).toBe(403);

    // Ana groups the three under the chat question and drafts the answer.
    const grouped = await (api(`/api/moderation/questions/${chatItem.id}/group`, {
      token: ana,
      body: {
        version: chatItem.version,
        duplicates: [
          { id: meetingItem.id, version: meetingItem.version },
          { id: facebookItem.id, version: facebookItem.version },
        ],
      },
    }) as Promise<Reply<{ group: { canonicalId: string; size: number } }>>);
    expect(grouped.status).toBe(200);
    expect(grouped.body.group).toMatchObject({ canonicalId: chatItem.id, size: 3 });

    const beforeDraft = await (api(`/api/moderation/questions/${chatItem.id}`, {
      token: ana,
    }) as Promise<Reply<QuestionDetail>>);
    const drafted = await (api(`/api/moderation/questions/${chatItem.id}/answer`, {
      token: ana,
      body: { version: beforeDraft.body.question.version, text: answer },
    }) as Promise<Reply<{ question: { version: number } }>>);
    expect(drafted.status).toBe(200);
    const draftVersion = drafted.body.question.version;

    // The drafter cannot approve; a second moderator does.
    const own = await (api(`/api/moderation/questions/${chatItem.id}/approve`, {
      token: ana,
      body: { version: draftVersion },
    }) as Promise<Reply<{ error: { message: string } }>>);
    expect([own.status, own.body.error.message]).toEqual([
      403,
      'Usted redactó este borrador: otra persona del equipo de moderación debe aprobarlo.',
    ]);
    const chatRepliesBefore = channel.inConversation(chat.party.conversationId).length;
    const approved = await (api(`/api/moderation/questions/${chatItem.id}/approve`, {
      token: bruno,
      body: { version: draftVersion },
    }) as Promise<Reply<{ question: { status: string }; askers: number }>>);
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ question: { status: 'published' }, askers: 3 });

    // Every asker is answered where they asked.
    const facebookDetail = await eventually(
      'the Facebook commenter to be found unreachable',
      () =>
        api(`/api/moderation/questions/${facebookItem.id}`, { token: ana }) as Promise<
          Reply<QuestionDetail>
        >,
      ({ body }) =>
        body.deliveries.some(
          (delivery) =>
            delivery.trackingCode === facebookItem.trackingCode && delivery.status !== 'pending',
        ),
    );
    // The chat asker gets the answer, then one satisfaction question.
    await channel.waitFor(chat.party.conversationId, chatRepliesBefore + 2, 40_000);
    await channel.waitFor(meeting.party.conversationId, 1, 40_000);
    await eventually(
      'the e-mail',
      () => Promise.resolve(smtp.received.length),
      (count) => count > 0,
    );
    expect(
      facebookDetail.body.deliveries
        .filter((delivery) => delivery.trackingCode === facebookItem.trackingCode)
        .map((delivery) => [delivery.channel, delivery.status]),
    ).toEqual([['live-comment', 'unreachable']]);

    const counts = () => ({
      chat: channel.inConversation(chat.party.conversationId).length - chatRepliesBefore,
      meeting: channel.inConversation(meeting.party.conversationId).length,
      mail: smtp.received.length,
      graph: graph.requests.length,
    });
    const delivered = counts();
    expect(delivered).toMatchObject({ chat: 2, meeting: 1, mail: 1 });

    const [chatMessage, surveyMessage] = channel
      .inConversation(chat.party.conversationId)
      .slice(chatRepliesBefore);
    const chatText = visibleText(chatMessage ?? {});
    expect(chatText).toContain(chatCode);
    expect(chatText).toContain('12.000 toneladas');
    expect(visibleText(surveyMessage ?? {})).toContain(
      `¿Cómo califica la respuesta a su pregunta ${chatCode}?`,
    );
    const [meetingMessage] = channel.inConversation(meeting.party.conversationId);
    expect(visibleText(meetingMessage ?? {})).toContain(meetingItem.trackingCode);
    expect(smtp.received[0]?.to).toEqual([citizen.email]);
    expect(smtp.received[0]?.data).toContain(chatCode);

    // The public page publishes it, without a name, contact or id.
    const personalData = [
      citizen.name,
      citizen.email,
      chat.party.userId,
      chat.party.conversationId,
      meeting.party.userId,
      meeting.party.conversationId,
      commenter.id,
      commenter.name,
    ];
    const list = await eventually(
      'the answer on /respuestas',
      async () => (await fetch(`${bot.app.url}/respuestas`)).text(),
      (html) => html.includes(chatCode),
    );
    for (const personal of personalData) expect(list).not.toContain(personal);
    for (const code of [chatCode, meetingItem.trackingCode, facebookItem.trackingCode]) {
      const response = await fetch(`${bot.app.url}/respuestas/${code}`);
      const html = await response.text();
      expect(response.status).toBe(200);
      expect(html).toContain(code);
      expect(html).toContain('12.000 toneladas de carbón');
      for (const personal of personalData) expect(html).not.toContain(personal);
    }

    // Every step is in the audit trail, with who acted.
    const detail = await (api(`/api/moderation/questions/${chatItem.id}`, {
      token: ana,
    }) as Promise<Reply<QuestionDetail>>);
    const steps = detail.body.history.map((event) => [
      event.type,
      event.by?.subject ?? event.actor,
    ]);
    expect(steps).toEqual(
      expect.arrayContaining([
        ['draft-saved', moderators.ana.oid],
        ['approved', moderators.bruno.oid],
      ]),
    );
    expect(steps[0]?.[0]).toBe('registered');
    for (const item of [meetingItem, facebookItem]) {
      const member = await (api(`/api/moderation/questions/${item.id}`, {
        token: ana,
      }) as Promise<Reply<QuestionDetail>>);
      expect(member.body.history.map((event) => [event.type, event.by?.subject ?? null])).toEqual(
        expect.arrayContaining([['grouped', moderators.ana.oid]]),
      );
    }
    expect(JSON.stringify(detail.body)).not.toContain(citizen.email);

    // Exactly once: a further pass of the deliverer (every 30 s) sends nothing more.
    await new Promise((resolve) => setTimeout(resolve, 32_000));
    expect(counts()).toEqual(delivered);
  }, 120_000);
});
