import { startDirectLineBed, type DirectLineBed } from '../support/direct-line-bed';
import { FakeDirectLineService } from '../support/fake-direct-line-service';

const secret = 'the-direct-line-channel-secret-of-this-test';

/** Production: the page's token comes from the Direct Line service; the secret stays on the bot. */
describe('the web chat with DIRECT_LINE_SECRET set', () => {
  const service = new FakeDirectLineService(secret);
  let bed: DirectLineBed;

  beforeAll(async () => {
    await service.start();
    bed = await startDirectLineBed({
      environment: {
        DIRECT_LINE_SECRET: secret,
        DIRECT_LINE_BASE_URL: service.url,
        DIRECT_LINE_TOKENS_PER_IP_PER_MINUTE: '4',
      },
    });
  });
  afterAll(async () => {
    await bed.dispose();
    await service.stop();
  });

  function askForToken(): Promise<Response> {
    return fetch(`${bed.url}/api/directline/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
  }

  it('when the page asks for a token, then the bot exchanges its secret with the service and answers the conversation token, never the secret', async () => {
    const response = await askForToken();
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({
      conversationId: 'service-conversation-1',
      token: 'service-token-1',
      expires_in: 3600,
      // The page keeps it to come back later (direct-line-service-resume.test.ts).
      resume: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) as string,
      resume_expires_in: expect.any(Number) as number,
      domain: `${service.url}/v3/directline`,
    });
    expect(text).not.toContain(secret);
    const [request] = service.requests;
    expect(request?.authorization).toBe(`Bearer ${secret}`);
    // The user id is embedded in the token by the service: no client can post as another user.
    expect(request?.body).toEqual({
      user: { id: expect.stringMatching(/^dl_[A-Za-z0-9_-]{22}$/) as string },
    });
  });

  it('when the service fails, then the page gets a short Spanish error, and nothing the service said', async () => {
    service.failNext(500);
    const response = await askForToken();
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(text).not.toContain(secret);
    expect(JSON.parse(text)).toMatchObject({ error: { code: 'internal' } });
  });

  it('when the page asks without JSON (a cross-site form), then it is refused and the service is not called', async () => {
    const before = service.requests.length;
    const response = await fetch(`${bed.url}/api/directline/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'a=b',
    });
    expect(response.status).toBe(415);
    expect(service.requests.length).toBe(before);
  });

  it('when one client asks for more tokens than its budget, then it is told to wait (429) without calling the service', async () => {
    const statuses: number[] = [];
    for (let index = 0; index < 4; index++) statuses.push((await askForToken()).status);
    const calls = service.requests.length;
    expect(statuses).toContain(429);
    expect((await askForToken()).status).toBe(429);
    expect(service.requests.length).toBe(calls);
  });

  it('when the secret is set, then the embedded Direct Line is not served, and the page may connect to the service only', async () => {
    const generate = await fetch(`${bed.url}/v3/directline/tokens/generate`, { method: 'POST' });
    expect(generate.status).toBe(404);
    const page = await fetch(`${bed.url}/chat`);
    const policy = page.headers.get('content-security-policy') ?? '';
    expect(policy).toContain(`connect-src 'self' ${service.url} `);
  });
});
