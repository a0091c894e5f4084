import { generateTrackingCode } from '../../models/tracking-code';
import { eraseCitizenQuestions, type QuestionDocument } from '../../models/question';
import { createSpace } from '../../models/space';
import {
  openModerationFixture,
  type ModerationFixture,
} from '../../moderation/moderation-test-kit';
import {
  publishAnswer,
  startPublicAnswersServer,
  type PublicAnswersServer,
} from '../../test/support/public-answers-server';

const royaltiesAnswer =
  'Las regalías del carbón se reparten según el Sistema General de Regalías. Consulte el mapa de regalías.';
const titleAnswer = 'Un título minero se pide en la plataforma AnnA Minería, con los documentos.';

async function get(server: PublicAnswersServer, path: string) {
  const response = await fetch(`${server.url}${path}`);
  return { status: response.status, headers: response.headers, html: await response.text() };
}

describe('the public answers page over HTTP, on FerretDB, after moderators publish', () => {
  let fixture: ModerationFixture;
  let server: PublicAnswersServer;
  let inSpace: QuestionDocument;
  let inChat: QuestionDocument;
  let pending: QuestionDocument;
  let grouped: QuestionDocument;
  let spaceId: string;

  beforeAll(async () => {
    fixture = await openModerationFixture();
    const space = await createSpace(fixture.database.models, {
      type: 'audiencia-publica',
      title: 'Audiencia pública de Boyacá',
    });
    spaceId = space._id.toHexString();
    inSpace = await fixture.register({
      spaceId: space._id,
      origin: 'meeting-chat',
      text: '¿Cuánto se paga de regalías por el carbón en Sogamoso?',
    });
    inChat = await fixture.register({ text: '¿Cómo pido un título minero para extraer arena?' });
    pending = await fixture.register({ text: '¿Cuándo cierran la mina de mi vereda?' });
    grouped = await fixture.register({
      spaceId: space._id,
      origin: 'meeting-chat',
      groupId: inSpace._id,
      text: '¿Qué regalías le tocan a Sogamoso por el carbón?',
    });
    await fixture.service.projection.catchUp();
    await publishAnswer(fixture.service, inSpace, royaltiesAnswer, 'Regalías');
    await publishAnswer(fixture.service, inChat, titleAnswer, 'Títulos mineros');
    server = await startPublicAnswersServer(fixture.database.models);
  });
  afterAll(async () => {
    await server.close();
    await fixture.close();
  });

  it('when a citizen opens /respuestas, then every published answer is listed with its code, question, dates and answer', async () => {
    const { status, html } = await get(server, '/respuestas');
    expect(status).toBe(200);
    expect(html).toContain('<html lang="es">');
    expect(html).toContain(inSpace.trackingCode);
    expect(html).toContain(inChat.trackingCode);
    expect(html).toContain(royaltiesAnswer);
    expect(html).toContain('¿Cómo pido un título minero para extraer arena?');
    expect(html).toContain('Audiencia pública de Boyacá');
    expect(html).toContain('<time datetime="2026-12-01');
  });

  it('when a question was grouped under an answered one, then its code shows the group’s answer', async () => {
    const { html } = await get(server, `/respuestas/${grouped.trackingCode}`);
    expect(html).toContain('Respondida y publicada');
    expect(html).toContain(royaltiesAnswer);
    const list = await get(server, `/respuestas?q=${grouped.trackingCode}`);
    expect(list.html).toContain(royaltiesAnswer);
  });

  it('when a question is not published yet, then the list does not show it', async () => {
    const { html } = await get(server, '/respuestas');
    expect(html).not.toContain(pending.trackingCode);
  });

  it('when a citizen searches without accents, then only the matching answers are listed', async () => {
    const { html } = await get(server, '/respuestas?q=regalias+carbon');
    expect(html).toContain(inSpace.trackingCode);
    expect(html).not.toContain(inChat.trackingCode);
    expect(html).toContain(grouped.trackingCode);
    expect(html).toContain('2 respuestas publicadas coinciden con su búsqueda');
  });

  it('when a citizen searches by tracking code, then that answer is listed', async () => {
    const { html } = await get(server, `/respuestas?q=${inChat.trackingCode.toLowerCase()}`);
    expect(html).toContain(titleAnswer);
    expect(html).not.toContain(royaltiesAnswer);
  });

  it('when a citizen filters by space, then only that space’s answers are listed', async () => {
    const { html } = await get(server, `/respuestas?espacio=${spaceId}`);
    expect(html).toContain(inSpace.trackingCode);
    expect(html).not.toContain(inChat.trackingCode);
  });

  it('when a citizen opens a published code, then the page shows its status, due date and answer', async () => {
    const { status, html, headers } = await get(server, `/respuestas/${inSpace.trackingCode}`);
    expect(status).toBe(200);
    expect(html).toContain('Respondida y publicada');
    expect(html).toContain('miércoles 23 de diciembre de 2026');
    expect(html).toContain(royaltiesAnswer);
    expect(headers.get('cache-control')).toBe('public, max-age=60');
  });

  it('when a citizen opens a code typed in lower case without dashes, then the question is found', async () => {
    const typed = inChat.trackingCode.replaceAll('-', '').toLowerCase();
    const { status, html } = await get(server, `/respuestas/${typed}`);
    expect(status).toBe(200);
    expect(html).toContain(titleAnswer);
  });

  it('when a citizen opens a pending code, then the page shows its status and due date, no answer yet', async () => {
    const { status, html } = await get(server, `/respuestas/${pending.trackingCode}`);
    expect(status).toBe(200);
    expect(html).toContain('Pendiente: la ANM aún no la responde');
    expect(html).toContain('a más tardar el miércoles 23 de diciembre de 2026');
    expect(html).not.toContain('¿Cuándo cierran la mina de mi vereda?');
  });

  it('when a code is unknown, then a Spanish 404 page says so', async () => {
    const { status, html, headers } = await get(server, `/respuestas/${generateTrackingCode()}`);
    expect(status).toBe(404);
    expect(html).toContain('<html lang="es">');
    expect(html).toContain('No encontramos ninguna pregunta con ese código.');
    expect(headers.get('cache-control')).toBe('no-cache');
  });

  it('when a code is malformed, then a Spanish 404 page shows what a code looks like', async () => {
    const { status, html } = await get(server, '/respuestas/no-es-un-codigo');
    expect(status).toBe(404);
    expect(html).toContain('Los códigos se ven así: ANM-7K3M-Q9XD.');
  });

  it('when a page is served, then its policy allows no script and styles only from the server', async () => {
    const { headers } = await get(server, '/respuestas');
    const policy = headers.get('content-security-policy') ?? '';
    expect(policy).toContain("default-src 'none'");
    expect(policy).toContain("style-src 'self'");
    expect(policy).not.toContain('script-src');
    expect(policy).not.toContain('unsafe-inline');
    expect(headers.get('x-content-type-options')).toBe('nosniff');
    const css = await fetch(`${server.url}/respuestas/estilos.css`);
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
  });
});

describe('the public answers page never shows personal data', () => {
  let fixture: ModerationFixture;
  let server: PublicAnswersServer;

  beforeAll(async () => {
    fixture = await openModerationFixture();
    server = await startPublicAnswersServer(fixture.database.models);
  });
  afterAll(async () => {
    await server.close();
    await fixture.close();
  });

  it('when a published question held a name, e-mail and phone, and its author erased their data, then neither the list nor its page shows them', async () => {
    const question = await fixture.register({
      text: 'Me llamo Camila Ríos, mi correo es camila@correo.test y mi celular 3105551234. ¿Cuánto recibe Nobsa de regalías?',
      contact: { name: 'Camila Ríos', email: 'camila@correo.test' },
    });
    await publishAnswer(fixture.service, question, royaltiesAnswer);
    await eraseCitizenQuestions(fixture.database.models, question.citizenKey ?? '');
    await server.answers.index.catchUp();
    for (const path of ['/respuestas', `/respuestas/${question.trackingCode}`]) {
      const { html } = await get(server, path);
      expect(html).toContain(question.trackingCode);
      expect(html).toContain('¿Cuánto recibe Nobsa de regalías?');
      for (const personal of [
        'Camila',
        'Ríos',
        'camila@correo.test',
        '3105551234',
        question.citizenKey ?? '',
        question.conversationKey?.conversationId ?? '',
        'webchat',
      ]) {
        expect(html).not.toContain(personal);
      }
    }
  });

  it('when a question not erased holds personal data the citizen typed, then the page masks it', async () => {
    const question = await fixture.register({
      text: 'Soy Julián Pérez, cédula 1098765432. ¿Dónde denuncio una mina ilegal?',
      contact: { name: 'Julián Pérez', email: null },
    });
    await publishAnswer(fixture.service, question, 'Puede denunciarla en la línea de la ANM.');
    await server.answers.index.catchUp();
    for (const path of [
      `/respuestas?q=${question.trackingCode}`,
      `/respuestas/${question.trackingCode}`,
    ]) {
      const { html } = await get(server, path);
      expect(html).toContain('¿Dónde denuncio una mina ilegal?');
      expect(html).not.toContain('Julián');
      expect(html).not.toContain('1098765432');
    }
  });

  it('when a question text carries markup, then the page shows it as text and runs nothing', async () => {
    const question = await fixture.register({
      text: '<script>alert("x")</script><img src=x onerror=alert(1)> ¿Y las regalías?',
    });
    await publishAnswer(fixture.service, question, 'Respuesta con <b>etiquetas</b> & símbolos.');
    await server.answers.index.catchUp();
    for (const path of [
      `/respuestas?q=${question.trackingCode}`,
      `/respuestas/${question.trackingCode}`,
    ]) {
      const { html } = await get(server, path);
      expect(html).not.toContain('<script');
      expect(html).not.toContain('<img');
      expect(html).not.toContain('<b>');
      expect(html).toContain('&lt;script&gt;');
      expect(html).toContain('Respuesta con &lt;b&gt;etiquetas&lt;/b&gt; &amp; símbolos.');
    }
  });
});
