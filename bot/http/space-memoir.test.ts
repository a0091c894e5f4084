import { createSpace, openSpace } from '../../models/space';
import type { QuestionDocument } from '../../models/question';
import {
  openModerationFixture,
  type ModerationFixture,
} from '../../moderation/moderation-test-kit';
import { publishAnswer } from '../../test/support/public-answers-server';
import {
  startSpaceMemoirServer,
  type SpaceMemoirServer,
} from '../../test/support/space-memoir-server';

const royaltiesAnswer = 'Las regalías del carbón se reparten según el Sistema General de Regalías.';

/** Personal data the stored questions hold (contact, citizen key, conversation, typed text). */
const personalValues = [
  'Camila Ríos',
  'camila@correo.test',
  'camila.rios@minas.test',
  '3104567890',
  'citizen-',
  'conv-',
  'consent:test',
];

async function get(server: SpaceMemoirServer, path: string) {
  const response = await fetch(`${server.url}${path}`);
  return { status: response.status, headers: response.headers, html: await response.text() };
}

describe('the memoir of a space over HTTP, on FerretDB', () => {
  let fixture: ModerationFixture;
  let server: SpaceMemoirServer;
  let spaceId: string;
  let canonical: QuestionDocument;
  let waiting: QuestionDocument;
  let later: QuestionDocument;

  beforeAll(async () => {
    fixture = await openModerationFixture();
    const { models } = fixture.database;
    const space = await createSpace(models, {
      type: 'audiencia-publica',
      title: 'Audiencia pública de Sogamoso',
      department: 'Boyacá',
      municipality: 'Sogamoso',
    });
    await openSpace(models, space._id, new Date('2026-12-01T14:00:00Z'));
    spaceId = space._id.toHexString();
    const inSpace = { spaceId: space._id, origin: 'meeting-chat' as const, channelId: 'msteams' };
    canonical = await fixture.register({
      ...inSpace,
      text: 'Soy Camila Ríos (camila.rios@minas.test, 3104567890): ¿cuánto recibe Sogamoso de regalías?',
    });
    await fixture.register({
      ...inSpace,
      groupId: canonical._id,
      text: '¿Qué regalías le tocan a Sogamoso?',
    });
    waiting = await fixture.register({
      ...inSpace,
      channelId: 'facebook',
      origin: 'live-comment',
      text: '¿Cuándo cierran la mina de la vereda Morcá?',
    });
    later = await fixture.register({ ...inSpace, text: '¿Quién vigila los títulos en Tópaga?' });
    const live = await fixture.register({ ...inSpace, text: '¿Dónde se ve la audiencia grabada?' });
    await models.questions.updateOne({ _id: live._id }, { $set: { status: 'answered_live' } });
    await fixture.register({ text: 'Una pregunta del chat, fuera de todo espacio.' });
    await fixture.service.projection.catchUp();
    await publishAnswer(fixture.service, canonical, royaltiesAnswer, 'Regalías');
    server = await startSpaceMemoirServer(models);
  });
  afterAll(async () => {
    await server.close();
    await fixture.close();
  });

  it('when a citizen opens a space’s memoir, then it says what the space was, in Spanish', async () => {
    const { status, html, headers } = await get(server, `/respuestas/espacios/${spaceId}`);
    expect(status).toBe(200);
    expect(html).toContain('<html lang="es">');
    expect(html).toContain('<h1>Memoria: Audiencia pública de Sogamoso</h1>');
    expect(html).toContain('Audiencia pública de rendición de cuentas');
    expect(html).toContain('Sogamoso, Boyacá');
    expect(html).toContain(
      '<time datetime="2026-12-01T14:00:00.000Z">martes 1 de diciembre de 2026',
    );
    expect(headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(html).not.toContain('<script');
  });

  it('when it lists who took part, then it counts questions per channel and never a person', async () => {
    const { html } = await get(server, `/respuestas/espacios/${spaceId}`);
    expect(html).toContain(
      'Se captaron 5 preguntas: 1 se respondió en vivo y 4 quedaron registradas',
    );
    expect(html).toContain('<th scope="row">Microsoft Teams</th><td>4</td>');
    expect(html).toContain('<th scope="row">Facebook</th><td>1</td>');
    // Staff have not recorded how many took part: the memoir does not guess.
    expect(html).not.toContain('Participantes:');
  });

  it('when it lists what was asked, then duplicates are one line with the group’s size', async () => {
    const { html } = await get(server, `/respuestas/espacios/${spaceId}`);
    expect(html).toContain('2 personas hicieron esta misma pregunta.');
    expect(html).not.toContain('¿Qué regalías le tocan a Sogamoso?');
    // The vereda is where the asker lives: the scrubber masks it.
    expect(html).toContain('¿Cuándo cierran la mina de la vereda [lugar]?');
    expect(html).not.toContain('Una pregunta del chat, fuera de todo espacio.');
  });

  it('when questions were answered live or wait for an answer, then each is in its section, pending ones with their due date', async () => {
    const { html } = await get(server, `/respuestas/espacios/${spaceId}`);
    const live = html.slice(html.indexOf('id="en-vivo"'), html.indexOf('id="pendientes"'));
    expect(live).toContain('¿Dónde se ve la audiencia grabada?');
    const pending = html.slice(html.indexOf('id="pendientes"'), html.indexOf('id="publicadas"'));
    expect(pending).toContain(`href="/respuestas/${waiting.trackingCode}"`);
    expect(pending).toContain(later.trackingCode);
    expect(pending).toContain('miércoles 23 de diciembre de 2026');
    expect(pending).not.toContain(canonical.trackingCode);
  });

  it('when an answer is published, then the memoir shows it at once among the official answers', async () => {
    const before = await get(server, `/respuestas/espacios/${spaceId}`);
    const published = before.html.slice(before.html.indexOf('id="publicadas"'));
    expect(published).toContain(royaltiesAnswer);
    expect(published).not.toContain('¿Quién vigila los títulos en Tópaga?');

    await publishAnswer(
      fixture.service,
      later,
      'La ANM fiscaliza los títulos de Tópaga.',
      'Títulos',
    );
    await server.answers.index.catchUp();
    const after = await get(server, `/respuestas/espacios/${spaceId}`);
    const nowPublished = after.html.slice(after.html.indexOf('id="publicadas"'));
    expect(nowPublished).toContain('La ANM fiscaliza los títulos de Tópaga.');
    const pending = after.html.slice(
      after.html.indexOf('id="pendientes"'),
      after.html.indexOf('id="publicadas"'),
    );
    expect(pending).not.toContain(later.trackingCode);
  });

  it('when the stored questions hold names, e-mails and phones, then the memoir shows none of them', async () => {
    const { html } = await get(server, `/respuestas/espacios/${spaceId}`);
    for (const value of personalValues)
      expect({ value, found: html.includes(value) }).toEqual({ value, found: false });
    expect(html).toContain('¿cuánto recibe Sogamoso de regalías?');
  });

  it('when /respuestas lists an answer given in a space, then it links to the space’s memoir', async () => {
    const { html } = await get(server, '/respuestas');
    expect(html).toContain(
      `<a href="/respuestas/espacios/${spaceId}">Audiencia pública de Sogamoso</a>`,
    );
  });

  it.each([
    ['an unknown id', '/respuestas/espacios/0123456789abcdef01234567'],
    ['a malformed id', '/respuestas/espacios/no-es-un-id'],
    ['an id one character too long', '/respuestas/espacios/0123456789abcdef012345678'],
  ])('when a citizen opens %s, then they get a Spanish 404 page', async (_case, path) => {
    const { status, html, headers } = await get(server, path);
    expect(status).toBe(404);
    expect(html).toContain('<html lang="es">');
    expect(html).toContain('<h1>Espacio no encontrado</h1>');
    expect(headers.get('cache-control')).toBe('no-cache');
  });

  it('when the print style sheet is asked for, then it is served as CSS with the A4 page rule', async () => {
    const response = await fetch(`${server.url}/respuestas/espacios/memoria.css`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(await response.text()).toContain('size: A4');
  });
});
