import { readFileSync } from 'node:fs';

import { upsertHearings } from '../../models/hearing';
import { checkHearingFile } from '../../models/hearing-import';
import { ChannelSimulator } from '../support/channel-simulator';
import { buttons, Conversation, visibleText } from '../support/conversation';
import { sampleHearingCalendar } from '../support/sample-data';
import { startTestApp, type TestApp } from '../support/test-app';

describe('answers in clear Spanish over /api/messages', () => {
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

  async function citizen(channelId = 'webchat'): Promise<Conversation> {
    const conversation = new Conversation(bot.app.url, channel, channelId);
    await conversation.say('hola');
    return conversation;
  }

  it('when a citizen asks in everyday Spanish, then the bot answers with the entry and its source', async () => {
    const text = await (await citizen()).ask('q es el canon superficiaro?');
    expect(text).toContain('¿Qué es el canon superficiario?');
    expect(text).toContain('es un pago al Estado por el área del título minero');
    expect(text).toContain('Fuente: Ley 685 de 2001 (Código de Minas), artículo 230');
  });

  it('when the answer goes to Messenger, then it is plain text with its source', async () => {
    const [reply] = await (await citizen('facebook')).say('como denuncio mineria ilegal');
    expect(reply?.attachments ?? []).toHaveLength(0);
    expect(reply?.text).toContain('Puede denunciar ante la alcaldía, la Policía o la Fiscalía.');
    expect(reply?.text).toContain('Fuente: Ley 685 de 2001 (Código de Minas), artículo 306');
  });

  it('when a greeting comes before the question, then the question is answered', async () => {
    expect(await (await citizen()).ask('Buenas tardes, ¿qué es el barequeo?')).toContain(
      'lavar a mano las arenas',
    );
  });

  it('when the question is ambiguous, then the bot asks "¿Se refiere a…?" and a number picks the answer', async () => {
    const conversation = await citizen('facebook');
    // "audiencias" alone fits several entries: what they are, the calendar, who takes part.
    const [suggestions] = await conversation.say('audiencias');
    expect(suggestions?.text).toContain('¿Se refiere a alguna de estas preguntas?');
    expect(suggestions?.text).toMatch(/1\. ¿Qué son las audiencias/);
    const numbers = [...(suggestions?.text ?? '').matchAll(/^(\d)\. /gm)].map((match) => match[1]);
    expect(numbers.length).toBeGreaterThanOrEqual(2);
    expect(buttons(suggestions ?? {})).toEqual([...numbers, 'Ninguna']);
    const second = /2\. (.+)/.exec(suggestions?.text ?? '')?.[1] ?? '';
    expect(await conversation.ask('2')).toContain(second);
  });

  it('when none of the suggestions fits, then the bot offers to register the original question', async () => {
    const conversation = await citizen();
    await conversation.say('audiencias');
    const offer = await conversation.ask('Ninguna');
    expect(offer).toContain('¿Quiere que registremos su pregunta');
    await conversation.say('sí');
    await conversation.say('no acepto');
    const stored = await bot.app.database.models.questions
      .findOne({ channelId: 'webchat', text: 'audiencias' })
      .lean();
    expect(stored).not.toBeNull();
  });

  it('when the question is out of scope, then the bot says politely what it can help with', async () => {
    const text = await (await citizen()).ask('receta de ajiaco santafereño');
    expect(text).toContain('Solo puedo ayudarle con temas de la Agencia Nacional de Minería');
    expect(text).not.toContain('¿Quiere que registremos');
  });

  it.each([
    ['gracias', 'Con gusto'],
    ['ayuda', 'registrar pregunta'],
    ['quiero hablar con una persona', 'no puedo pasarle a una persona'],
    ['chao', 'Hasta pronto'],
  ])(
    'when a citizen writes "%s", then the bot answers the small talk',
    async (message, expected) => {
      expect(await (await citizen()).ask(message)).toContain(expected);
    },
  );

  it('when a citizen asks when the hearing in their town is, then the calendar answers with date and state', async () => {
    const text = await (await citizen()).ask('¿cuando es la audiencia en Pitalíto?');
    expect(text).toContain('Audiencias de participación de terceros en Pitalito (Huila)');
    expect(text).toContain('viernes 16 de abril de 2021');
    expect(text).toContain('Realizada');
  });

  it('when a citizen asks about a department, then every hearing there is listed', async () => {
    const reply = await (await citizen()).say('hay audiencias en el huila');
    const text = reply.map(visibleText).join('\n');
    for (const town of [
      'Palermo',
      'Rivera',
      'Pitalito',
      'Tesalia',
      'Paicol',
      'Campoalegre',
      'Íquira',
      'Baraya',
    ]) {
      expect(text).toContain(town);
    }
  });

  it('when the town has no hearing in the calendar, then the bot says so', async () => {
    expect(await (await citizen()).ask('cuando es la audiencia en bogota')).toContain(
      'No encontramos audiencias de participación de terceros en Bogota',
    );
  });

  it('when the calendar still says "Programada" for a date that passed, then the bot says to confirm it', async () => {
    expect(await (await citizen()).ask('audiencia en falan')).toContain('ya pasaron');
  });
});
