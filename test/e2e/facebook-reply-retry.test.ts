import { rm } from 'node:fs/promises';

import { replyOutcome } from '../../models/facebook-reply';
import {
  commentChange,
  deliver,
  facebookEnvironment,
  liveVideoChange,
  pageNotification,
  testPageId,
} from '../support/facebook-deliveries';
import { FakeGraphServer } from '../support/fake-graph-server';
import { LocalStaffIssuer } from '../support/staff-auth-issuer';
import { startTestApp, type TestApp } from '../support/test-app';

interface FailedReply {
  id: string;
  trackingCode: string | null;
  space: { id: string; title: string } | null;
  commentedAt: string | null;
  failedAt: string;
  graphStatus: number | null;
  reason: string;
  retryable: boolean;
  version: number;
}
interface ApiBody {
  error?: { code: string; message: string };
  items?: FailedReply[];
  reply?: { id: string; state: string; version: number };
  history?: { type: string; by: { name: string } | null }[];
}

const moderator = { oid: 'oid-ana-moderadora', name: 'Ana Moderadora', roles: ['moderator'] };
const otherModerator = { oid: 'oid-bruno-revisor', name: 'Bruno Revisor', roles: ['moderator'] };
const commenter = { id: '7000000000077', name: 'Jorge Comentarista Rodríguez' };

async function eventually<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean) {
  for (let attempt = 0; attempt < 150; attempt++) {
    const value = await read();
    if (done(value)) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/**
 * A private reply Meta refused during a live session, retried by a moderator after the bot
 * restarted (a reply claimed by an earlier process is resumed at once; one claimed by this process
 * waits five minutes, in case its sender is still running).
 */
describe('failed Facebook private replies, listed and retried over HTTP with staff tokens', () => {
  const graph = new FakeGraphServer();
  const issuer = new LocalStaffIssuer();
  let first: TestApp | undefined;
  let bot: TestApp;
  const videoId = '900000000000919';
  const comments = ['retry_fb_1', 'retry_fb_2'];

  beforeAll(async () => {
    await graph.start();
    await issuer.start();
    first = await startTestApp({ ...issuer.environment(), ...facebookEnvironment(graph.url) });
    await deliver(first.app.url, pageNotification([liveVideoChange(videoId, 'live')]));
    for (const [index, commentId] of comments.entries()) {
      graph.failNext(400);
      await deliver(
        first.app.url,
        pageNotification([
          commentChange({
            commentId,
            postId: `${testPageId}_${videoId}`,
            message: `¿Cuándo publican el informe de regalías número ${index + 1} de Samacá?`,
            fromId: commenter.id,
            fromName: commenter.name,
          }),
        ]),
      );
      await first.app.facebook?.settled();
    }
    const databaseName = first.config.database.dbName;
    await first.app.stop();
    bot = await startTestApp({
      ...issuer.environment(),
      ...facebookEnvironment(graph.url),
      MONGODB_DB_NAME: databaseName,
      FACEBOOK_RESUME_INTERVAL_MS: '200',
    });
  }, 60_000);
  afterAll(async () => {
    await bot.dispose();
    if (first) await rm(first.config.dataDir, { recursive: true, force: true });
    await issuer.stop();
    await graph.stop();
  });

  async function api(path: string, options: { body?: unknown; as?: typeof moderator } = {}) {
    const token = await issuer.token(options.as ?? moderator);
    const response = await fetch(`${bot.app.url}${path}`, {
      method: options.body === undefined ? 'GET' : 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    return { status: response.status, body: (await response.json()) as ApiBody };
  }

  const retryPath = (id: string) => `/api/moderation/facebook-replies/${id}/retry`;

  it('when Meta refused the private replies, then moderators see each with its space, code and reason, and nothing of the commenter', async () => {
    const { status, body } = await api('/api/moderation/facebook-replies?status=failed');
    expect(status).toBe(200);
    expect(body.items).toHaveLength(2);
    for (const item of body.items ?? []) {
      expect(item).toMatchObject({
        trackingCode: expect.stringMatching(/^ANM-/) as unknown,
        space: { title: 'Transmisión en vivo por Facebook' },
        graphStatus: 400,
        reason: 'Facebook rechazó la respuesta (HTTP 400)',
        retryable: true,
        version: 0,
      });
    }
    const text = JSON.stringify(body);
    for (const hidden of [commenter.id, commenter.name, 'Jorge', ...comments]) {
      expect(text).not.toContain(hidden);
    }
  });

  it('when a moderator retries one, then the worker checks with Facebook and sends it once, the history says who, and a second retry is refused', async () => {
    const [item] = (await api('/api/moderation/facebook-replies')).body.items ?? [];
    if (!item) throw new Error('no failed reply listed');
    const claim = await bot.app.database.models.facebookReplies
      .findOne({ questionId: item.id })
      .lean();
    const commentId = claim?.commentId as string;
    const replyKey = claim?._id as string;
    const checksBefore = graph.checks.filter((check) => check.commentId === commentId).length;

    const retried = await api(retryPath(item.id), { body: { version: 0 } });
    expect([retried.status, retried.body.reply]).toEqual([
      200,
      { id: item.id, state: 'queued', version: 1 },
    ]);
    await eventually(
      'the private reply sent',
      () => replyOutcome(bot.app.database.models, replyKey),
      (outcome) => outcome?.state === 'sent',
    );
    expect(graph.checks.filter((check) => check.commentId === commentId).length).toBe(
      checksBefore + 1,
    );
    expect(graph.replyAttemptsTo(commentId).map((request) => request.path)).toEqual([
      'failed',
      `/v24.0/${testPageId}/messages`,
    ]);
    const text = graph.repliesTo(commentId)[0]?.body.message?.text ?? '';
    expect(text).toContain(item.trackingCode ?? '-');

    const detail = await api(`/api/moderation/questions/${item.id}`);
    expect(detail.body.history?.at(-1)).toMatchObject({
      type: 'private-reply-retried',
      by: { name: 'Ana Moderadora' },
    });
    const listed = await api('/api/moderation/facebook-replies');
    expect((listed.body.items ?? []).map((candidate) => candidate.id)).not.toContain(item.id);
    const again = await api(retryPath(item.id), { as: otherModerator, body: { version: 1 } });
    expect([again.status, again.body.error?.code]).toEqual([409, 'action-not-allowed']);
  });

  it('when two moderators retry the other one at once, then one gets 409 and the reply goes out once', async () => {
    const [item] = (await api('/api/moderation/facebook-replies')).body.items ?? [];
    if (!item) throw new Error('no failed reply listed');
    const claim = await bot.app.database.models.facebookReplies
      .findOne({ questionId: item.id })
      .lean();
    const commentId = claim?.commentId as string;
    const replyKey = claim?._id as string;
    const replies = await Promise.all([
      api(retryPath(item.id), { body: { version: 0 } }),
      api(retryPath(item.id), { as: otherModerator, body: { version: 0 } }),
    ]);
    expect(replies.map((reply) => reply.status).sort()).toEqual([200, 409]);
    expect(replies.find((reply) => reply.status === 409)?.body.error?.code).toBe(
      'changed-meanwhile',
    );
    await eventually(
      'the private reply sent',
      () => replyOutcome(bot.app.database.models, replyKey),
      (outcome) => outcome?.state === 'sent',
    );
    await bot.app.facebook?.settled();
    expect(graph.replyAttemptsTo(commentId)).toHaveLength(2);
    expect(graph.repliesTo(commentId)).toHaveLength(1);
  });
});
