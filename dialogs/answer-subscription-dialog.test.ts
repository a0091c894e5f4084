import { randomUUID } from 'node:crypto';

import { dateInWords } from '../legal-terms/legal-terms';
import { legalDeadlines } from '../legal-terms/legal-deadlines';
import { registerQuestion } from '../models/question';
import { generateTrackingCode } from '../models/tracking-code';
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
  AnswerSubscriptionDialog,
  type AnswerSubscriptionOptions,
} from './answer-subscription-dialog';

describe('the answer-subscription dialog', () => {
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

  /** A question nobody receives the answer of (a Live comment), or one someone else holds. */
  async function registered(holder: { citizenKey: string; conversationId: string } | null) {
    const receivedAt = new Date();
    const { question } = await registerQuestion(database.models, {
      submissionKey: randomUUID(),
      text: '¿Qué pasa si una mina no paga regalías?',
      channelId: textChannel,
      spaceId: null,
      petitionKind: 'peticion-general',
      receivedAt,
      dueAt: legalDeadlines.dueDate(receivedAt, 'peticion-general'),
      consentId: null,
      contact: null,
      citizenKey: holder?.citizenKey ?? null,
      conversationKey: holder
        ? { channelId: textChannel, conversationId: holder.conversationId }
        : null,
    });
    return question;
  }

  function subscription(codeText: string | undefined): DialogTurns {
    const dialog = new AnswerSubscriptionDialog({
      models: world.models,
      pseudonymizer: world.pseudonymizer,
      inWords: dateInWords,
      privacyPolicyUrl: testPrivacyPolicyUrl,
    });
    return new DialogTurns(world, dialog, { codeText } satisfies AnswerSubscriptionOptions);
  }

  const stored = (trackingCode: string) =>
    database.models.questions.findOne({ trackingCode }).lean();

  it('when the holder of a valid code accepts, then the answer is routed to this chat with their consent', async () => {
    const question = await registered(null);
    const flow = subscription(question.trackingCode);

    const [intro, consent] = await flow.say(`recibir respuesta ${question.trackingCode}`);
    expect(intro).toContain(`la respuesta de la pregunta ${question.trackingCode}`);
    expect(consent).toContain('Responsable: la Agencia Nacional de Minería (ANM).');

    const [confirmation] = await flow.say('acepto');
    expect(confirmation).toContain(`Cuando la ANM responda la pregunta ${question.trackingCode}`);
    expect(confirmation).toContain(`a más tardar ${dateInWords(question.dueAt)}`);
    const subscribed = await stored(question.trackingCode);
    expect(subscribed).toMatchObject({
      citizenKey: citizenKeyIn(world),
      conversationKey: { channelId: textChannel, conversationId: testCitizen.conversationId },
    });
    const evidence = await database.models.consents.findById(subscribed?.consentId).lean();
    expect(evidence).toMatchObject({
      decision: 'granted',
      citizenKey: citizenKeyIn(world),
      revokedAt: null,
    });
  });

  it('when the holder of a valid code declines, then nothing of theirs is stored', async () => {
    const question = await registered(null);
    const flow = subscription(question.trackingCode);
    await flow.say(`recibir respuesta ${question.trackingCode}`);

    expect((await flow.say('no acepto')).join('\n')).toContain('No guardamos ningún dato suyo');
    expect(await stored(question.trackingCode)).toMatchObject({
      citizenKey: null,
      conversationKey: null,
    });
    expect(await database.models.consents.countDocuments({ citizenKey: citizenKeyIn(world) })).toBe(
      0,
    );
  });

  it('when the code belongs to no question, then it says so and asks for no consent', async () => {
    const unknownCode = generateTrackingCode();
    const flow = subscription(unknownCode);

    expect(await flow.say(`recibir respuesta ${unknownCode}`)).toEqual([
      expect.stringContaining('No encontramos ninguna pregunta con ese código.'),
    ]);
    expect(flow.status).toBe('complete');
  });

  it('when someone else already receives the answer of that code, then it is refused without saying who, and nothing changes', async () => {
    const holder = { citizenKey: `other-${randomUUID()}`, conversationId: 'chat-other' };
    const question = await registered(holder);
    const flow = subscription(question.trackingCode);

    const [refusal] = await flow.say(`recibir respuesta ${question.trackingCode}`);
    expect(refusal).toContain('No podemos enviar la respuesta de esa pregunta a este chat.');
    expect(flow.status).toBe('complete');
    expect(await stored(question.trackingCode)).toMatchObject({
      citizenKey: holder.citizenKey,
      conversationKey: { channelId: textChannel, conversationId: holder.conversationId },
    });
  });

  it('when "cancelar" is typed at the consent, then the flow ends and the code stays unclaimed', async () => {
    const question = await registered(null);
    const flow = subscription(question.trackingCode);
    await flow.say(`recibir respuesta ${question.trackingCode}`);

    expect(await flow.say('cancelar')).toEqual([expect.stringContaining('cancelé')]);
    expect(flow.status).toBe('cancelled');
    expect((await stored(question.trackingCode))?.citizenKey).toBeNull();
  });
});
