import { readFileSync } from 'node:fs';

import { upsertHearings } from '../../models/hearing';
import { checkHearingFile } from '../../models/hearing-import';
import { ChannelSimulator } from '../support/channel-simulator';
import { Conversation } from '../support/conversation';
import { sampleHearingCalendar } from '../support/sample-data';
import { startTestApp, type TestApp } from '../support/test-app';

/** Issue 14: questions as citizens type them get a direct answer, and follow-ups keep the topic. */
describe('answer quality over /api/messages', () => {
  const channel = new ChannelSimulator();
  let bot: TestApp;

  beforeAll(async () => {
    await channel.start();
    bot = await startTestApp();
    const { rows } = checkHearingFile(readFileSync(sampleHearingCalendar(), 'utf8'));
    await upsertHearings(bot.app.database.models.hearings, rows, 'sample.csv');
  });
  afterAll(async () => {
    await bot.dispose();
    await channel.stop();
  });
  afterEach(() => {
    expect(channel.cardProblems).toEqual([]);
  });

  async function citizen(): Promise<Conversation> {
    const conversation = new Conversation(bot.app.url, channel, 'webchat');
    await conversation.say('hola');
    return conversation;
  }

  it.each([
    ['que son las regalias', '¿Qué son las regalías mineras y cómo se reparten?'],
    [
      '¿La ANM entrega la licencia ambiental para una mina?',
      '¿Qué es la licencia ambiental de una mina y quién la da?',
    ],
    ['nesecito sacar un titulo para una mina como ago', '¿Cómo se pide un título minero?'],
    ['que dice la ley 1755', '¿Qué dice la Ley 1755 de 2015?'],
    [
      'si pido copia de unos documentos en cuanto me responden',
      '¿Cómo pido los documentos de un título minero a la ANM?',
    ],
    [
      'soy de una comunidad indigena y van a hacer una mina en nuestro territorio que derechos tenemos',
      '¿Qué derechos tiene una comunidad étnica si llega una mina a su territorio?',
    ],
  ])(
    'when a citizen writes "%s", then the bot answers directly with "%s"',
    async (question, title) => {
      const text = await (await citizen()).ask(question);
      expect(text).toContain(title);
      expect(text).not.toContain('¿Se refiere a alguna de estas preguntas?');
    },
  );

  it('when a citizen misspells "audiencia" and names a town, then the calendar answers', async () => {
    const text = await (await citizen()).ask('audiensia en tocancipa');
    expect(text).toContain('Tocancipá');
    expect(text).toContain('Programada');
  });

  it('when a follow-up names another place after a calendar answer, then the calendar answers for that place', async () => {
    const conversation = await citizen();
    expect(await conversation.ask('audiensia en tocancipa')).toContain('Tocancipá');
    const huila = await conversation.ask('¿y en el Huila?');
    expect(huila).toContain('Huila');
    expect(huila).toContain('Palermo');
    expect(huila).not.toContain('Tocancipá');
    // Not a place: read by the knowledge base with these hearings as its topic.
    expect(await conversation.ask('¿y eso para qué sirve?')).toContain(
      '¿Qué son las audiencias de participación de terceros?',
    );
  });

  it('when a short follow-up comes after an answer, then it is read with the previous topic', async () => {
    const conversation = await citizen();
    expect(await conversation.ask('cuanto dura un contrato de concesion minera')).toContain(
      '¿Cuánto dura un contrato de concesión minera?',
    );
    expect(await conversation.ask('¿y se puede alargar?')).toContain(
      '¿Cómo se pide la prórroga del contrato de concesión?',
    );
  });

  it('when the bot answers and a close entry exists, then it offers it below and a click answers it', async () => {
    const conversation = await citizen();
    const text = await conversation.ask('¿La ANM entrega la licencia ambiental para una mina?');
    expect(text).toContain('¿Buscaba otra cosa?');
    const other = '¿Qué cosas no hace la ANM y quién las hace?';
    expect(text).toContain(other);
    expect(await conversation.ask(other)).toContain('Hay temas que no le tocan a la Agencia.');
  });
});
