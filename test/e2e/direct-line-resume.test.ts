import { visibleText } from '../support/conversation';
import {
  ConnectionStatus,
  ReceivedActivities,
  connectionReaches,
  nodeDirectLine,
  postThrough,
  type DirectLineActivity,
} from '../support/direct-line-node-client';
import { WebChatApp } from '../support/web-chat-app';

interface Grant {
  conversationId: string;
  token: string;
  expires_in: number;
  resume: string;
  resume_expires_in: number;
}

interface Refusal {
  status: number;
  code: string | undefined;
  message: string | undefined;
}

const minute = 60_000;
const day = 86_400_000;

function claimsOf(token: string): { conv: string; user: string } {
  return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as {
    conv: string;
    user: string;
  };
}

const textOf = (activities: DirectLineActivity[]) =>
  activities.map((activity) => visibleText(activity as never)).join('\n');

/**
 * Coming back to a web chat conversation days later, over HTTP as the /chat page does it: the
 * resume secret the page keeps is traded for a fresh token of the same conversation and user.
 */
describe('the embedded Direct Line resumes a conversation with its resume secret', () => {
  let bot: WebChatApp;
  const domain = () => `${bot.url}/v3/directline`;

  beforeAll(async () => {
    bot = await WebChatApp.start({ DIRECT_LINE_TOKENS_PER_IP_PER_MINUTE: '40' });
  }, 60_000);
  afterAll(() => bot.dispose());

  async function refusal(response: Response): Promise<Refusal> {
    const body = (await response.json().catch(() => ({}))) as {
      error?: { code?: string; message?: string };
    };
    return { status: response.status, code: body.error?.code, message: body.error?.message };
  }

  /** A conversation as the page starts one: its token (with a resume secret), then the start. */
  async function started(): Promise<Grant> {
    const response = await fetch(`${bot.url}/api/directline/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    const grant = (await response.json()) as Grant;
    const start = await fetch(`${domain()}/conversations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${grant.token}` },
    });
    expect(start.status).toBe(201);
    return grant;
  }

  function resume(conversationId: string, secret: string | undefined): Promise<Response> {
    return fetch(`${domain()}/conversations/${conversationId}/resume`, {
      method: 'POST',
      headers: secret === undefined ? {} : { authorization: `Bearer ${secret}` },
    });
  }

  function forget(conversationId: string, token: string): Promise<Response> {
    return fetch(`${domain()}/conversations/${conversationId}/resume`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${token}` },
    });
  }

  function read(conversationId: string, token: string): Promise<Response> {
    return fetch(`${domain()}/conversations/${conversationId}/activities?watermark=`, {
      headers: { authorization: `Bearer ${token}` },
    });
  }

  const refused = {
    status: 403,
    code: 'forbidden',
    message: 'Esta conversación ya no se puede retomar desde este dispositivo.',
  };

  it('when a citizen comes back after their token expired, then the secret brings a fresh token of the same conversation and user, the whole transcript, and a new secret', async () => {
    const grant = await started();
    const client = nodeDirectLine({ token: grant.token, domain: domain() });
    const received = new ReceivedActivities(client);
    await connectionReaches(client, ConnectionStatus.Online);
    await postThrough(client, {
      type: 'message',
      from: { id: 'x' },
      text: '¿Qué es el canon superficiario?',
    });
    await received.waitFor((all) => textOf(all).includes('El canon superficiario es un pago'));
    received.stop();
    client.end();

    bot.clock.advance(31 * minute);
    expect((await refusal(await read(grant.conversationId, grant.token))).status).toBe(403);

    const response = await resume(grant.conversationId, grant.resume);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const resumed = (await response.json()) as Grant;
    expect(resumed.conversationId).toBe(grant.conversationId);
    expect(claimsOf(resumed.token)).toEqual(
      expect.objectContaining({ conv: grant.conversationId, user: claimsOf(grant.token).user }),
    );
    expect(resumed.expires_in).toBe(1_800);
    expect(resumed.resume).not.toBe(grant.resume);
    expect(resumed.resume_expires_in).toBe(60 * 86_400);

    // directlinejs resumes with the conversation id and that token, from the start.
    const again = nodeDirectLine({
      token: resumed.token,
      domain: domain(),
      conversationId: grant.conversationId,
    });
    const replayed = new ReceivedActivities(again);
    await replayed.waitFor(
      (all) =>
        textOf(all).includes('¿Qué es el canon superficiario?') &&
        textOf(all).includes('El canon superficiario es un pago'),
    );
    replayed.stop();
    again.end();
  });

  it("when a secret is presented for another conversation, made up, or the conversation's token is presented as one, then it is refused (403); without any, 401", async () => {
    const mine = await started();
    const other = await started();
    expect(await refusal(await resume(other.conversationId, mine.resume))).toEqual(refused);
    expect(await refusal(await resume(mine.conversationId, 'A'.repeat(43)))).toEqual(refused);
    expect(await refusal(await resume(mine.conversationId, mine.token))).toEqual(refused);
    expect(await refusal(await resume('AAAAAAAAAAAAAAAAAAAAAA', mine.resume))).toEqual(refused);
    expect(await refusal(await resume(mine.conversationId, undefined))).toMatchObject({
      status: 401,
      code: 'unauthenticated',
    });
    // The refusals spent nothing: the right secret still works.
    expect((await resume(mine.conversationId, mine.resume)).status).toBe(200);
  });

  it('when the device has come back with the new secret, then a copy of the old one no longer works', async () => {
    const grant = await started();
    const second = (await (await resume(grant.conversationId, grant.resume)).json()) as Grant;
    expect((await resume(grant.conversationId, second.resume)).status).toBe(200);
    expect(await refusal(await resume(grant.conversationId, grant.resume))).toEqual(refused);
  });

  it('when the citizen does not come back within the resume lifetime, then the secret is refused', async () => {
    const grant = await started();
    bot.clock.advance(61 * day);
    expect(await refusal(await resume(grant.conversationId, grant.resume))).toEqual(refused);
  });

  it('when the page forgets the conversation with its token, then its secret stops working; a token of another conversation cannot forget it', async () => {
    const grant = await started();
    const other = await started();
    expect(await refusal(await forget(grant.conversationId, other.token))).toMatchObject({
      status: 403,
    });
    expect((await resume(grant.conversationId, grant.resume)).status).toBe(200);
    const next = (await (await resume(grant.conversationId, grant.resume)).json()) as Grant;
    expect((await forget(grant.conversationId, next.token)).status).toBe(204);
    expect(await refusal(await resume(grant.conversationId, next.resume))).toEqual(refused);
  });

  it('when one address trades secrets faster than its token budget, then it is told to wait (429)', async () => {
    const grant = await started();
    const statuses: number[] = [];
    for (let index = 0; index < 45; index++) {
      const response = await resume(grant.conversationId, grant.resume);
      statuses.push(response.status);
      await response.body?.cancel();
    }
    expect(statuses.at(-1)).toBe(429);
  });
});
