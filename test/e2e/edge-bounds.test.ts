import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

import type { Activity } from 'botbuilder';

import {
  membersAddedActivity,
  messageActivity,
  newParty,
  postActivity,
} from '../support/activities';
import { ChannelSimulator } from '../support/channel-simulator';
import { deliver, facebookEnvironment } from '../support/facebook-deliveries';
import { FakeGraphServer } from '../support/fake-graph-server';
import { LocalOpenIdProvider } from '../support/openid-provider';
import { LocalStaffIssuer } from '../support/staff-auth-issuer';
import {
  botAddedToMeeting,
  meetingEventActivity,
  newTeamsMeeting,
} from '../support/teams-meeting-activities';
import { startTestApp, type TestApp } from '../support/test-app';

interface EdgeAnswer {
  status: number;
  text: string;
  headers: Headers;
}

/** POSTs bytes exactly as given, with the given headers, to a path of the bot. */
async function postBytes(
  url: string,
  body: string | Buffer,
  headers: Record<string, string>,
): Promise<EdgeAnswer> {
  const response = await fetch(url, { method: 'POST', headers, body });
  return { status: response.status, text: await response.text(), headers: response.headers };
}

/** Streams a chunked body (no Content-Length) until the bot answers; returns its status. */
function streamUntilAnswered(url: string, chunk: Buffer, maxChunks: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
    });
    let answered = false;
    request.on('response', (response) => {
      answered = true;
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    // The bot may close the connection while the rest of the body is still on its way.
    request.on('error', (error) => {
      if (!answered) reject(error);
    });
    let sent = 0;
    const writeMore = () => {
      while (!answered && sent < maxChunks) {
        sent++;
        if (!request.write(chunk)) {
          request.once('drain', writeMore);
          return;
        }
      }
      if (!answered) request.end();
    };
    request.write('{"type":"message","text":"');
    writeMore();
  });
}

function errorOf(text: string): { code?: unknown; message?: unknown } {
  return (JSON.parse(text) as { error: { code?: unknown; message?: unknown } }).error;
}

describe('the HTTP edge bounds every request before it costs anything', () => {
  const channel = new ChannelSimulator();
  const otherChannel = new ChannelSimulator();
  let bot: TestApp;
  let messagesUrl: string;

  beforeAll(async () => {
    await channel.start();
    await otherChannel.start();
    bot = await startTestApp();
    messagesUrl = `${bot.app.url}/api/messages`;
  });
  afterAll(async () => {
    await bot.dispose();
    await channel.stop();
    await otherChannel.stop();
  });

  async function stillHealthy(): Promise<void> {
    expect((await fetch(`${bot.app.url}/healthz`)).status).toBe(200);
    const party = newParty(channel.serviceUrl);
    expect((await postActivity(bot.app.url, messageActivity(party, 'hola'))).status).toBe(200);
    await channel.waitFor(party.conversationId, 1);
  }

  it('when a small gzip body would inflate to many megabytes, then it is refused with 415 without inflating it and the bot stays healthy', async () => {
    const party = newParty(channel.serviceUrl);
    const activity = JSON.stringify(messageActivity(party, 'hola'));
    // 32 MB of spaces after a valid activity: a few dozen kilobytes once compressed.
    const bomb = gzipSync(
      Buffer.concat([Buffer.from(activity), Buffer.alloc(32 * 1024 * 1024, 32)]),
    );
    expect(bomb.length).toBeLessThan(100 * 1024);
    const answer = await postBytes(messagesUrl, bomb, {
      'content-type': 'application/json',
      'content-encoding': 'gzip',
    });
    expect(answer.status).toBe(415);
    expect(errorOf(answer.text).code).toBe('unsupported-content-encoding');
    expect(channel.inConversation(party.conversationId)).toHaveLength(0);
    await stillHealthy();
  });

  it('when a multipart form with a file is posted, then it is refused with 415 and no file is written to the temp folder', async () => {
    const tempDir = await mkdtemp(path.join(os.tmpdir(), 'anm-edge-tmp-'));
    const previous = process.env.TMPDIR;
    // os.tmpdir() reads TMPDIR on every call: an upload parser would write its files here.
    process.env.TMPDIR = tempDir;
    try {
      const form = new FormData();
      form.append('type', 'message');
      form.append('upload', new Blob([Buffer.alloc(512 * 1024, 65)]), 'datos.bin');
      const response = await fetch(messagesUrl, { method: 'POST', body: form });
      expect(response.status).toBe(415);
      await response.text();
      expect(await readdir(tempDir)).toEqual([]);
    } finally {
      if (previous === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = previous;
      await rm(tempDir, { recursive: true, force: true });
    }
  });

  it('when an activity comes as a url-encoded form, then it is refused with 415 and nothing is sent', async () => {
    const party = newParty(channel.serviceUrl);
    const form = new URLSearchParams({
      type: 'message',
      text: 'hola',
      serviceUrl: channel.serviceUrl,
      'conversation[id]': party.conversationId,
    });
    const answer = await postBytes(messagesUrl, form.toString(), {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(answer.status).toBe(415);
    expect(channel.inConversation(party.conversationId)).toHaveLength(0);
  });

  it('when the declared body is larger than the limit, then it is refused with 413', async () => {
    const party = newParty(channel.serviceUrl);
    const body = JSON.stringify(messageActivity(party, 'a'.repeat(2 * 1024 * 1024)));
    const answer = await postBytes(messagesUrl, body, { 'content-type': 'application/json' });
    expect(answer.status).toBe(413);
    expect(errorOf(answer.text).code).toBe('too-large');
  });

  it('when a body without a declared length grows past the limit, then it is refused with 413 before it ends', async () => {
    // 64 MB offered in 64 KB chunks: the bot answers long before the end.
    const status = await streamUntilAnswered(messagesUrl, Buffer.alloc(64 * 1024, 97), 1024);
    expect(status).toBe(413);
    await stillHealthy();
  });

  it('when the body is not valid JSON, then it is refused with 400 and a short JSON error, without a stack', async () => {
    const answer = await postBytes(messagesUrl, '{"type": "message", ', {
      'content-type': 'application/json; charset=utf-8',
    });
    expect(answer.status).toBe(400);
    expect(errorOf(answer.text).code).toBe('invalid-json');
    expect(answer.text).not.toMatch(/\bat .+\(.+:\d+:\d+\)/);
  });

  it('when an activity has no serviceUrl, then it is refused with 400 and no turn runs', async () => {
    const party = newParty(channel.serviceUrl);
    const { status, body } = await postActivity(bot.app.url, {
      ...messageActivity(party, 'hola'),
      serviceUrl: undefined,
    });
    expect(status).toBe(400);
    expect(errorOf(body).code).toBe('invalid-activity');
  });

  it('when an activity has no conversation, then it is refused with 400 and nothing is sent', async () => {
    const party = newParty(channel.serviceUrl);
    const sentBefore = channel.received.length;
    const { status } = await postActivity(bot.app.url, {
      ...messageActivity(party, 'hola'),
      conversation: undefined,
    });
    expect(status).toBe(400);
    expect(channel.received.length).toBe(sentBefore);
  });

  it('when serviceUrl is an operator object instead of a string, then it is refused with 400, not 500', async () => {
    const party = newParty(channel.serviceUrl);
    const { status, body } = await postActivity(bot.app.url, {
      ...messageActivity(party, 'hola'),
      serviceUrl: { $ne: null } as unknown as string,
    });
    expect(status).toBe(400);
    expect(errorOf(body).code).toBe('invalid-activity');
    expect(body).not.toContain('$ne');
  });

  it('when the text is larger than the edge bound, then it is refused with 400 and nothing is sent', async () => {
    const party = newParty(channel.serviceUrl);
    const { status } = await postActivity(
      bot.app.url,
      messageActivity(party, 'minería '.repeat(20_000)),
    );
    expect(status).toBe(400);
    expect(channel.inConversation(party.conversationId)).toHaveLength(0);
  });

  it('when real channels send their activities (Emulator, Teams invoke and meeting events), then they are accepted', async () => {
    const emulator = newParty(channel.serviceUrl.replace(/\/$/, ''), 'emulator');
    const emulatorUpdate: Partial<Activity> = {
      ...membersAddedActivity(emulator),
      channelId: 'emulator',
      localTimestamp: new Date(),
      locale: 'es-CO',
      from: { id: emulator.userId, name: 'User', role: 'user' },
    };
    expect((await postActivity(bot.app.url, emulatorUpdate)).status).toBe(200);

    const meeting = newTeamsMeeting(channel.serviceUrl, 'Audiencia de prueba en el borde');
    expect((await postActivity(bot.app.url, botAddedToMeeting(meeting))).status).toBe(200);
    expect((await postActivity(bot.app.url, meetingEventActivity(meeting, 'start'))).status).toBe(
      200,
    );
    const teams = newParty(channel.serviceUrl, 'msteams');
    const invoke = messageActivity(teams, '', {
      type: 'invoke',
      name: 'adaptiveCard/action',
      text: undefined,
      value: { action: { type: 'Action.Execute', verb: 'ayuda', data: { nested: [1, 2, 3] } } },
      channelData: { tenant: { id: 'tenant-anm-test' }, source: { name: 'message' } },
    });
    // The bot handles no invoke: the SDK's 501 shows the activity passed the edge to a turn.
    expect((await postActivity(bot.app.url, invoke)).status).toBe(501);
  });

  it('when an activity of a known conversation arrives unauthenticated with another serviceUrl, then the stored reference is not replaced', async () => {
    const party = newParty(channel.serviceUrl);
    await postActivity(bot.app.url, messageActivity(party, 'hola'));
    await channel.waitFor(party.conversationId, 2);
    await postActivity(
      bot.app.url,
      messageActivity({ ...party, serviceUrl: otherChannel.serviceUrl }, 'otra vez'),
    );
    const reference = await bot.app.conversationReferences.find('webchat', party.conversationId);
    expect(reference?.serviceUrl).toBe(channel.serviceUrl);
  });
});

describe('serviceUrl allow-list when the bot runs unauthenticated', () => {
  const channel = new ChannelSimulator();
  let bot: TestApp;

  beforeAll(async () => {
    await channel.start();
    // The simulator listens on 127.0.0.1, which this list leaves out.
    bot = await startTestApp({ SERVICE_URL_ALLOWLIST: 'http://localhost:*' });
  });
  afterAll(async () => {
    await bot.dispose();
    await channel.stop();
  });

  it('when the serviceUrl is not on the allow-list, then the activity is refused with 403 and no reply is sent anywhere', async () => {
    const party = newParty(channel.serviceUrl);
    const { status, body } = await postActivity(bot.app.url, messageActivity(party, 'hola'));
    expect(status).toBe(403);
    expect(errorOf(body).code).toBe('service-url-not-allowed');
    expect(channel.received).toHaveLength(0);
  });
});

describe('rate limits on /api/messages', () => {
  const channel = new ChannelSimulator();
  let bot: TestApp;

  beforeAll(async () => {
    await channel.start();
    bot = await startTestApp({
      RATE_LIMIT_PER_CONVERSATION_PER_MINUTE: '3',
      RATE_LIMIT_PER_IP_PER_MINUTE: '12',
    });
  });
  afterAll(async () => {
    await bot.dispose();
    await channel.stop();
  });

  it('when one sender floods a conversation, then the excess gets 429 with Retry-After and other conversations still go through, until the address itself is over its limit', async () => {
    const party = newParty(channel.serviceUrl);
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let index = 0; index < 5; index++) {
      const response = await fetch(`${bot.app.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(messageActivity(party, `mensaje ${index}`)),
      });
      statuses.push(response.status);
      if (response.status === 429) retryAfter = response.headers.get('retry-after');
      await response.text();
    }
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    expect(Number(retryAfter)).toBeGreaterThan(0);

    const other = newParty(channel.serviceUrl);
    expect((await postActivity(bot.app.url, messageActivity(other, 'hola'))).status).toBe(200);

    // 6 requests so far from this address; 6 more reach its limit of 12, the next is refused.
    const more: number[] = [];
    for (let index = 0; index < 7; index++) {
      more.push(
        (await postActivity(bot.app.url, messageActivity(newParty(channel.serviceUrl), 'x')))
          .status,
      );
    }
    expect(more.slice(0, 6)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(more[6]).toBe(429);
  });
});

describe('rate limits per address on the Facebook webhook and the live panel API', () => {
  const graph = new FakeGraphServer();
  const staffIssuer = new LocalStaffIssuer();
  let bot: TestApp;

  beforeAll(async () => {
    await graph.start();
    await staffIssuer.start();
    bot = await startTestApp({
      ...facebookEnvironment(graph.url),
      ...staffIssuer.environment(),
      RATE_LIMIT_PER_IP_PER_MINUTE: '3',
    });
  });
  afterAll(async () => {
    await bot.dispose();
    await staffIssuer.stop();
    await graph.stop();
  });

  it('when one address floods the webhook, then the excess gets 429 with Retry-After', async () => {
    const statuses: number[] = [];
    for (let index = 0; index < 4; index++) {
      statuses.push((await deliver(bot.app.url, '{"object":"page","entry":[]}', null)).status);
    }
    expect(statuses.slice(0, 3)).toEqual([401, 401, 401]);
    expect(statuses[3]).toBe(429);
  });

  it('when one address floods the live panel API, then the excess gets 429 with a Spanish message', async () => {
    const answers: EdgeAnswer[] = [];
    for (let index = 0; index < 4; index++) {
      const response = await fetch(`${bot.app.url}/api/live/spaces`, {
        headers: await staffIssuer.headers('staff'),
      });
      answers.push({
        status: response.status,
        text: await response.text(),
        headers: response.headers,
      });
    }
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 429]);
    expect(answers[3]?.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(errorOf(answers[3]?.text ?? '{}').message).toContain('solicitudes');
  });

  it('when one address floods the moderation API, then the excess gets 429 with Retry-After', async () => {
    const headers = await staffIssuer.headers('moderator');
    const answers: EdgeAnswer[] = [];
    for (let index = 0; index < 4; index++) {
      const response = await fetch(`${bot.app.url}/api/moderation/questions`, { headers });
      answers.push({
        status: response.status,
        text: await response.text(),
        headers: response.headers,
      });
    }
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 429]);
    expect(answers[3]?.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(errorOf(answers[3]?.text ?? '{}').code).toBe('too-many-requests');
  });

  it('when one address floods the public answers pages, then the excess gets 429 with Retry-After', async () => {
    const statuses: number[] = [];
    let refused: Response | undefined;
    for (const page of ['/respuestas', '/respuestas/ANM-0000-0000', '/respuestas', '/respuestas']) {
      const response = await fetch(`${bot.app.url}${page}`);
      await response.text();
      statuses.push(response.status);
      if (response.status === 429) refused = response;
    }
    expect(statuses).toEqual([200, 404, 200, 429]);
    expect(refused?.headers.get('retry-after')).toMatch(/^\d+$/);
  });
});

describe('rate limit per signed-in staff member on the staff APIs', () => {
  const staffIssuer = new LocalStaffIssuer();
  const ana = { oid: 'oid-ana-limite', roles: ['moderator', 'staff'] };
  const bruno = { oid: 'oid-bruno-limite', roles: ['moderator', 'staff'] };
  let bot: TestApp;

  beforeAll(async () => {
    await staffIssuer.start();
    bot = await startTestApp({
      ...staffIssuer.environment(),
      RATE_LIMIT_PER_STAFF_PER_MINUTE: '3',
    });
  });
  afterAll(async () => {
    await bot.dispose();
    await staffIssuer.stop();
  });

  const call = async (path: string, authorization: string) => {
    const response = await fetch(`${bot.app.url}${path}`, { headers: { authorization } });
    return { status: response.status, text: await response.text(), headers: response.headers };
  };

  it('when one moderator floods the staff APIs, then their excess gets 429 on every staff API while a colleague at the same address goes on, and forged tokens spend nobody', async () => {
    const anaToken = `Bearer ${await staffIssuer.token(ana)}`;
    const brunoToken = `Bearer ${await staffIssuer.token(bruno)}`;
    const forgedBruno = `Bearer ${staffIssuer.unsignedToken(bruno)}`;
    for (let index = 0; index < 4; index++) {
      expect((await call('/api/moderation/questions', forgedBruno)).status).toBe(401);
    }

    const anaStatuses = [
      (await call('/api/moderation/questions', anaToken)).status,
      (await call('/api/live/spaces', anaToken)).status,
      (await call('/api/moderation/questions', anaToken)).status,
    ];
    const refused = await call('/api/moderation/questions', anaToken);
    const refusedOnPanel = await call('/api/live/spaces', anaToken);

    expect(anaStatuses).toEqual([200, 200, 200]);
    expect([refused.status, refusedOnPanel.status]).toEqual([429, 429]);
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(errorOf(refused.text)).toEqual({
      code: 'too-many-requests',
      message: 'Demasiadas solicitudes: espere unos segundos e intente de nuevo.',
    });
    expect([
      (await call('/api/moderation/questions', brunoToken)).status,
      (await call('/api/live/spaces', brunoToken)).status,
    ]).toEqual([200, 200]);
  });
});

describe('bearer tokens at the edge when the bot is authenticated', () => {
  const appId = '00000000-0000-4000-8000-000000000002';
  const serviceUrl = 'http://127.0.0.1:9/';
  const provider = new LocalOpenIdProvider();
  let bot: TestApp;

  beforeAll(async () => {
    await provider.start();
    bot = await startTestApp({
      MicrosoftAppId: appId,
      MicrosoftAppPassword: 'not-a-real-secret',
      MicrosoftAppType: 'MultiTenant',
      ToBotFromChannelOpenIdMetadataUrl: provider.metadataUrl,
      ToBotFromChannelTokenIssuer: provider.issuer,
      RATE_LIMIT_PER_CONVERSATION_PER_MINUTE: '2',
    });
  });
  afterAll(async () => {
    await bot.dispose();
    await provider.stop();
  });

  const activity = (party = newParty(serviceUrl)) =>
    messageActivity(party, 'hola', { deliveryMode: 'expectReplies' });

  it('when a correctly signed token has no expiry, then it is refused with 401', async () => {
    const token = provider.token({ audience: appId, serviceUrl, withoutExpiry: true });
    const { status } = await postActivity(bot.app.url, activity(), {
      authorization: `Bearer ${token}`,
    });
    expect(status).toBe(401);
  });

  it('when an authenticated activity comes from a new serviceUrl, then it replaces the stored reference', async () => {
    const party = newParty(serviceUrl);
    const movedUrl = 'http://127.0.0.1:10/';
    for (const url of [serviceUrl, movedUrl]) {
      const token = provider.token({ audience: appId, serviceUrl: url });
      const { status } = await postActivity(bot.app.url, activity({ ...party, serviceUrl: url }), {
        authorization: `Bearer ${token}`,
      });
      expect(status).toBe(200);
    }
    const reference = await bot.app.conversationReferences.find('webchat', party.conversationId);
    expect(reference?.serviceUrl).toBe(movedUrl);
  });

  it('when forged requests name a conversation, then they do not use up its rate limit', async () => {
    const party = newParty(serviceUrl);
    for (let index = 0; index < 4; index++) {
      const { status } = await postActivity(bot.app.url, activity(party), {
        authorization: 'Bearer forged.token.here',
      });
      expect(status).toBe(401);
    }
    const token = provider.token({ audience: appId, serviceUrl });
    const { status } = await postActivity(bot.app.url, activity(party), {
      authorization: `Bearer ${token}`,
    });
    expect(status).toBe(200);
  });
});

describe('slow senders', () => {
  let bot: TestApp;

  beforeAll(async () => {
    bot = await startTestApp({ REQUEST_TIMEOUT_MS: '1000' });
  });
  afterAll(() => bot.dispose());

  it('when a client sends its body a trickle at a time and never finishes, then the bot cuts the connection instead of holding it', async () => {
    const { port } = new URL(bot.app.url);
    const closed = await new Promise<boolean>((resolve) => {
      const socket = connect(Number(port), '127.0.0.1', () => {
        socket.write(
          'POST /api/messages HTTP/1.1\r\nHost: localhost\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n{"type":',
        );
      });
      // Far longer than the configured second: without the timeout the socket stays open.
      const giveUp = setTimeout(() => {
        socket.destroy();
        resolve(false);
      }, 15_000);
      socket.on('data', () => undefined);
      socket.on('error', () => undefined);
      socket.on('close', () => {
        clearTimeout(giveUp);
        resolve(true);
      });
    });
    expect(closed).toBe(true);
    expect((await fetch(`${bot.app.url}/healthz`)).status).toBe(200);
  }, 30_000);
});
