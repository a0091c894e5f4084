import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { ConversationReferenceStore } from '../../models/conversation-reference';
import { ChannelSimulator } from '../support/channel-simulator';
import { Conversation, visibleText } from '../support/conversation';
import { startEmbeddedTestApp } from '../support/embedded-app';
import { LocalStaffIssuer } from '../support/staff-auth-issuer';
import type { TestApp } from '../support/test-app';

/** What a citizen gives the bot: in the question text and in the registration prompts. */
const citizen = {
  name: 'Rosalba Quintero Patiño',
  email: 'rosalba.quintero@example.com',
  cedula: '1052987123',
  phone: '312 765 4321',
};
const question =
  `Me llamo ${citizen.name}, cédula ${citizen.cedula}, celular ${citizen.phone}. ` +
  '¿Cuántas toneladas de carbón sacó la mina La Esperanza de Samacá en el año 2025?';

function codeIn(text: string): string {
  const match = /ANM-[0-9A-Y]{4}-[0-9A-Y]{4}/.exec(text);
  if (!match) throw new Error(`no tracking code in: ${text}`);
  return match[0];
}

/** Every value to look for, with the forms a store could keep it in. */
function searchedValues(conversation: Conversation): string[] {
  return [
    ...citizen.name.split(' '),
    citizen.email,
    citizen.cedula,
    citizen.phone,
    citizen.phone.replaceAll(' ', ''),
    conversation.party.userId,
    conversation.party.conversationId,
  ];
}

async function filesUnder(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name));
}

describe('"borrar mis datos" (Ley 1581 de 2012)', () => {
  const channel = new ChannelSimulator();
  // Moderators answer a question in one test, so that its satisfaction survey holds a comment.
  const issuer = new LocalStaffIssuer();
  let dataDir: string;
  let bot: TestApp;

  beforeAll(async () => {
    await channel.start();
    await issuer.start();
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'anm-erasure-'));
    bot = await startEmbeddedTestApp(dataDir, issuer.environment());
  });
  afterAll(async () => {
    await bot.dispose();
    await rm(dataDir, { recursive: true, force: true });
    await issuer.stop();
    await channel.stop();
  });

  /** One moderator drafts the answer of the question with this code and another approves it. */
  async function answerAsModerators(code: string): Promise<void> {
    const question = await bot.app.database.models.questions.findOne({ trackingCode: code }).lean();
    if (!question) throw new Error(`no question ${code}`);
    const post = async (token: string, action: string, body: unknown) => {
      const response = await fetch(
        `${bot.app.url}/api/moderation/questions/${question._id.toHexString()}/${action}`,
        {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        },
      );
      expect(response.status).toBe(200);
      return (await response.json()) as { question: { version: number } };
    };
    const ana = await issuer.token({ oid: 'oid-ana', name: 'Ana', roles: ['moderator'] });
    const bruno = await issuer.token({ oid: 'oid-bruno', name: 'Bruno', roles: ['moderator'] });
    const drafted = await post(ana, 'answer', {
      version: question.version,
      text: 'La mina La Esperanza de Samacá reportó 12.000 toneladas de carbón en 2025.',
    });
    await post(bruno, 'approve', { version: drafted.question.version });
  }

  it('when "borrar mis datos" is typed in the name prompt, then it is not taken as the name and the erasure is offered', async () => {
    const someone = new Conversation(bot.app.url, channel);
    await someone.say('registrar pregunta');
    await someone.say('¿Cuándo publican los resultados de la audiencia de Socotá?');
    expect(await someone.ask('acepto')).toContain('¿Cómo se llama?');

    expect(await someone.ask('borrar mis datos')).toContain('¿Borramos sus datos personales?');
    expect(await someone.ask('no')).toContain('No borramos nada');
    expect(
      await bot.app.database.models.questions.countDocuments({
        'contact.name': { $regex: /borrar/i },
      }),
    ).toBe(0);
  });

  it('when "cancelar" is typed in the e-mail prompt, then the flow stops and nothing is registered', async () => {
    const someone = new Conversation(bot.app.url, channel);
    await someone.say('registrar pregunta');
    await someone.say('¿Qué pasó con la mesa minera de Buriticá?');
    await someone.say('acepto');
    await someone.say('Ana');
    const before = await bot.app.database.models.questions.countDocuments();
    expect(await someone.ask('cancelar')).toContain('cancelé');
    expect(await bot.app.database.models.questions.countDocuments()).toBe(before);
  });

  /** Every collection, every document, as JSON: which of the values appear, and where. */
  async function foundInCollections(values: string[]): Promise<string[]> {
    const database = bot.app.database.connection.db;
    if (!database) throw new Error('not connected');
    const dump: Record<string, string> = {};
    for (const { name } of await database.listCollections().toArray()) {
      dump[name] = JSON.stringify(await database.collection(name).find({}).toArray());
    }
    expect(Object.keys(dump)).toEqual(
      expect.arrayContaining(['questions', 'question_events', 'consents', 'bot_state']),
    );
    return Object.entries(dump).flatMap(([name, text]) =>
      values.filter((value) => text.includes(value)).map((value) => `${name}: ${value}`),
    );
  }

  it('when a citizen erases their data in the middle of a registration, then what they had typed in the flow is gone too', async () => {
    const conversation = new Conversation(bot.app.url, channel);
    await conversation.say('registrar pregunta');
    await conversation.say('Soy Heriberto Gualdrón, cel 3009998877. ¿Dónde denuncio una mina?');
    await conversation.say('acepto');
    expect(await conversation.ask('Heriberto Gualdrón Mesa')).toContain('correo electrónico');

    expect(await conversation.ask('borrar mis datos')).toContain('¿Borramos sus datos personales?');
    expect(await conversation.ask('sí')).toContain('Borramos sus datos personales');

    expect(
      await foundInCollections([
        'Heriberto',
        'Gualdrón',
        '3009998877',
        conversation.party.userId,
        conversation.party.conversationId,
      ]),
    ).toEqual([]);

    // The conversation goes on: its reference is stored again, so later answers can reach it.
    await conversation.ask('hola');
    const references = new ConversationReferenceStore(
      bot.app.database.models.conversationReferences,
    );
    expect(await references.find('webchat', conversation.party.conversationId)).toMatchObject({
      conversation: { id: conversation.party.conversationId },
    });
  });

  it('when a registered citizen erases their data, then no collection and no data file keeps any of it', async () => {
    const conversation = new Conversation(bot.app.url, channel);
    await conversation.say('hola');
    await conversation.say('registrar pregunta');
    await conversation.say(question);
    expect(await conversation.ask('acepto')).toContain('¿Cómo se llama?');
    expect(await conversation.ask(citizen.name)).toContain('correo electrónico');
    const code = codeIn(await conversation.ask(citizen.email));
    expect(await conversation.ask('mis preguntas')).toContain(code);

    // The answer reaches the chat with its satisfaction survey; the comment names the citizen.
    const before = channel.inConversation(conversation.party.conversationId).length;
    await answerAsModerators(code);
    const delivered = await channel.waitFor(conversation.party.conversationId, before + 2, 30_000);
    expect(visibleText(delivered.at(-1) ?? {})).toContain('¿Cómo califica la respuesta');
    expect(await conversation.ask('5, la familia Quintero quedó muy contenta')).toContain(
      'Gracias por su calificación y su comentario',
    );
    const rated = await bot.app.database.models.questions.findOne({ trackingCode: code }).lean();
    const survey = () => bot.app.database.models.satisfactionSurveys.findById(rated?._id).lean();
    expect((await survey())?.comment).toContain('Quintero');

    expect(await conversation.ask('borrar mis datos')).toContain('¿Borramos sus datos personales?');
    expect(await conversation.ask('sí')).toContain('Borramos sus datos personales');

    const values = searchedValues(conversation);
    expect(await foundInCollections(values)).toEqual([]);
    expect(await survey()).toMatchObject({ rating: 5, comment: null });

    // The public record and the evidence of the decisions stay, without the data.
    const { models } = bot.app.database;
    const kept = await models.questions.findOne({ trackingCode: code }).lean();
    expect(kept).toMatchObject({ contact: null, citizenKey: null, conversationKey: null });
    expect(kept?.text).toContain('¿Cuántas toneladas de carbón sacó la mina La Esperanza');
    const consent = await models.consents.findById(kept?.consentId).lean();
    expect(consent).toMatchObject({ decision: 'granted', channelId: 'webchat', citizenKey: null });
    expect(consent?.textVersion).toMatch(/^v1-/);
    expect(consent?.revokedAt).toBeInstanceOf(Date);

    // The data files at rest: the database stopped (its journal checkpointed), every file read.
    await bot.app.stop();
    const foundInFiles: string[] = [];
    for (const file of await filesUnder(dataDir)) {
      const bytes = await readFile(file);
      for (const value of values) {
        if (bytes.includes(Buffer.from(value, 'utf8')))
          foundInFiles.push(`${path.relative(dataDir, file)}: ${value}`);
      }
    }
    expect(foundInFiles).toEqual([]);
  });
});
