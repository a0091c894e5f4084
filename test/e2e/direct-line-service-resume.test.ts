import { startDirectLineBed, type DirectLineBed } from '../support/direct-line-bed';
import { FakeDirectLineService } from '../support/fake-direct-line-service';

const secret = 'the-direct-line-channel-secret-of-the-resume-test';

interface Grant {
  conversationId: string;
  token: string;
  expires_in: number;
  resume: string;
  resume_expires_in: number;
  domain: string;
}

/**
 * Production mode, coming back days later: the page keeps the resume secret the bot gave with its
 * first token, and trades it at the bot for a fresh token of the same conversation, which the bot
 * obtains from the service's reconnect with DIRECT_LINE_SECRET (over real HTTP, on loopback).
 */
describe('the web chat with DIRECT_LINE_SECRET set resumes a conversation', () => {
  const service = new FakeDirectLineService(secret);
  let bed: DirectLineBed;

  beforeAll(async () => {
    await service.start();
    bed = await startDirectLineBed({
      environment: {
        DIRECT_LINE_SECRET: secret,
        DIRECT_LINE_BASE_URL: service.url,
        DIRECT_LINE_TOKENS_PER_IP_PER_MINUTE: '14',
      },
    });
  });
  afterAll(async () => {
    await bed.dispose();
    await service.stop();
  });

  async function tokenOfNewConversation(): Promise<{ grant: Grant; text: string }> {
    const response = await fetch(`${bed.url}/api/directline/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(response.status).toBe(200);
    const text = await response.text();
    return { grant: JSON.parse(text) as Grant, text };
  }

  function resume(conversationId: string, resumeSecret: string): Promise<Response> {
    return fetch(`${bed.url}/api/directline/conversations/${conversationId}/resume`, {
      method: 'POST',
      headers: { authorization: `Bearer ${resumeSecret}`, 'content-type': 'application/json' },
      body: '{}',
    });
  }

  it('when the page comes back with its resume secret, then it gets a fresh token of the same conversation from the service, and the next secret; never the channel secret', async () => {
    const first = await tokenOfNewConversation();
    expect(first.grant).toMatchObject({
      conversationId: expect.stringMatching(/^service-conversation-/) as string,
      resume: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) as string,
      resume_expires_in: expect.any(Number) as number,
    });
    expect(first.text).not.toContain(secret);

    const response = await resume(first.grant.conversationId, first.grant.resume);
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).not.toContain(secret);
    const resumed = JSON.parse(text) as Grant;
    expect(resumed.conversationId).toBe(first.grant.conversationId);
    expect(resumed.token).toMatch(new RegExp(`-of-${first.grant.conversationId}$`));
    expect(resumed.token).not.toBe(first.grant.token);
    expect(resumed.domain).toBe(`${service.url}/v3/directline`);
    expect(resumed.resume).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(resumed.resume).not.toBe(first.grant.resume);
    expect(service.reconnects.at(-1)).toEqual({
      conversationId: first.grant.conversationId,
      authorization: `Bearer ${secret}`,
      url: `/v3/directline/conversations/${first.grant.conversationId}?watermark=`,
    });

    // The successor works in turn (rotation), once the device comes back again.
    const again = await resume(first.grant.conversationId, resumed.resume);
    expect(again.status).toBe(200);
    expect(((await again.json()) as Grant).conversationId).toBe(first.grant.conversationId);
  });

  it('when a secret is presented for another conversation, then it is refused (403) and the service is not asked', async () => {
    const mine = await tokenOfNewConversation();
    const theirs = await tokenOfNewConversation();
    const before = service.reconnects.length;
    const response = await resume(theirs.grant.conversationId, mine.grant.resume);
    expect(response.status).toBe(403);
    const text = await response.text();
    expect(text).not.toContain(secret);
    expect(JSON.parse(text)).toMatchObject({ error: { code: 'forbidden' } });
    expect(service.reconnects.length).toBe(before);
  });

  it('when the device forgets the conversation with its resume secret, then that secret no longer resumes it; a wrong secret forgets nothing', async () => {
    const { grant } = await tokenOfNewConversation();
    const forget = (resumeSecret: string) =>
      fetch(`${bed.url}/api/directline/conversations/${grant.conversationId}/resume`, {
        method: 'DELETE',
        headers: { authorization: `Bearer ${resumeSecret}` },
      });
    const other = await tokenOfNewConversation();
    expect((await forget(other.grant.resume)).status).toBe(403);
    expect((await forget(grant.resume)).status).toBe(204);
    expect((await resume(grant.conversationId, grant.resume)).status).toBe(403);
  });

  it('when the service no longer knows the conversation, then the page is refused (403) with nothing the service said', async () => {
    const { grant } = await tokenOfNewConversation();
    service.failNext(404);
    const response = await resume(grant.conversationId, grant.resume);
    expect(response.status).toBe(403);
    const text = await response.text();
    expect(text).not.toContain(secret);
    expect(JSON.parse(text)).toMatchObject({
      error: { code: 'forbidden', message: expect.stringContaining('retomar') as string },
    });
  });

  it('when a client keeps resuming beyond the token budget, then it is told to wait (429) without calling the service', async () => {
    const { grant } = await tokenOfNewConversation();
    const statuses: number[] = [];
    for (let index = 0; index < 14; index++) {
      statuses.push((await resume(grant.conversationId, grant.resume)).status);
    }
    expect(statuses).toContain(429);
    const calls = service.reconnects.length;
    expect((await resume(grant.conversationId, grant.resume)).status).toBe(429);
    expect(service.reconnects.length).toBe(calls);
  });
});
