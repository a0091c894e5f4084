import { FakeGraphServer } from '../../test/support/fake-graph-server';
import { GraphClient } from './graph-client';

describe('GraphClient.sendPrivateReply against a Graph API on loopback', () => {
  const graph = new FakeGraphServer();
  let client: GraphClient;

  beforeAll(async () => {
    await graph.start();
    client = new GraphClient(
      { graphApiUrl: `${graph.url}/v24.0`, pageId: '1001', pageAccessToken: 'token-secreto' },
      { attempts: 3, baseDelayMs: 10, maxDelayMs: 50, timeoutMs: 2_000 },
    );
  });
  afterAll(() => graph.stop());
  beforeEach(() => {
    graph.requests.length = 0;
  });

  it('when the Graph API accepts the reply, then it is sent once, to the comment, with the token in the header only', async () => {
    expect(await client.sendPrivateReply('555_1', 'Hola')).toEqual({ ok: true, messageId: 'm_1' });
    expect(graph.requests).toEqual([
      {
        path: '/v24.0/1001/messages',
        authorization: 'Bearer token-secreto',
        body: { recipient: { comment_id: '555_1' }, message: { text: 'Hola' } },
      },
    ]);
  });

  it('when the Graph API is busy (429, 5xx), then the reply is retried until it goes through', async () => {
    graph.failNext(503, 429);
    expect((await client.sendPrivateReply('555_2', 'Hola')).ok).toBe(true);
    expect(graph.requests).toHaveLength(3);
  });

  it('when the Graph API keeps failing, then the client gives up after its attempts and says it may be retried', async () => {
    graph.failNext(500, 500, 500);
    expect(await client.sendPrivateReply('555_3', 'Hola')).toEqual({
      ok: false,
      status: 500,
      attempts: 3,
      retryable: true,
    });
  });

  it('when the Graph API refuses the request (4xx), then it is not retried', async () => {
    graph.failNext(400);
    expect(await client.sendPrivateReply('555_4', 'Hola')).toEqual({
      ok: false,
      status: 400,
      attempts: 1,
      retryable: false,
    });
    expect(graph.requests).toHaveLength(1);
  });

  it('when the page has not answered a comment, then the check says so; after the reply it says replied, and Meta refuses a second one', async () => {
    expect(await client.privateReplyState('555_5')).toEqual({ ok: true, replied: false });
    expect((await client.sendPrivateReply('555_5', 'Hola')).ok).toBe(true);
    expect(await client.privateReplyState('555_5')).toEqual({ ok: true, replied: true });
    expect(graph.checks.at(-1)).toMatchObject({
      commentId: '555_5',
      fields: ['can_reply_privately', 'private_reply_conversation'],
      authorization: 'Bearer token-secreto',
    });
    expect(await client.sendPrivateReply('555_5', 'Hola otra vez')).toMatchObject({
      ok: false,
      status: 400,
      retryable: false,
    });
  });

  it('when the check keeps failing, then it says it may be tried again and sends nothing', async () => {
    graph.failNextChecks(503, 503);
    expect(await client.privateReplyState('555_6')).toEqual({
      ok: false,
      status: 503,
      attempts: 2,
      retryable: true,
    });
    expect(graph.requests).toHaveLength(0);
  });
});
