import http from 'node:http';
import type { AddressInfo } from 'node:net';

import type { Activity, TurnContext } from 'botbuilder';
import { UserTokenClient } from 'botframework-connector';

import { createLogger } from '../kernel/logger';
import { messageActivity } from '../test/support/activities';
import { ChannelSimulator } from '../test/support/channel-simulator';
import { createCloudAdapter, proactiveSender } from './adapter';

describe('replies of turns that reuse the SDK connector clients', () => {
  const first = new ChannelSimulator();
  const second = new ChannelSimulator();
  const adapter = createCloudAdapter({ MicrosoftAppId: '' }, createLogger('silent'), []);

  beforeAll(async () => {
    await first.start();
    await second.start();
  });
  afterAll(async () => {
    adapter.replies.close();
    await first.stop();
    await second.stop();
  });

  /** Runs a turn that replies with `text`, and returns the connector client the turn had. */
  async function turn(channel: ChannelSimulator, conversationId: string, text: string) {
    let connector: unknown;
    const activity = messageActivity(
      { conversationId, userId: `user-${conversationId}`, serviceUrl: channel.serviceUrl },
      'hola',
    ) as Activity;
    await adapter.authenticateAndProcess(activity, '', async (context: TurnContext) => {
      connector = context.turnState.get(adapter.ConnectorClientKey);
      await context.sendActivity(text);
    });
    return connector;
  }

  it('when turns alternate between two channels, then each reply reaches its own channel and conversation, and each channel address keeps one connector client', async () => {
    const a1 = await turn(first, 'conv-a1', 'respuesta a1');
    const b1 = await turn(second, 'conv-b1', 'respuesta b1');
    const a2 = await turn(first, 'conv-a2', 'respuesta a2');

    const texts = (channel: ChannelSimulator) =>
      channel.received.map((reply) => [reply.conversation?.id, reply.text]);
    expect(texts(first)).toEqual([
      ['conv-a1', 'respuesta a1'],
      ['conv-a2', 'respuesta a2'],
    ]);
    expect(texts(second)).toEqual([['conv-b1', 'respuesta b1']]);
    expect(a2).toBe(a1);
    expect(b1).not.toBe(a1);
  });

  it('when turns follow one another, then each has the SDK user-token client, built once for the bot', async () => {
    const clients: unknown[] = [];
    for (const conversationId of ['conv-t1', 'conv-t2']) {
      const activity = messageActivity(
        { conversationId, userId: `user-${conversationId}`, serviceUrl: first.serviceUrl },
        'hola',
      ) as Activity;
      await adapter.authenticateAndProcess(activity, '', (context: TurnContext) => {
        clients.push(context.turnState.get(adapter.UserTokenClientKey));
        return Promise.resolve();
      });
    }
    const [one, two] = clients;
    expect(one).toBeInstanceOf(UserTokenClient);
    expect(two).toBe(one);
  });

  it('when the channel refuses a proactive message, then the send fails with its status', async () => {
    second.failNext(403);
    const sender = proactiveSender(adapter, '');
    const reference = {
      channelId: 'webchat',
      serviceUrl: second.serviceUrl,
      conversation: { id: 'conv-b1', isGroup: false, conversationType: 'personal', name: '' },
      bot: { id: 'bot', name: 'ANM' },
      user: { id: 'user-conv-b1', name: '' },
    };
    await expect(sender.send(reference, { type: 'message', text: 'aviso' })).rejects.toMatchObject({
      statusCode: 403,
    });
    await sender.send(reference, { type: 'message', text: 'aviso de nuevo' });
    expect(second.received.at(-1)?.text).toBe('aviso de nuevo');
  });

  it('when an outbound proxy is configured, then replies go through it, as the SDK sends them', async () => {
    // A proxy that answers for the channel: it records the request line the client sent it.
    const proxied: string[] = [];
    const proxy = http.createServer((request, response) => {
      proxied.push(`${request.method ?? ''} ${request.url ?? ''}`);
      request.resume();
      request.on('end', () => {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ id: 'via-proxy' }));
      });
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const saved = { HTTP_PROXY: process.env.HTTP_PROXY, NO_PROXY: process.env.NO_PROXY };
    process.env.HTTP_PROXY = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    delete process.env.NO_PROXY;
    // A channel address of its own: the SDK reads the proxy settings when it builds a client.
    const third = new ChannelSimulator();
    await third.start();
    try {
      await turn(third, 'conv-proxied', 'respuesta por el proxy');
      // Through the proxy, with the channel's absolute URL; nothing reached the channel itself.
      expect(proxied).toHaveLength(1);
      expect(proxied[0]).toMatch(
        /^POST http:\/\/127\.0\.0\.1:\d+\/v3\/conversations\/conv-proxied\/activities\//,
      );
      expect(third.received).toHaveLength(0);
    } finally {
      if (saved.HTTP_PROXY === undefined) delete process.env.HTTP_PROXY;
      else process.env.HTTP_PROXY = saved.HTTP_PROXY;
      if (saved.NO_PROXY !== undefined) process.env.NO_PROXY = saved.NO_PROXY;
      await third.stop();
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
    }
  });
});
