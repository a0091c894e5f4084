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

const textOf = (activities: DirectLineActivity[]) =>
  activities.map((activity) => visibleText(activity as never)).join('\n');

/**
 * Ley 1581: "borrar mis datos" in the web chat also erases the conversation's transcript, which
 * holds what the citizen typed, and the browser's way back to it (its resume secret).
 */
describe('"borrar mis datos" in the web chat', () => {
  let bed: DirectLineBed;

  beforeAll(async () => {
    bed = await startDirectLineBed();
  });
  afterAll(() => bed.dispose());

  it('when a citizen who gave their name and e-mail erases their data, then the transcript keeps neither, and the browser can no longer come back to it', async () => {
    const response = await fetch(`${bed.url}/api/directline/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    const { token, conversationId, resume } = (await response.json()) as {
      token: string;
      conversationId: string;
      resume: string;
    };
    const client = nodeDirectLine({ token, domain: `${bed.url}/v3/directline` });
    const received = new ReceivedActivities(client);
    await connectionReaches(client, ConnectionStatus.Online);
    const say = async (text: string, expected: string) => {
      await postThrough(client, { type: 'message', from: { id: 'x' }, text });
      await received.waitFor((all) => textOf(all).includes(expected));
    };
    await say('registrar pregunta', 'Escriba su pregunta');
    await say('¿Cuándo publican los resultados de la audiencia de Socotá?', 'Acepto');
    await say('acepto', '¿Cómo se llama?');
    await say('Heriberto Quintana', 'correo electrónico');
    await say('heriberto.quintana@example.com', 'ANM-');
    const comeBack = () =>
      fetch(`${bed.url}/v3/directline/conversations/${conversationId}/resume`, {
        method: 'POST',
        headers: { authorization: `Bearer ${resume}` },
      });
    expect((await comeBack()).status).toBe(200);
    await say('borrar mis datos', '¿Borramos sus datos personales?');
    await say('sí', 'Borramos sus datos personales');
    received.stop();
    client.end();

    const stored = await bed.app.database.models.directLineActivities.find({}).lean();
    const everything = JSON.stringify(stored);
    expect(everything).not.toContain('Heriberto');
    expect(everything).not.toContain('heriberto.quintana@example.com');
    expect((await comeBack()).status).toBe(403);
  });
});
