import { visibleText } from '../support/conversation';
import { startDirectLineBed, type DirectLineBed } from '../support/direct-line-bed';
import {
  ConnectionStatus,
  ReceivedActivities,
  connectionReaches,
  nodeDirectLine,
  postThrough,
  type DirectLineActivity,
} from '../support/direct-line-node-client';

interface Grant {
  conversationId: string;
  token: string;
  expires_in: number;
}

const textOf = (activities: DirectLineActivity[]) =>
  activities.map((activity) => visibleText(activity as never)).join('\n');

describe('the embedded Direct Line with the real Direct Line client (botframework-directlinejs)', () => {
  let bed: DirectLineBed;
  const domain = () => `${bed.url}/v3/directline`;

  beforeAll(async () => {
    bed = await startDirectLineBed();
  });
  afterAll(() => bed.dispose());

  async function pageToken(): Promise<Grant> {
    const response = await fetch(`${bed.url}/api/directline/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(response.status).toBe(200);
    return (await response.json()) as Grant;
  }

  /** What the bot sent: the client marks its own echoes with the user's role. */
  const fromBot = (activities: DirectLineActivity[]) =>
    activities.filter((activity) => activity.from.role !== 'user' && activity.type === 'message');

  // One conversation goes through the tests below, in order, as one citizen's would.
  let grant: Grant;
  let watermark: string;

  it('when a citizen starts a conversation and asks, then the bot welcomes them and answers in Spanish', async () => {
    grant = await pageToken();
    const client = nodeDirectLine({ token: grant.token, domain: domain() });
    const received = new ReceivedActivities(client);
    await connectionReaches(client, ConnectionStatus.Online);
    expect((client as unknown as { conversationId: string }).conversationId).toBe(
      grant.conversationId,
    );
    await received.waitFor((all) => fromBot(all).length > 0);

    const id = await postThrough(client, {
      type: 'message',
      from: { id: 'someone-else', role: 'user' },
      text: '¿Qué es el canon superficiario?',
    });
    expect(id).toMatch(new RegExp(`^${grant.conversationId}\\|\\d{7}$`));
    const all = await received.waitFor((activities) =>
      textOf(fromBot(activities)).toLowerCase().includes('canon superficiario es'),
    );
    // The client reads its own message back, under the user id its token carries.
    const echo = all.find((activity) => activity.id === id);
    expect(echo?.from.id).toMatch(/^dl_/);
    expect(echo?.from.id).not.toBe('someone-else');
    watermark = (client as unknown as { watermark: string }).watermark;
    expect(Number(watermark)).toBeGreaterThanOrEqual(3);
    received.stop();
    client.end();
  });

  it('when the client comes back with the conversation id and watermark, then it receives only what came after and the conversation goes on', async () => {
    const refreshed = await fetch(`${domain()}/tokens/refresh`, {
      method: 'POST',
      headers: { authorization: `Bearer ${grant.token}` },
    });
    expect(refreshed.status).toBe(200);
    const { token } = (await refreshed.json()) as Grant;
    const client = nodeDirectLine({
      token,
      domain: domain(),
      conversationId: grant.conversationId,
      watermark,
    });
    const received = new ReceivedActivities(client);
    await connectionReaches(client, ConnectionStatus.Online);
    await postThrough(client, { type: 'message', from: { id: 'x' }, text: 'gracias' });
    const all = await received.waitFor((activities) => fromBot(activities).length > 0);
    expect(textOf(all)).not.toContain('canon superficiario es');
    expect(Number(all[0]?.id?.split('|')[1])).toBe(Number(watermark) + 1);
    received.stop();
    client.end();
  });

  it('when the bot writes to the conversation later (an official answer), then the client finds it in the conversation', async () => {
    const reference = await bed.app.conversationReferences.find('webchat', grant.conversationId);
    expect(reference?.serviceUrl).toContain('/v3/directline/bot/');
    await bed.app.adapter.continueConversationAsync('', reference ?? {}, async (context) => {
      await context.sendActivity('La ANM respondió su pregunta ANM-TEST-0001.');
    });
    const client = nodeDirectLine({
      token: grant.token,
      domain: domain(),
      conversationId: grant.conversationId,
    });
    const received = new ReceivedActivities(client);
    const all = await received.waitFor((activities) =>
      textOf(activities).includes('La ANM respondió su pregunta ANM-TEST-0001.'),
    );
    // Resumed without a watermark: the whole conversation, in order, the question first.
    expect(textOf(all).indexOf('¿Qué es el canon superficiario?')).toBeLessThan(
      textOf(all).indexOf('ANM-TEST-0001'),
    );
    received.stop();
    client.end();
  });

  it('when a client holds the token of one conversation, then it can neither read, post to nor resume another (403)', async () => {
    const other = await pageToken();
    const start = await fetch(`${domain()}/conversations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${other.token}` },
    });
    expect(start.status).toBe(201);
    const asOther = { authorization: `Bearer ${other.token}` };
    const target = `${domain()}/conversations/${grant.conversationId}`;

    const read = await fetch(`${target}/activities?watermark=0`, { headers: asOther });
    const post = await fetch(`${target}/activities`, {
      method: 'POST',
      headers: { ...asOther, 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'message', text: 'hola' }),
    });
    const resume = await fetch(target, { headers: asOther });
    expect([read.status, post.status, resume.status]).toEqual([403, 403, 403]);
    expect(await read.json()).toEqual({
      error: { code: 'forbidden', message: 'Este token no sirve para esa conversación.' },
    });
  });
});
