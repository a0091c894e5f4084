import { createServer, type IncomingMessage, type Server } from 'node:http';

import { visibleText } from '../support/conversation';
import {
  ConnectionStatus,
  ReceivedActivities,
  connectionReaches,
  nodeDirectLine,
  postThrough,
  type DirectLineActivity,
} from '../support/direct-line-node-client';
import { closeServer } from '../support/loopback-server';
import { answerOfficially } from '../support/official-answer';
import { LocalStaffIssuer } from '../support/staff-auth-issuer';
import { WebChatApp } from '../support/web-chat-app';

const answer =
  'La mina La Esperanza de Samacá reportó 12.000 toneladas de carbón en 2025. Puede ver las cifras de cada mina en el Sistema de Información Minera.';

const textOf = (activities: DirectLineActivity[]) =>
  activities.map((activity) => visibleText(activity as never)).join('\n');

/** Whatever still listens on the port the bot left: it must receive nothing. */
async function listenOn(port: number): Promise<{ server: Server; requests: string[] }> {
  const requests: string[] = [];
  const server = createServer((request: IncomingMessage, response) => {
    requests.push(`${request.method ?? ''} ${request.url ?? ''}`);
    response.writeHead(200, { 'content-type': 'application/json' }).end('{"id":"stolen"}');
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { server, requests };
}

/**
 * A web chat conversation's stored reference names the port the bot listened on when it began.
 * After a restart on another port, the official answer must still reach the conversation.
 */
describe('an official answer to a web chat conversation after the bot restarted on another port', () => {
  const issuer = new LocalStaffIssuer();
  let bot: WebChatApp;
  let oldPort: { server: Server; requests: string[] } | undefined;

  beforeAll(async () => {
    await issuer.start();
    bot = await WebChatApp.start(issuer.environment());
  }, 60_000);
  afterAll(async () => {
    await closeServer(oldPort?.server);
    await bot.dispose();
    await issuer.stop();
  });

  it('when the answer is approved after the restart, then it lands in the conversation, which the citizen finds with their resume secret, and nothing goes to the old port', async () => {
    const response = await fetch(`${bot.url}/api/directline/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    const grant = (await response.json()) as {
      conversationId: string;
      token: string;
      resume: string;
    };
    const domainBefore = `${bot.url}/v3/directline`;
    const client = nodeDirectLine({ token: grant.token, domain: domainBefore });
    const received = new ReceivedActivities(client);
    await connectionReaches(client, ConnectionStatus.Online);
    const say = async (text: string, expected: string) => {
      await postThrough(client, { type: 'message', from: { id: 'x' }, text });
      await received.waitFor((all) => textOf(all).includes(expected));
    };
    await say('registrar pregunta', 'Escriba su pregunta');
    await say(
      '¿Cuántas toneladas de carbón sacó la mina La Esperanza de Samacá en el año 2025?',
      'Acepto',
    );
    await say('acepto', '¿Cómo se llama?');
    await say('María Pérez', 'correo electrónico');
    await say('omitir', 'ANM-');
    const code = /ANM-[0-9A-Y]{4}-[0-9A-Y]{4}/.exec(textOf(received.all))?.[0] ?? '';
    expect(code).not.toBe('');
    received.stop();
    client.end();

    const portBefore = bot.port;
    await bot.stop();
    oldPort = await listenOn(portBefore);
    await bot.startAgain();
    expect(bot.port).not.toBe(portBefore);
    // The premise: the stored reference still names the old port.
    const stored = await bot.app.database.models.conversationReferences
      .findOne({ channelId: 'webchat', conversationId: grant.conversationId })
      .lean();
    expect(stored?.reference.serviceUrl).toContain(`:${portBefore}/v3/directline/bot/`);

    await answerOfficially(bot.url, issuer, code, answer);

    const resumed = await fetch(
      `${bot.url}/v3/directline/conversations/${grant.conversationId}/resume`,
      { method: 'POST', headers: { authorization: `Bearer ${grant.resume}` } },
    );
    expect(resumed.status).toBe(200);
    const { token } = (await resumed.json()) as { token: string };
    const again = nodeDirectLine({
      token,
      domain: `${bot.url}/v3/directline`,
      conversationId: grant.conversationId,
    });
    const replayed = new ReceivedActivities(again);
    await replayed.waitFor(
      (all) => textOf(all).includes('12.000 toneladas de carbón') && textOf(all).includes(code),
      40_000,
    );
    replayed.stop();
    again.end();
    expect(oldPort.requests).toEqual([]);
  });
});
