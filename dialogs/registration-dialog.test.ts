import { loadKnowledgeBase } from '../knowledge/knowledge-base';
import { KnowledgeIndex } from '../knowledge/retrieval/knowledge-index';
import { loadLexicon } from '../knowledge/retrieval/lexicon';
import { questionTopic } from '../knowledge/retrieval/question-topic';
import { SpanishAnalyzer } from '../knowledge/retrieval/spanish-analyzer';
import { legalDeadlines } from '../legal-terms/legal-deadlines';
import {
  citizenKeyIn,
  DialogTurns,
  dialogWorld,
  textChannel,
  testCitizen,
  testPrivacyPolicyUrl,
  type DialogWorld,
} from '../test/support/dialog-client';
import { openTestDatabase, type TestDatabase } from '../test/support/test-database';
import {
  RegistrationDialog,
  type RegistrationOptions,
  type RegistrationResult,
} from './registration-dialog';

const question = '¿Cuándo publican los resultados de la audiencia pública de Socotá?';

function codeIn(texts: string[]): string {
  const match = /ANM-[0-9A-Y]{4}-[0-9A-Y]{4}/.exec(texts.join('\n'));
  if (!match) throw new Error(`no tracking code in: ${texts.join(' | ')}`);
  return match[0];
}

const knowledge = new KnowledgeIndex(loadKnowledgeBase(), new SpanishAnalyzer(loadLexicon()));
const topicOf = (text: string) => questionTopic(knowledge, text);

describe('the registration dialog', () => {
  let database: TestDatabase;
  let world: DialogWorld;

  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(async () => {
    await database.close();
  });
  beforeEach(() => {
    world = dialogWorld(database.models);
  });

  function registration(options: RegistrationOptions): DialogTurns {
    const dialog = new RegistrationDialog({
      models: world.models,
      pseudonymizer: world.pseudonymizer,
      deadlines: legalDeadlines,
      privacyPolicyUrl: testPrivacyPolicyUrl,
      topicOf,
    });
    return new DialogTurns(world, dialog, options);
  }

  const stored = (trackingCode: string) =>
    database.models.questions.findOne({ trackingCode }).lean();
  const citizenKey = () => citizenKeyIn(world);

  it('when a citizen consents and gives a name and an e-mail, then the question is stored with them, its code and its legal due date', async () => {
    const flow = registration({ offer: false });
    expect(await flow.say('registrar pregunta')).toEqual([
      expect.stringContaining('Escriba su pregunta'),
    ]);
    const [consent] = await flow.say(question);
    expect(consent).toContain('Responsable: la Agencia Nacional de Minería (ANM).');
    expect(consent).toContain(testPrivacyPolicyUrl);
    expect(await flow.say('acepto')).toEqual([expect.stringContaining('¿Cómo se llama?')]);
    expect(await flow.say('María Pérez')).toEqual([expect.stringContaining('correo electrónico')]);

    const confirmation = await flow.say('maria.perez@example.com');
    const trackingCode = codeIn(confirmation);
    const question_ = await stored(trackingCode);
    expect(question_).toMatchObject({
      text: question,
      status: 'pending',
      contact: { name: 'María Pérez', email: 'maria.perez@example.com' },
      citizenKey: citizenKey(),
      conversationKey: { channelId: textChannel, conversationId: testCitizen.conversationId },
    });
    // Counted in the reports under the knowledge base's topic it is about.
    expect(question_?.knowledgeTopic).toBe('rendicion-cuentas');
    const dueAt = legalDeadlines.dueDate(question_?.receivedAt ?? new Date(0), 'peticion-general');
    expect(question_?.dueAt).toEqual(dueAt);
    expect(confirmation.join('\n')).toContain(
      `a más tardar ${legalDeadlines.inWords(dueAt)}. Es el plazo legal de 15 días hábiles`,
    );
    const evidence = await database.models.consents.findById(question_?.consentId).lean();
    expect(evidence).toMatchObject({ decision: 'granted', citizenKey: citizenKey() });
    expect(flow.result).toEqual({ trackingCode } satisfies RegistrationResult);
  });

  it('when a citizen offered the registration refuses consent, then the question is stored anonymously from when it was asked', async () => {
    const receivedAt = '2026-03-02T15:00:00.000Z';
    const flow = registration({ offer: true, question, receivedAt });
    expect(await flow.say('¿y eso cuándo es?')).toEqual([
      expect.stringContaining('¿Quiere que registremos su pregunta'),
    ]);
    expect((await flow.say('sí')).join('\n')).toContain('¿Acepta?');

    const confirmation = await flow.say('no acepto');
    expect(confirmation.join('\n')).toContain('Guarde este código');
    const question_ = await stored(codeIn(confirmation));
    expect(question_).toMatchObject({
      text: question,
      contact: null,
      citizenKey: null,
      conversationKey: null,
      receivedAt: new Date(receivedAt),
      dueAt: legalDeadlines.dueDate(new Date(receivedAt), 'peticion-general'),
    });
    const evidence = await database.models.consents.findById(question_?.consentId).lean();
    expect(evidence).toMatchObject({ decision: 'denied', citizenKey: null });
  });

  it('when the offer is declined, then nothing is stored', async () => {
    const flow = registration({ offer: true, question: `${question} (declinada)` });
    await flow.say('¿y eso cuándo es?');
    expect(await flow.say('no')).toEqual([expect.stringContaining('No registramos nada')]);
    expect(flow.status).toBe('complete');
    expect(
      await database.models.questions.countDocuments({ text: `${question} (declinada)` }),
    ).toBe(0);
  });

  it('when the e-mail is incomplete, then it is asked again, and "omitir" registers without it', async () => {
    const flow = registration({ offer: false });
    await flow.say('registrar pregunta');
    await flow.say(`${question} (correo)`);
    await flow.say('acepto');
    await flow.say('Rosalba Quintero');

    expect(await flow.say('rosalba@ejemplo')).toEqual([
      expect.stringContaining('Ese correo no parece completo'),
    ]);
    expect(await flow.say('rosalba quintero@ejemplo.com')).toEqual([
      expect.stringContaining('Ese correo no parece completo'),
    ]);
    expect(flow.status).toBe('waiting');
    expect(await database.models.questions.countDocuments({ text: `${question} (correo)` })).toBe(
      0,
    );

    const question_ = await stored(codeIn(await flow.say('omitir')));
    expect(question_?.contact).toEqual({ name: 'Rosalba Quintero', email: null });
  });

  it('when "cancelar" is typed in the name prompt, then the flow ends, it is not taken as the name and nothing is stored', async () => {
    const flow = registration({ offer: false });
    await flow.say('registrar pregunta');
    await flow.say(`${question} (cancelada)`);
    await flow.say('acepto');

    expect(await flow.say('cancelar')).toEqual([expect.stringContaining('cancelé')]);
    expect(flow.status).toBe('cancelled');
    expect(
      await database.models.questions.countDocuments({ text: `${question} (cancelada)` }),
    ).toBe(0);
    expect(await database.models.consents.countDocuments({ citizenKey: citizenKey() })).toBe(0);
  });
});
