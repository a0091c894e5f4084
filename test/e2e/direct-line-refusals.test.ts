import { startDirectLineBed, type DirectLineBed } from '../support/direct-line-bed';
import { derivedSecret, DirectLineTokens } from '../../webchat/direct-line-tokens';

const tokenSecret = 'the web chat token secret of this test, 32+ chars';

interface Grant {
  conversationId: string;
  token: string;
}

interface Refusal {
  status: number;
  code: string | undefined;
  message: string | undefined;
}

/** The embedded Direct Line probed as an attacker would: each probe is refused, nothing leaks. */
describe('the embedded Direct Line refuses what it must', () => {
  let bed: DirectLineBed;
  const domain = () => `${bed.url}/v3/directline`;

  beforeAll(async () => {
    bed = await startDirectLineBed({
      environment: {
        DIRECT_LINE_TOKEN_SECRET: tokenSecret,
        DIRECT_LINE_TOKENS_PER_IP_PER_MINUTE: '25',
        RATE_LIMIT_PER_CONVERSATION_PER_MINUTE: '6',
      },
    });
  });
  afterAll(() => bed.dispose());

  async function refusal(response: Response): Promise<Refusal> {
    const body = (await response.json().catch(() => ({}))) as {
      error?: { code?: string; message?: string };
    };
    return { status: response.status, code: body.error?.code, message: body.error?.message };
  }

  async function generated(): Promise<Grant> {
    const response = await fetch(`${domain()}/tokens/generate`, { method: 'POST' });
    expect(response.status).toBe(200);
    return (await response.json()) as Grant;
  }

  async function started(): Promise<Grant> {
    const grant = await generated();
    const response = await fetch(`${domain()}/conversations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${grant.token}` },
    });
    expect(response.status).toBe(201);
    return grant;
  }

  function post(grant: Grant, body: string, contentType = 'application/json'): Promise<Response> {
    return fetch(`${domain()}/conversations/${grant.conversationId}/activities`, {
      method: 'POST',
      headers: { authorization: `Bearer ${grant.token}`, 'content-type': contentType },
      body,
    });
  }

  function read(grant: Grant, watermark: string, token = grant.token): Promise<Response> {
    return fetch(
      `${domain()}/conversations/${grant.conversationId}/activities?watermark=${encodeURIComponent(watermark)}`,
      { headers: { authorization: `Bearer ${token}` } },
    );
  }

  it('when a body is larger than a message can be, then it is refused with 413 before it is read whole', async () => {
    const grant = await started();
    const text = 'a'.repeat(300 * 1024);
    expect(
      await refusal(await post(grant, JSON.stringify({ type: 'message', text }))),
    ).toMatchObject({ status: 413, code: 'too-large' });
  });

  it('when the body is not JSON, or not sent as JSON, then it is refused (400, 415)', async () => {
    const grant = await started();
    expect(await refusal(await post(grant, '{"type": "message", '))).toMatchObject({
      status: 400,
      code: 'invalid-json',
    });
    expect(
      await refusal(
        await post(grant, 'type=message&text=hola', 'application/x-www-form-urlencoded'),
      ),
    ).toMatchObject({ status: 415, code: 'unsupported-media-type' });
  });

  it('when the activity is not a message or an event, carries a file, or has an object for its text, then it is refused (400)', async () => {
    const grant = await started();
    for (const activity of [
      { type: 'invoke', name: 'adaptiveCard/action' },
      { type: 'message', text: 'mi foto', attachments: [{ contentType: 'image/png' }] },
      { type: 'message', text: { $ne: null } },
      [],
    ]) {
      expect((await post(grant, JSON.stringify(activity))).status).toBe(400);
    }
    const file = await refusal(
      await post(grant, JSON.stringify({ type: 'message', attachments: [{ name: 'a.pdf' }] })),
    );
    expect(file).toEqual({
      status: 400,
      code: 'invalid-activity',
      message: 'Este chat no recibe archivos: escriba su mensaje.',
    });
  });

  it('when there is no token or a forged one, then the request is not authenticated (401)', async () => {
    const grant = await started();
    const noToken = await fetch(`${domain()}/conversations/${grant.conversationId}/activities`);
    const forged = new DirectLineTokens(Buffer.from('another key entirely'), 1_800).issue(
      grant.conversationId,
      'dl_AAAAAAAAAAAAAAAAAAAAAA',
    );
    expect(await refusal(noToken)).toMatchObject({ status: 401, code: 'unauthenticated' });
    expect(await refusal(await read(grant, '', forged.token))).toMatchObject({
      status: 401,
      code: 'unauthenticated',
    });
    expect((await read(grant, '', `${grant.token}x`)).status).toBe(401);
  });

  it('when a token has expired, then it is refused with 403 and cannot be refreshed', async () => {
    const grant = await started();
    const yesterday = new DirectLineTokens(
      Buffer.from(tokenSecret),
      1_800,
      () => Date.now() - 86_400_000,
    ).issue(grant.conversationId, 'dl_AAAAAAAAAAAAAAAAAAAAAA');
    expect(await refusal(await read(grant, '', yesterday.token))).toEqual({
      status: 403,
      code: 'forbidden',
      message: 'El token expiró: pida uno nuevo.',
    });
    const refresh = await fetch(`${domain()}/tokens/refresh`, {
      method: 'POST',
      headers: { authorization: `Bearer ${yesterday.token}` },
    });
    expect(refresh.status).toBe(403);
  });

  it('when the watermark is not a counter, then it is refused; a far one reads nothing', async () => {
    const grant = await started();
    for (const watermark of ['abc', '-1', '1e9', '9'.repeat(13), '0x10']) {
      expect(await refusal(await read(grant, watermark))).toMatchObject({
        status: 400,
        code: 'invalid-body',
      });
    }
    const far = await read(grant, '999999999999');
    expect(far.status).toBe(200);
    expect(await far.json()).toEqual({ activities: [], watermark: '999999999999' });
  });

  it('when a token was generated but its conversation never started, then posting to it finds no conversation (404)', async () => {
    const grant = await generated();
    expect(
      await refusal(await post(grant, JSON.stringify({ type: 'message', text: 'hola' }))),
    ).toMatchObject({
      status: 404,
      code: 'not-found',
    });
  });

  it('when a client asks for a user id, then the token carries one chosen by the bot', async () => {
    const response = await fetch(`${domain()}/tokens/generate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user: { id: 'dl_victim' } }),
    });
    const { token } = (await response.json()) as Grant;
    const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as {
      user: string;
    };
    expect(claims.user).toMatch(/^dl_[A-Za-z0-9_-]{22}$/);
  });

  it("when a client reads its conversation, then nothing of the bot's connector address reaches it", async () => {
    const grant = await started();
    expect((await post(grant, JSON.stringify({ type: 'message', text: 'hola' }))).status).toBe(200);
    const body = await (await read(grant, '')).text();
    expect(body).toContain('hola');
    expect(body).not.toContain('serviceUrl');
    expect(body).not.toContain('/v3/directline/bot/');
  });

  it("when someone posts to the connector endpoint with a wrong key or for a conversation the bot did not start, then it is not found, and the bot's own call is kept", async () => {
    const grant = await started();
    const key = derivedSecret(Buffer.from(tokenSecret), 'anm direct line bot connector path');
    const botPost = (pathKey: string, conversationId: string) =>
      fetch(`${domain()}/bot/${pathKey}/v3/conversations/${conversationId}/activities`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'message', text: 'Mensaje falso de la ANM' }),
      });
    expect((await botPost('not-the-key', grant.conversationId)).status).toBe(404);
    expect((await botPost(key, 'AAAAAAAAAAAAAAAAAAAAAA')).status).toBe(404);
    const own = await botPost(key, grant.conversationId);
    expect(own.status).toBe(200);
    // The welcome took the first slot.
    expect(await own.json()).toEqual({ id: `${grant.conversationId}|0000002` });
  });

  it('when a client posts faster than a person writes, then it is told to wait (429 with Retry-After)', async () => {
    const grant = await started();
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let index = 0; index < 8; index++) {
      const response = await post(grant, JSON.stringify({ type: 'event', name: 'ping' }));
      statuses.push(response.status);
      if (response.status === 429) retryAfter = response.headers.get('retry-after');
      await response.body?.cancel();
    }
    expect(statuses.filter((status) => status === 429).length).toBeGreaterThan(0);
    expect(Number(retryAfter)).toBeGreaterThan(0);
  });

  it('when one address asks for more tokens than its budget, then it is told to wait (429)', async () => {
    const statuses: number[] = [];
    for (let index = 0; index < 30; index++) {
      const response = await fetch(`${bed.url}/api/directline/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
      statuses.push(response.status);
      await response.body?.cancel();
    }
    expect(statuses.at(-1)).toBe(429);
  });
});
