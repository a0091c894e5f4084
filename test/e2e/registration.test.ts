import { dueDate, dateInWords } from '../../legal-terms/legal-terms';
import { parseTrackingCode } from '../../models/tracking-code';
import { messageActivity } from '../support/activities';
import { ChannelSimulator } from '../support/channel-simulator';
import { buttons, Conversation, visibleText } from '../support/conversation';
import { startTestApp, type TestApp } from '../support/test-app';

const unanswerable =
  '¿Cuántas toneladas de carbón sacó la mina La Esperanza de Samacá en el año 2025?';

function codeIn(text: string): string {
  const match = /ANM-[0-9A-Y]{4}-[0-9A-Y]{4}/.exec(text);
  if (!match) throw new Error(`no tracking code in: ${text}`);
  return match[0];
}

describe('registering a question the bot cannot answer', () => {
  const channel = new ChannelSimulator();
  let bot: TestApp;

  beforeAll(async () => {
    await channel.start();
    bot = await startTestApp();
  });
  afterAll(async () => {
    await bot.dispose();
    await channel.stop();
  });
  afterEach(() => {
    expect(channel.cardProblems).toEqual([]);
  });

  const questions = () => bot.app.database.models.questions;
  const consents = () => bot.app.database.models.consents;

  it('when the bot does not know, then it says so and offers to register the question', async () => {
    const citizen = new Conversation(bot.app.url, channel);
    await citizen.say('hola');
    const replies = await citizen.say(unanswerable);
    const text = replies.map(visibleText).join('\n');
    expect(text).toContain('No tengo una respuesta segura');
    expect(text).toContain(
      '¿Quiere que registremos su pregunta para que la ANM le responda por escrito?',
    );
    expect(buttons(replies.at(-1) ?? {})).toEqual(['Sí', 'No']);
  });

  it('when a citizen asks what something costs and no entry states it, then the bot says it has no figure and offers to register the question', async () => {
    const citizen = new Conversation(bot.app.url, channel);
    await citizen.say('hola');
    const replies = await citizen.say('¿Cuánto cuesta radicar una propuesta en AnnA Minería?');
    const text = replies.map(visibleText).join('\n');
    expect(text).toContain('No tengo ese valor.');
    expect(text).not.toContain('cree su usuario en AnnA Minería');
    expect(text).toContain(
      '¿Quiere que registremos su pregunta para que la ANM le responda por escrito?',
    );
  });

  it('when a citizen asks about their own request, then the bot says a person must look at it and offers to register the question', async () => {
    const citizen = new Conversation(bot.app.url, channel);
    await citizen.say('hola');
    const replies = await citizen.say(
      'Pedí la prórroga del contrato GGF-151 hace ocho meses y todavía no me han dicho nada',
    );
    const text = replies.map(visibleText).join('\n');
    expect(text).toContain('Su caso lo debe revisar una persona de la ANM.');
    expect(text).toContain(
      '¿Quiere que registremos su pregunta para que la ANM le responda por escrito?',
    );
  });

  it('when the citizen accepts and gives name and e-mail, then the question is registered with a code and a due date in words', async () => {
    const citizen = new Conversation(bot.app.url, channel);
    await citizen.say('hola');
    const askedAt = new Date();
    await citizen.say(unanswerable);
    const consentText = await citizen.ask('sí');
    expect(consentText).toContain('Responsable: la Agencia Nacional de Minería (ANM).');
    expect(consentText).toContain('conocer, actualizar, corregir y borrar sus datos');
    expect(consentText).toContain('Política de datos personales');
    expect(await citizen.ask('Acepto')).toContain('¿Cómo se llama?');
    expect(await citizen.ask('María Pérez')).toContain('correo electrónico');
    const confirmation = await citizen.ask('maria.perez@example.com');

    const code = codeIn(confirmation);
    expect(parseTrackingCode(code).ok).toBe(true);
    expect(confirmation).toContain(`a más tardar ${dateInWords(dueDate(askedAt))}`);
    expect(confirmation).toContain('15 días hábiles');

    const stored = await questions().findOne({ trackingCode: code }).lean();
    expect(stored).toMatchObject({
      text: unanswerable,
      status: 'pending',
      channelId: 'webchat',
      contact: { name: 'María Pérez', email: 'maria.perez@example.com' },
      conversationKey: { channelId: 'webchat', conversationId: citizen.party.conversationId },
    });
    expect(stored?.citizenKey).toEqual(expect.any(String));
    expect(stored?.citizenKey).not.toContain(citizen.party.userId);
    const consent = await consents().findById(stored?.consentId).lean();
    expect(consent).toMatchObject({ decision: 'granted', channelId: 'webchat', revokedAt: null });
    expect(consent?.textVersion).toMatch(/^v1-[0-9a-f]{12}$/);

    expect(await citizen.ask('mis preguntas')).toContain(code);
  });

  it('when the citizen does not consent, then the question is registered anonymously and the code is the only way to follow it', async () => {
    const citizen = new Conversation(bot.app.url, channel, 'facebook');
    await citizen.say('hola');
    expect(await citizen.ask('registrar pregunta')).toContain('Escriba su pregunta');
    const consentReplies = await citizen.say(
      '¿Por qué la ANM no ha respondido mi solicitud de legalización en Marmato?',
    );
    expect(consentReplies.every((activity) => (activity.attachments ?? []).length === 0)).toBe(
      true,
    );
    expect(buttons(consentReplies.at(-1) ?? {})).toEqual(['Acepto', 'No acepto', 'Cancelar']);
    const confirmation = await citizen.ask('no acepto');
    const code = codeIn(confirmation);
    expect(confirmation).toContain('Guarde este código');

    const stored = await questions().findOne({ trackingCode: code }).lean();
    expect(stored).toMatchObject({
      contact: null,
      citizenKey: null,
      conversationKey: null,
      channelId: 'facebook',
    });
    expect(await consents().findById(stored?.consentId).lean()).toMatchObject({
      decision: 'denied',
      citizenKey: null,
    });
    expect(await citizen.ask('mis preguntas')).toContain('No tiene preguntas registradas');
    expect(await citizen.ask(`estado ${code.toLowerCase()}`)).toContain('Pendiente');
  });

  it('when a card button is clicked in Web Chat, then it works as typing its label', async () => {
    const citizen = new Conversation(bot.app.url, channel);
    await citizen.say('hola');
    await citizen.say(unanswerable);
    const consent = await citizen.say('', {
      value: { text: 'Sí', msteams: { type: 'imBack', value: 'Sí' } },
    });
    expect(consent.map(visibleText).join('\n')).toContain('¿Acepta?');
  });

  it('when the e-mail is not valid, then the bot asks again and "omitir" skips it', async () => {
    const citizen = new Conversation(bot.app.url, channel);
    await citizen.say('registrar pregunta');
    await citizen.say('¿Cuándo publican los resultados de la audiencia de Socotá?');
    await citizen.say('acepto');
    await citizen.say('omitir');
    expect(await citizen.ask('maria@')).toContain('Ese correo no parece completo');
    const code = codeIn(await citizen.ask('omitir'));
    const stored = await questions().findOne({ trackingCode: code }).lean();
    expect(stored?.contact).toBeNull();
    expect(stored?.conversationKey).not.toBeNull();
  });

  it('when the citizen cancels in the middle, then nothing is stored', async () => {
    const citizen = new Conversation(bot.app.url, channel);
    await citizen.say('registrar pregunta');
    await citizen.say('Una pregunta que al final no quiero enviar');
    const before = await questions().countDocuments();
    expect(await citizen.ask('cancelar')).toContain('cancelé');
    expect(await questions().countDocuments()).toBe(before);
    expect(await citizen.ask('acepto')).not.toContain('ANM-');
  });

  it('when the channel retries the last message, then only one question is registered and only one confirmation sent', async () => {
    const citizen = new Conversation(bot.app.url, channel);
    await citizen.say('registrar pregunta');
    await citizen.say('¿Qué pasó con la mesa minera de Buriticá del mes pasado?');
    const last = messageActivity(citizen.party, 'no acepto');
    const before = await questions().countDocuments();
    await Promise.all([citizen.send(last), citizen.send(last)]);
    expect(await questions().countDocuments()).toBe(before + 1);
    const confirmations = channel
      .inConversation(citizen.party.conversationId)
      .filter((activity) => visibleText(activity).includes('quedó registrada'));
    expect(confirmations).toHaveLength(1);
  });

  it('when the citizen withdraws their question, then it is withdrawn and no longer holds their data', async () => {
    const citizen = new Conversation(bot.app.url, channel);
    await citizen.say('registrar pregunta');
    await citizen.say('¿Cuándo es la próxima audiencia pública de rendición de cuentas?');
    await citizen.say('acepto');
    await citizen.say('Pedro');
    const code = codeIn(await citizen.ask('omitir'));
    const stranger = new Conversation(bot.app.url, channel);
    expect(await stranger.ask(`retirar mi pregunta ${code}`)).toContain(
      'No encontramos una pregunta suya',
    );
    expect(await citizen.ask(`retirar mi pregunta ${code}`)).toContain(
      `Retiramos su pregunta ${code}`,
    );
    expect(await questions().findOne({ trackingCode: code }).lean()).toMatchObject({
      status: 'withdrawn',
      contact: null,
      citizenKey: null,
    });
    expect(await stranger.ask(`estado ${code}`)).toContain('Retirada');
  });

  it('when anyone asks the status of a code, then they never see who asked', async () => {
    const citizen = new Conversation(bot.app.url, channel);
    await citizen.say('registrar pregunta');
    await citizen.say('¿La ANM vigila las minas de oro de Segovia?');
    await citizen.say('acepto');
    await citizen.say('Ana Gómez');
    const code = codeIn(await citizen.ask('ana.gomez@example.com'));
    const status = await new Conversation(bot.app.url, channel).ask(`estado ${code}`);
    expect(status).toContain('Pendiente');
    expect(status).not.toMatch(/Ana|gomez|Segovia/);
  });

  it('when a code is mistyped, then the bot says the code has an error', async () => {
    const citizen = new Conversation(bot.app.url, channel);
    expect(await citizen.ask('estado ANM-7K3M-Q9XA')).toMatch(/tiene un error|No encontramos/);
  });

  it('when the citizen asks to erase their data and confirms, then their questions and consents are unlinked', async () => {
    const citizen = new Conversation(bot.app.url, channel);
    await citizen.say('registrar pregunta');
    await citizen.say('¿Puedo pedir copia del expediente de la concesión de mi vereda?');
    await citizen.say('acepto');
    await citizen.say('Luis');
    const code = codeIn(await citizen.ask('luis@example.com'));
    const before = await questions().findOne({ trackingCode: code }).lean();
    expect(await citizen.ask('borrar mis datos')).toContain('¿Borramos sus datos personales?');
    expect(await citizen.ask('sí')).toContain('Borramos sus datos personales');
    const after = await questions().findOne({ trackingCode: code }).lean();
    expect(after).toMatchObject({
      contact: null,
      citizenKey: null,
      conversationKey: null,
      status: 'pending',
    });
    expect(await consents().findById(before?.consentId).lean()).toMatchObject({
      citizenKey: null,
      revokedAt: expect.any(Date) as unknown,
    });
    expect(await citizen.ask('mis preguntas')).toContain('No tiene preguntas registradas');
  });
});
