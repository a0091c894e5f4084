import { randomUUID } from 'node:crypto';

import { legalDeadlines } from '../legal-terms/legal-deadlines';
import { recordConsent } from '../models/consent';
import { ConversationReferenceStore } from '../models/conversation-reference';
import { registerQuestion } from '../models/question';
import {
  citizenKeyIn,
  DialogTurns,
  dialogWorld,
  textChannel,
  testCitizen,
  type DialogWorld,
} from '../test/support/dialog-client';
import { openTestDatabase, type TestDatabase } from '../test/support/test-database';
import { EraseDataDialog } from './erase-data-dialog';

describe('the erase-data dialog', () => {
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

  /** A question registered with consent, a name, an e-mail and a way to write back. */
  async function registeredWithConsent(citizenKey: string, conversationId: string) {
    const submissionKey = randomUUID();
    const consent = await recordConsent(database.models.consents, {
      submissionKey,
      decision: 'granted',
      decidedAt: new Date(),
      channelId: textChannel,
      textVersion: 'v1-test',
      citizenKey,
    });
    const receivedAt = new Date();
    const { question } = await registerQuestion(database.models, {
      submissionKey,
      text: '¿Cuánto tarda una licencia de exploración?',
      channelId: textChannel,
      spaceId: null,
      petitionKind: 'peticion-general',
      receivedAt,
      dueAt: legalDeadlines.dueDate(receivedAt, 'peticion-general'),
      consentId: consent._id,
      contact: { name: 'Rosalba Quintero', email: 'rosalba@example.com' },
      citizenKey,
      conversationKey: { channelId: textChannel, conversationId },
    });
    await new ConversationReferenceStore(database.models.conversationReferences).remember(
      {
        channelId: textChannel,
        conversation: {
          id: conversationId,
          isGroup: false,
          conversationType: 'personal',
          name: '',
        },
      },
      citizenKey,
    );
    return question;
  }

  function eraseData(): DialogTurns {
    return new DialogTurns(
      world,
      new EraseDataDialog({
        models: world.models,
        pseudonymizer: world.pseudonymizer,
        conversationState: world.conversationState,
        userState: world.userState,
      }),
    );
  }

  const questionById = (question: { _id: unknown }) =>
    database.models.questions.findById(question._id).lean();

  it('when the citizen confirms, then their questions lose name, e-mail and chat, their consent is revoked and others keep theirs', async () => {
    const citizenKey = citizenKeyIn(world);
    const theirs = await registeredWithConsent(citizenKey, testCitizen.conversationId);
    const someoneElses = await registeredWithConsent(`other-${randomUUID()}`, 'chat-other');

    const flow = eraseData();
    expect(await flow.say('borrar mis datos')).toEqual([
      expect.stringContaining('¿Borramos sus datos personales?'),
    ]);
    const [erased] = await flow.say('sí');
    expect(erased).toContain('Borramos sus datos personales y retiramos su autorización.');
    expect(erased).toContain('Su pregunta queda sin datos personales.');

    expect(await questionById(theirs)).toMatchObject({
      text: theirs.text,
      trackingCode: theirs.trackingCode,
      contact: null,
      citizenKey: null,
      conversationKey: null,
    });
    const consent = await database.models.consents.findById(theirs.consentId).lean();
    expect(consent?.citizenKey).toBeNull();
    expect(consent?.revokedAt).toBeInstanceOf(Date);
    expect(
      await database.models.conversationReferences.countDocuments({ userPseudonym: citizenKey }),
    ).toBe(0);
    expect(await questionById(someoneElses)).toMatchObject({
      contact: { name: 'Rosalba Quintero', email: 'rosalba@example.com' },
      citizenKey: someoneElses.citizenKey,
    });
  });

  it('when the citizen says no, then nothing is erased', async () => {
    const theirs = await registeredWithConsent(citizenKeyIn(world), testCitizen.conversationId);

    const flow = eraseData();
    await flow.say('borrar mis datos');
    expect(await flow.say('no')).toEqual(['Entendido. No borramos nada.']);
    expect(flow.status).toBe('complete');
    expect(await questionById(theirs)).toMatchObject({
      contact: theirs.contact,
      citizenKey: theirs.citizenKey,
      conversationKey: theirs.conversationKey,
    });
    const consent = await database.models.consents.findById(theirs.consentId).lean();
    expect(consent).toMatchObject({ citizenKey: theirs.citizenKey, revokedAt: null });
  });

  it('when the answer is neither yes nor no, then the question is asked again with its options', async () => {
    const flow = eraseData();
    await flow.say('borrar mis datos');
    expect(await flow.say('tal vez')).toEqual([
      expect.stringContaining('responda con una de estas opciones: Sí, No'),
    ]);
    expect(flow.status).toBe('waiting');
  });
});
