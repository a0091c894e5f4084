import type { Activity } from 'botbuilder';
import { Types } from 'mongoose';

import { ChannelSimulator } from '../support/channel-simulator';
import { buttons, Conversation, visibleText } from '../support/conversation';
import { LocalStaffIssuer } from '../support/staff-auth-issuer';
import { startTestApp, type TestApp } from '../support/test-app';

const moderators = {
  ana: { oid: 'oid-ana-moderadora', name: 'Ana Moderadora', roles: ['moderator'] },
  bruno: { oid: 'oid-bruno-revisor', name: 'Bruno Revisor', roles: ['moderator'] },
};

const questions = [
  '¿Cuántas toneladas de carbón sacó la mina El Roble de Socotá en el año 2025?',
  '¿Cuánto carbón produjo la mina El Roble de Socotá el año pasado?',
  '¿Qué producción de carbón reportó la mina El Roble en Socotá para 2025?',
];
const answer =
  'La mina El Roble de Socotá reportó 8.500 toneladas de carbón en 2025. Puede ver las cifras de cada mina en el Sistema de Información Minera.';

interface QueueItem {
  id: string;
  trackingCode: string;
  version: number;
}
type Reply<T> = { status: number; body: T };

function codeIn(text: string): string {
  const match = /ANM-[0-9A-Y]{4}-[0-9A-Y]{4}/.exec(text);
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

const thanks = '¡Gracias por su calificación! Nos ayuda a responder mejor.';
const thanksWithComment =
  '¡Gracias por su calificación y su comentario! Nos ayudan a responder mejor.';

describe('the satisfaction survey after an official answer, over HTTP', () => {
  const channel = new ChannelSimulator();
  const issuer = new LocalStaffIssuer();
  let bot: TestApp;
  let ana: string;
  /** Three citizens on Web Chat, each with a registered question; all answered as one group. */
  const askers: { chat: Conversation; code: string; id: string; received: Partial<Activity>[] }[] =
    [];

  async function api(path: string, token: string, body?: unknown): Promise<Reply<unknown>> {
    const response = await fetch(`${bot.app.url}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: await response.json() };
  }

  const surveyOf = (questionId: string) =>
    bot.app.database.models.satisfactionSurveys
      .findOne({ questionId: new Types.ObjectId(questionId) })
      .lean();

  beforeAll(async () => {
    await channel.start();
    await issuer.start();
    bot = await startTestApp({ ...issuer.environment() });
    ana = await issuer.token(moderators.ana);
    const bruno = await issuer.token(moderators.bruno);

    const codes: string[] = [];
    for (const question of questions) {
      const chat = new Conversation(bot.app.url, channel);
      await chat.say('registrar pregunta');
      await chat.say(question);
      await chat.say('acepto');
      await chat.say('omitir');
      codes.push(codeIn(await chat.ask('omitir')));
      askers.push({ chat, code: codes.at(-1) ?? '', id: '', received: [] });
    }
    const queue = await eventually(
      'the three questions in the queue',
      () => api('/api/moderation/questions', ana) as Promise<Reply<{ items: QueueItem[] }>>,
      ({ body }) => codes.every((code) => body.items.some((item) => item.trackingCode === code)),
    );
    const items = codes.map((code) => {
      const item = queue.body.items.find((candidate) => candidate.trackingCode === code);
      if (!item) throw new Error(`${code} is not in the queue`);
      return item;
    });
    askers.forEach((asker, index) => (asker.id = items[index]?.id ?? ''));
    const [canonical, ...duplicates] = items as [QueueItem, ...QueueItem[]];

    const grouped = await api(`/api/moderation/questions/${canonical.id}/group`, ana, {
      version: canonical.version,
      duplicates: duplicates.map(({ id, version }) => ({ id, version })),
    });
    expect(grouped.status).toBe(200);
    const detail = (await api(`/api/moderation/questions/${canonical.id}`, ana)) as Reply<{
      question: { version: number };
    }>;
    const drafted = (await api(`/api/moderation/questions/${canonical.id}/answer`, ana, {
      version: detail.body.question.version,
      text: answer,
    })) as Reply<{ question: { version: number } }>;
    const before = askers.map(
      ({ chat }) => channel.inConversation(chat.party.conversationId).length,
    );
    const approved = await api(`/api/moderation/questions/${canonical.id}/approve`, bruno, {
      version: drafted.body.question.version,
    });
    expect(approved.status).toBe(200);

    // The answer, then the survey: two messages in each chat.
    for (const [index, asker] of askers.entries()) {
      const id = asker.chat.party.conversationId;
      await channel.waitFor(id, (before[index] ?? 0) + 2, 40_000);
      asker.received = channel.inConversation(id).slice(before[index]);
    }
  }, 120_000);

  afterAll(async () => {
    await bot.dispose();
    await issuer.stop();
    await channel.stop();
  });

  it('when an answer is delivered to chat askers, then each receives it and then one survey card about their own question', () => {
    for (const { code, received } of askers) {
      expect(received).toHaveLength(2);
      expect(visibleText(received[0] ?? {})).toContain('8.500 toneladas');
      const survey = received[1] ?? {};
      expect(visibleText(survey)).toContain(`¿Cómo califica la respuesta a su pregunta ${code}?`);
      expect(buttons(survey)).toEqual(['1', '2', '3', '4', '5']);
    }
    expect(channel.cardProblems).toEqual([]);
  });

  it('when a citizen types "4", then they are thanked and the rating is stored with the question', async () => {
    const { chat, id } = askers[0] as (typeof askers)[number];

    expect(await chat.ask('4')).toContain(thanks);

    expect(await surveyOf(id)).toMatchObject({
      questionId: new Types.ObjectId(id),
      spaceId: null,
      channelId: 'webchat',
      rating: 4,
      comment: null,
      respondedAt: expect.any(Date) as unknown,
    });
  });

  it('when a citizen writes a comment in the card and presses 5, then both are stored, the comment without personal data', async () => {
    const { chat, id, received } = askers[1] as (typeof askers)[number];
    const card = received[1]?.attachments?.[0]?.content as {
      actions: { title: string; data: Record<string, unknown> }[];
    };
    const five = card.actions.find((action) => action.title === '5');

    const replies = await chat.say('', {
      value: { ...five?.data, satisfactionComment: 'Muy clara. Me llamo Pedro Ruiz.' },
    });

    expect(replies.map(visibleText).join('\n')).toContain(thanksWithComment);
    expect(await surveyOf(id)).toMatchObject({
      rating: 5,
      comment: 'Muy clara. Me llamo [nombre].',
    });
  });

  it('when a citizen ignores the survey and asks a knowledge question, then they get the usual answer and the survey stays unanswered', async () => {
    const { chat, id } = askers[2] as (typeof askers)[number];

    const reply = await chat.ask('q es el canon superficiaro?');

    expect(reply).toContain('es un pago al Estado por el área del título minero');
    expect(await chat.ask('5')).not.toContain(thanks);
    expect(await surveyOf(id)).toMatchObject({ rating: null, respondedAt: null });
  });

  it('when a moderator opens a rated question, then its satisfaction is shown with it', async () => {
    const { id } = askers[1] as (typeof askers)[number];
    const detail = (await api(`/api/moderation/questions/${id}`, ana)) as Reply<{
      satisfaction: unknown;
    }>;
    expect(detail.body.satisfaction).toEqual({
      rating: 5,
      comment: 'Muy clara. Me llamo [nombre].',
      askedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/) as unknown,
      respondedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/) as unknown,
    });
  });
});
