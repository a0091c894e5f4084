import http from 'node:http';
import type { AddressInfo } from 'node:net';

import type { Activity } from 'botbuilder';
import { ConnectorClient, MicrosoftAppCredentials } from 'botframework-connector';

import { isDatabaseUnavailableError } from '../models/database';
import { closeServer, listenOnLoopback } from '../test/support/loopback-server';
import { ReplyClient, ReplyRefusedError } from './reply-client';

interface Received {
  method: string | undefined;
  url: string | undefined;
  authorization: string | undefined;
  body: unknown;
}

/** A connector on loopback that answers with the statuses given, in order (then 200). */
async function fakeConnector(statuses: (number | { status: number; headers: object })[] = []) {
  const received: Received[] = [];
  const server = http.createServer((request, response) => {
    let text = '';
    request.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    request.on('end', () => {
      received.push({
        method: request.method,
        url: request.url,
        authorization: request.headers.authorization,
        body: JSON.parse(text) as unknown,
      });
      const next = statuses.shift() ?? 200;
      const { status, headers } = typeof next === 'number' ? { status: next, headers: {} } : next;
      response.writeHead(status, { 'content-type': 'application/json', ...headers });
      response.end(
        status < 300
          ? JSON.stringify({ id: `activity-${received.length}` })
          : JSON.stringify({ error: { code: 'ConversationBlocked', message: 'no' } }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    serviceUrl: `http://127.0.0.1:${port}/`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A channel on loopback that answers every request with `answer` (which may never answer). */
async function rawChannel(answer: (response: http.ServerResponse) => void) {
  let requests = 0;
  const server = http.createServer((_request, response) => {
    requests += 1;
    answer(response);
  });
  await listenOnLoopback(server);
  const { port } = server.address() as AddressInfo;
  return {
    serviceUrl: `http://127.0.0.1:${port}/`,
    requests: () => requests,
    close: () => closeServer(server),
  };
}

/** Credentials with an app id, whose token the SDK finds in its cache (no login round-trip). */
function credentialsWithToken(token: string): MicrosoftAppCredentials {
  const credentials = new MicrosoftAppCredentials('test-app-id', 'test-password');
  const cache = (
    MicrosoftAppCredentials as unknown as {
      cache: Map<string, { accessToken: string; expiresOn: Date }>;
    }
  ).cache;
  const key = (credentials as unknown as { tokenCacheKey: string }).tokenCacheKey;
  cache.set(key, { accessToken: token, expiresOn: new Date(Date.now() + 3_600_000) });
  return credentials;
}

const reply: Partial<Activity> = {
  type: 'message',
  text: '¿Qué es el canon superficiario? Es una contraprestación…',
  conversation: { id: 'a:conv/with spaces', isGroup: false, conversationType: '', name: '' },
  from: { id: 'bot', name: 'ANM' },
  recipient: { id: 'citizen-1', name: '' },
  replyToId: 'incoming/1',
  locale: 'es-CO',
  timestamp: new Date('2026-11-30T10:00:00Z'),
  channelId: 'msteams',
  serviceUrl: 'http://unused/',
};

describe('the reply client against a connector', () => {
  const client = new ReplyClient();
  afterAll(() => client.close());

  it('when the bot has an app id, then a reply carries the same bearer token, path and body as the SDK connector client sends', async () => {
    const connector = await fakeConnector();
    try {
      const credentials = credentialsWithToken('the-token');
      const sdk = new ConnectorClient(credentials, { baseUri: connector.serviceUrl });
      await sdk.conversations.replyToActivity('a:conv/with spaces', 'incoming/1', reply);
      const response = await client.send(
        { baseUri: connector.serviceUrl, credentials },
        { ...reply },
      );
      expect(response.id).toBe('activity-2');
      const [bySdk, byClient] = connector.received;
      expect(byClient).toEqual(bySdk);
      expect(byClient?.authorization).toBe('Bearer the-token');
      expect(byClient?.url).toBe(
        '/v3/conversations/a%3Aconv%2Fwith%20spaces/activities/incoming%2F1',
      );
    } finally {
      await connector.close();
    }
  });

  it('when authentication is off, then a message to a conversation carries no Authorization header, as the SDK sends none', async () => {
    const connector = await fakeConnector();
    try {
      const credentials = MicrosoftAppCredentials.Empty;
      const sdk = new ConnectorClient(credentials, { baseUri: connector.serviceUrl });
      const activity = { ...reply, replyToId: undefined };
      await sdk.conversations.sendToConversation('a:conv/with spaces', activity);
      await client.send({ baseUri: connector.serviceUrl, credentials }, activity);
      const [bySdk, byClient] = connector.received;
      expect(byClient).toEqual(bySdk);
      expect(byClient?.authorization).toBeUndefined();
      expect(byClient?.url).toBe('/v3/conversations/a%3Aconv%2Fwith%20spaces/activities');
    } finally {
      await connector.close();
    }
  });

  it('when the service URL has a path of its own, then replies to ordinary and dot-segment ids go to the same paths as the SDK sends them to', async () => {
    const connector = await fakeConnector();
    try {
      const credentials = MicrosoftAppCredentials.Empty;
      const serviceUrl = `${connector.serviceUrl}amer/`;
      const sdk = new ConnectorClient(credentials, { baseUri: serviceUrl });
      const sent: string[] = [];
      for (const [conversationId, replyToId] of [
        ['19:abc@thread.v2', 'incoming-1'],
        ['..', '.'],
        ['a:conv', undefined],
      ] as const) {
        const activity = {
          ...reply,
          conversation: { isGroup: false, conversationType: '', name: '', id: conversationId },
          replyToId,
        };
        if (replyToId) await sdk.conversations.replyToActivity(conversationId, replyToId, activity);
        else await sdk.conversations.sendToConversation(conversationId, activity);
        await client.send({ baseUri: serviceUrl, credentials }, activity);
        sent.push(conversationId);
      }
      expect(connector.received).toHaveLength(2 * sent.length);
      for (let index = 0; index < sent.length; index++) {
        const bySdk = connector.received[2 * index];
        const byClient = connector.received[2 * index + 1];
        expect([sent[index], byClient?.url]).toEqual([sent[index], bySdk?.url]);
        expect(byClient).toEqual(bySdk);
      }
      expect(connector.received[1]?.url).toBe(
        '/amer/v3/conversations/19%3Aabc%40thread.v2/activities/incoming-1',
      );
    } finally {
      await connector.close();
    }
  });

  it('when the channel refuses the reply, then the send fails with its status and code, and is not retried', async () => {
    const connector = await fakeConnector([403]);
    try {
      const sent = client.send(
        { baseUri: connector.serviceUrl, credentials: MicrosoftAppCredentials.Empty },
        { ...reply },
      );
      await expect(sent).rejects.toBeInstanceOf(ReplyRefusedError);
      await expect(sent).rejects.toMatchObject({
        name: 'RestError',
        statusCode: 403,
        code: 'ConversationBlocked',
      });
      expect(connector.received).toHaveLength(1);
    } finally {
      await connector.close();
    }
  });

  it('when the channel is throttling or briefly failing, then the reply is retried as the SDK does and arrives', async () => {
    const connector = await fakeConnector([
      { status: 429, headers: { 'retry-after-ms': '10' } },
      { status: 503, headers: { 'retry-after': '0' } },
    ]);
    try {
      const response = await client.send(
        { baseUri: connector.serviceUrl, credentials: MicrosoftAppCredentials.Empty },
        { ...reply },
      );
      expect(response.id).toBe('activity-3');
      expect(connector.received).toHaveLength(3);
    } finally {
      await connector.close();
    }
  });

  it('when nothing listens at the service URL, then the send fails (after the SDK retries) with the network error code', async () => {
    const connector = await fakeConnector();
    await connector.close();
    // Three retries, 1 s, 2 s and 4 s apart (± half): a few seconds of real time.
    const sent = client.send(
      { baseUri: connector.serviceUrl, credentials: MicrosoftAppCredentials.Empty },
      { ...reply },
    );
    await expect(sent).rejects.toMatchObject({ name: 'RestError', code: 'ECONNREFUSED' });
    // The channel's failure, not the database's: the turn fails instead of waiting in the
    // journal to be replayed for ever.
    expect(isDatabaseUnavailableError(await sent.catch((error: unknown) => error))).toBe(false);
  });
  it('when the channel holds the connection without answering, then each attempt gives up and the send fails with ETIMEDOUT', async () => {
    const silent = await rawChannel(() => undefined); // never answered
    const impatient = new ReplyClient({ attemptTimeoutMs: 100 });
    try {
      // Three retries, 1 s, 2 s and 4 s apart (± half): a few seconds of real time.
      const sent = impatient.send(
        { baseUri: silent.serviceUrl, credentials: MicrosoftAppCredentials.Empty },
        { ...reply },
      );
      await expect(sent).rejects.toMatchObject({ name: 'RestError', code: 'ETIMEDOUT' });
      expect(silent.requests()).toBe(4);
    } finally {
      impatient.close();
      await silent.close();
    }
  });

  it('when the channel answers with an endless body, then reading stops at the limit and the send fails, not retried', async () => {
    const flooding = await rawChannel((response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      const pour = () => {
        while (!response.destroyed && response.write(chunk));
        if (!response.destroyed) response.once('drain', pour);
      };
      pour();
    });
    const bounded = new ReplyClient({ maxResponseBytes: 256 * 1024 });
    try {
      const sent = bounded.send(
        { baseUri: flooding.serviceUrl, credentials: MicrosoftAppCredentials.Empty },
        { ...reply },
      );
      await expect(sent).rejects.toMatchObject({
        name: 'RestError',
        code: 'REPLY_RESPONSE_TOO_LARGE',
      });
      expect(flooding.requests()).toBe(1);
    } finally {
      bounded.close();
      await flooding.close();
    }
  });
});
