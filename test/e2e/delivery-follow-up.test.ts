import { randomUUID } from 'node:crypto';

import { registerQuestion } from '../../models/question';
import { newQuestion } from '../../moderation/moderation-test-kit';
import { ChannelSimulator } from '../support/channel-simulator';
import { sendToMeeting } from '../support/live-panel-client';
import { LocalStaffIssuer } from '../support/staff-auth-issuer';
import { newTeamsMeeting } from '../support/teams-meeting-activities';
import { startTestApp, type TestApp } from '../support/test-app';

interface ProblemItem {
  id: string;
  questionId: string;
  trackingCode: string;
  channel: string;
  status: string;
  attempts: number;
  reason: string | null;
  retryable: boolean;
  version: number;
}
interface ApiBody {
  error?: { code: string; message: string };
  items?: ProblemItem[];
  nextCursor?: string | null;
  delivery?: ProblemItem;
  spaces?: { id: string; title: string; questions: number; waiting: number }[];
  question?: { version: number };
  deliveries?: { channel: string; status: string; attempts: number }[];
  history?: { type: string; by: { name: string } | null }[];
}

const moderators = {
  ana: { oid: 'oid-ana-moderadora', name: 'Ana Moderadora', roles: ['moderator'] },
  bruno: { oid: 'oid-bruno-revisor', name: 'Bruno Revisor', roles: ['moderator'] },
};
const answer =
  'La ANM revisa cada mes las minas del río. Puede denunciar una mina ilegal en nuestra página.';

describe('deliveries that need a moderator, over HTTP with staff tokens', () => {
  const channel = new ChannelSimulator();
  const issuer = new LocalStaffIssuer();
  let bot: TestApp;

  beforeAll(async () => {
    await channel.start();
    await issuer.start();
    bot = await startTestApp(issuer.environment());
  }, 60_000);
  afterAll(async () => {
    await bot.dispose();
    await issuer.stop();
    await channel.stop();
  });

  async function api(
    path: string,
    options: { as?: keyof typeof moderators | string[] | null; body?: unknown } = {},
  ): Promise<{ status: number; headers: Headers; body: ApiBody }> {
    const who = options.as === undefined ? 'ana' : options.as;
    const token =
      who === null
        ? undefined
        : await issuer.token(Array.isArray(who) ? { roles: who } : moderators[who]);
    const response = await fetch(`${bot.app.url}${path}`, {
      method: options.body === undefined ? 'GET' : 'POST',
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    return {
      status: response.status,
      headers: response.headers,
      body: (await response.json()) as ApiBody,
    };
  }

  /** The official answers that reached a conversation (a satisfaction question may follow each). */
  const answersIn = (conversationId: string) =>
    channel.inConversation(conversationId).filter((activity) => activity.text?.includes(answer));

  const retryPath = (id: string) => `/api/moderation/deliveries/${encodeURIComponent(id)}/retry`;

  async function eventually<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean) {
    for (let attempt = 0; attempt < 150; attempt++) {
      const value = await read();
      if (done(value)) return value;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(`timed out waiting for ${what}`);
  }

  /** The citizen writes to the bot again: their conversation is stored (on the simulator). */
  async function citizenWritesAgain(conversationId: string): Promise<void> {
    await bot.app.conversationReferences.remember(
      {
        channelId: 'webchat',
        serviceUrl: channel.serviceUrl,
        conversation: { id: conversationId, isGroup: false, conversationType: '', name: '' },
        bot: { id: 'bot', name: 'ANM' },
        user: { id: `user-${randomUUID()}`, name: '' },
      },
      undefined,
    );
  }

  /**
   * A chat question with consent whose conversation the bot does not have stored (as after a
   * data loss), answered by Ana and approved by Bruno over HTTP: its delivery ends unreachable,
   * for a reason a retry can change once the citizen writes again.
   */
  async function answeredWithoutConversation() {
    const conversationId = `conv-${randomUUID()}`;
    const { question } = await registerQuestion(
      bot.app.database.models,
      newQuestion({ contact: null, conversationKey: { channelId: 'webchat', conversationId } }),
    );
    const path = `/api/moderation/questions/${question._id.toHexString()}`;
    await eventually(
      'the question in the queue',
      () => api(path),
      (reply) => reply.status === 200,
    );
    expect((await api(`${path}/answer`, { body: { version: 1, text: answer } })).status).toBe(200);
    expect((await api(`${path}/approve`, { as: 'bruno', body: { version: 2 } })).status).toBe(200);
    const id = `${question._id.toHexString()}#chat`;
    const item = await eventually(
      'the delivery among the problems',
      () => api('/api/moderation/deliveries?status=unreachable'),
      (reply) => (reply.body.items ?? []).some((candidate) => candidate.id === id),
    );
    return {
      question,
      conversationId,
      path,
      item: (item.body.items ?? []).find((candidate) => candidate.id === id) as ProblemItem,
    };
  }

  it('when nobody is signed in, or the token lacks the moderator role, then every follow-up route answers 401 or 403', async () => {
    const routes: [string, unknown][] = [
      ['/api/moderation/deliveries', undefined],
      ['/api/moderation/facebook-replies', undefined],
      ['/api/moderation/spaces', undefined],
      [retryPath(`${'0'.repeat(24)}#chat`), { version: 1 }],
      [`/api/moderation/facebook-replies/${'0'.repeat(24)}/retry`, { version: 0 }],
    ];
    for (const [path, body] of routes) {
      const anonymous = await api(path, { as: null, body });
      expect([path, anonymous.status, anonymous.body.error?.code]).toEqual([
        path,
        401,
        'unauthenticated',
      ]);
      expect(anonymous.headers.get('www-authenticate')).toMatch(/^Bearer realm=/);
      const staff = await api(path, { as: ['staff', 'admin'], body });
      expect([path, staff.status, staff.body.error?.code]).toEqual([path, 403, 'forbidden']);
    }
  });

  it('when a delivery had no conversation to go to, then moderators see it without personal data, and once the citizen writes again a retry has the deliverer send it, once, on the record', async () => {
    const { question, conversationId, path, item } = await answeredWithoutConversation();
    expect(item).toMatchObject({
      trackingCode: question.trackingCode,
      channel: 'chat',
      status: 'unreachable',
      attempts: 1,
      reason: 'sin conversación guardada para escribirle',
      retryable: true,
      version: 1,
    });
    const list = await api('/api/moderation/deliveries');
    expect(list.headers.get('cache-control')).toBe('no-store');
    expect(JSON.stringify(list.body)).not.toMatch(/camila|citizen-|conv-|correo/i);
    expect(answersIn(conversationId)).toHaveLength(0);

    await citizenWritesAgain(conversationId);
    const retried = await api(retryPath(item.id), { body: { version: item.version } });
    expect([retried.status, retried.body.delivery?.status]).toEqual([200, 'pending']);
    const [message] = await channel.waitFor(conversationId, 1);
    expect(message?.text).toContain(question.trackingCode);
    expect(message?.text).toContain(answer);
    const detail = await eventually(
      'the delivery sent',
      () => api(path),
      (reply) => reply.body.deliveries?.[0]?.status === 'sent',
    );
    expect(detail.body.deliveries).toEqual([
      expect.objectContaining({ channel: 'chat', status: 'sent', attempts: 2 }),
    ]);
    expect(detail.body.history?.at(-1)).toMatchObject({
      type: 'delivery-retried',
      by: { name: 'Ana Moderadora' },
    });
    expect(answersIn(conversationId)).toHaveLength(1);

    const again = await api(retryPath(item.id), { as: 'bruno', body: { version: 2 } });
    expect([again.status, again.body.error?.code]).toEqual([409, 'action-not-allowed']);
    const listed = await api('/api/moderation/deliveries');
    expect((listed.body.items ?? []).map((candidate) => candidate.id)).not.toContain(item.id);
  });

  it('when two moderators press "Reintentar" at once, then one gets 409 and the citizen receives one message', async () => {
    const { conversationId, path, item } = await answeredWithoutConversation();
    await citizenWritesAgain(conversationId);
    const versionBefore = (await api(path)).body.question?.version ?? 0;
    const replies = await Promise.all([
      api(retryPath(item.id), { as: 'ana', body: { version: item.version } }),
      api(retryPath(item.id), { as: 'bruno', body: { version: item.version } }),
    ]);
    expect(replies.map((reply) => reply.status).sort()).toEqual([200, 409]);
    expect(replies.find((reply) => reply.status === 409)?.body.error?.code).toBe(
      'changed-meanwhile',
    );
    await channel.waitFor(conversationId, 1);
    await eventually(
      'the delivery sent',
      () => api(path),
      (reply) => reply.body.deliveries?.[0]?.status === 'sent',
    );
    expect(answersIn(conversationId)).toHaveLength(1);
    expect((await api(path)).body.question?.version).toBe(versionBefore + 1);
  });

  it('when a retry names no version, a stale one or a malformed id, then it answers 400, 409 or 400 in Spanish', async () => {
    const { item } = await answeredWithoutConversation();
    const missing = await api(retryPath(item.id), { body: {} });
    expect([missing.status, missing.body.error?.message]).toEqual([
      400,
      'Falta el campo "version".',
    ]);
    const stale = await api(retryPath(item.id), { body: { version: 0 } });
    expect([stale.status, stale.body.error?.code]).toEqual([409, 'changed-meanwhile']);
    const malformed = await api(retryPath('no-es-un-envio'), { body: { version: 1 } });
    expect([malformed.status, malformed.body.error?.code]).toEqual([400, 'invalid-id']);
    const query = await api('/api/moderation/deliveries?status=sent');
    expect(query.status).toBe(400);
  });

  it('when questions were asked in a Teams meeting, then the space filter lists that space with its questions, and nothing of the meeting itself', async () => {
    const meeting = newTeamsMeeting(channel.serviceUrl, 'Audiencia pública de Sogamoso');
    await sendToMeeting(
      bot.app.url,
      meeting,
      { start: true },
      '¿Cuándo le pagan las regalías al municipio de Sogamoso?',
      '¿Qué hace la ANM con las minas ilegales de Sogamoso?',
    );
    const reply = await eventually(
      'the meeting space',
      () => api('/api/moderation/spaces'),
      (candidate) => (candidate.body.spaces ?? []).some((space) => space.questions === 2),
    );
    const space = (reply.body.spaces ?? []).find((candidate) => candidate.questions === 2);
    expect(space).toMatchObject({ questions: 2, waiting: 2, state: 'open' });
    expect(JSON.stringify(reply.body)).not.toContain(meeting.meetingId);
    const queue = await api(`/api/moderation/questions?spaceId=${space?.id ?? ''}`);
    expect(queue.body.items).toHaveLength(2);
  });
});
