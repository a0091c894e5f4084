import { Types } from 'mongoose';

import { openTestDatabase, type TestDatabase } from '../test/support/test-database';
import {
  changeQuestion,
  eraseCitizenQuestions,
  findQuestionByTrackingCode,
  listCitizenQuestions,
  registerQuestion,
  withdrawQuestion,
  type NewQuestion,
} from './question';
import { parseTrackingCode } from './tracking-code';

function newQuestion(overrides: Partial<NewQuestion> = {}): NewQuestion {
  const receivedAt = new Date('2026-11-24T15:00:00Z');
  return {
    submissionKey: `webchat:${new Types.ObjectId().toHexString()}`,
    text: '¿Cuánto paga de regalías el carbón en mi municipio? Mi correo es ana@correo.co, cel 3105551234',
    channelId: 'webchat',
    spaceId: null,
    petitionKind: 'peticion-general',
    receivedAt,
    dueAt: new Date('2026-12-16T04:59:59.999Z'),
    consentId: 'consent:x',
    contact: { name: 'Ana', email: 'ana@correo.co' },
    citizenKey: 'citizen-a',
    conversationKey: { channelId: 'webchat', conversationId: 'conv-1' },
    ...overrides,
  };
}

describe('questions on FerretDB', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(() => database.close());

  it('when a question is registered, then it gets a valid tracking code and is pending', async () => {
    const { question, created } = await registerQuestion(database.models, newQuestion());
    expect(created).toBe(true);
    expect(parseTrackingCode(question.trackingCode).ok).toBe(true);
    const stored = await findQuestionByTrackingCode(database.models, question.trackingCode);
    expect(stored).toMatchObject({ status: 'pending', version: 1, citizenKey: 'citizen-a' });
  });

  it('when the same submission arrives twice at once, then only one question exists', async () => {
    const input = newQuestion();
    const results = await Promise.all([
      registerQuestion(database.models, input),
      registerQuestion(database.models, input),
    ]);
    expect(results.filter((result) => result.created)).toHaveLength(1);
    expect(results[0].question.trackingCode).toBe(results[1].question.trackingCode);
    expect(
      await database.models.questions.countDocuments({ submissionKey: input.submissionKey }),
    ).toBe(1);
  });

  it('when a citizen lists their questions, then only theirs on that channel come, newest first', async () => {
    const citizenKey = `citizen-${new Types.ObjectId().toHexString()}`;
    const older = await registerQuestion(
      database.models,
      newQuestion({ citizenKey, receivedAt: new Date('2026-11-01T12:00:00Z') }),
    );
    const newer = await registerQuestion(
      database.models,
      newQuestion({ citizenKey, receivedAt: new Date('2026-11-20T12:00:00Z') }),
    );
    await registerQuestion(database.models, newQuestion({ citizenKey, channelId: 'facebook' }));
    await registerQuestion(database.models, newQuestion({ citizenKey: 'someone-else' }));
    const listed = await listCitizenQuestions(database.models.questions, citizenKey, 'webchat');
    expect(listed.map((question) => question.trackingCode)).toEqual([
      newer.question.trackingCode,
      older.question.trackingCode,
    ]);
  });

  it('when a citizen withdraws their question, then it is withdrawn and keeps no personal data', async () => {
    const { question } = await registerQuestion(
      database.models,
      newQuestion({ citizenKey: 'citizen-w' }),
    );
    const result = await withdrawQuestion(database.models, question.trackingCode, 'citizen-w');
    expect(result.outcome).toBe('withdrawn');
    const stored = await findQuestionByTrackingCode(database.models, question.trackingCode);
    expect(stored).toMatchObject({
      status: 'withdrawn',
      contact: null,
      citizenKey: null,
      conversationKey: null,
      version: 2,
    });
    expect(stored?.text).not.toMatch(/ana@correo\.co|3105551234/);
    expect(stored?.text).toContain('regalías');
  });

  it('when someone else tries to withdraw a question, then it is not found and stays pending', async () => {
    const { question } = await registerQuestion(
      database.models,
      newQuestion({ citizenKey: 'citizen-owner' }),
    );
    expect(
      (await withdrawQuestion(database.models, question.trackingCode, 'citizen-other')).outcome,
    ).toBe('not-found');
    expect((await findQuestionByTrackingCode(database.models, question.trackingCode))?.status).toBe(
      'pending',
    );
  });

  it('when two writers change a question at once, then both changes land, one after the other', async () => {
    const { question } = await registerQuestion(database.models, newQuestion());
    await Promise.all([
      changeQuestion(database.models, question._id, 'review', 'moderator', () => ({
        status: 'in_review',
      })),
      changeQuestion(database.models, question._id, 'erase', 'citizen', () => ({ contact: null })),
    ]);
    const stored = await database.models.questions.findById(question._id).lean();
    expect(stored).toMatchObject({ status: 'in_review', contact: null, version: 3 });
    expect(await database.models.questionEvents.countDocuments({ questionId: question._id })).toBe(
      3,
    );
  });

  it('when a writer died after claiming a version, then the next change replays it first', async () => {
    const { question } = await registerQuestion(database.models, newQuestion());
    // A claimed event whose update of the question never happened.
    await database.models.questionEvents.create({
      _id: `${question._id.toHexString()}#2`,
      questionId: question._id,
      version: 2,
      type: 'review',
      at: new Date(),
      actor: 'moderator',
      changes: { status: 'in_review' },
    });
    const updated = await changeQuestion(database.models, question._id, 'erase', 'citizen', () => ({
      contact: null,
    }));
    expect(updated).toMatchObject({ status: 'in_review', contact: null, version: 3 });
  });

  it('when a citizen asks to erase their data, then all their questions are anonymised', async () => {
    const citizenKey = `citizen-${new Types.ObjectId().toHexString()}`;
    await registerQuestion(database.models, newQuestion({ citizenKey }));
    await registerQuestion(database.models, newQuestion({ citizenKey }));
    expect(await eraseCitizenQuestions(database.models, citizenKey)).toBe(2);
    expect(await database.models.questions.countDocuments({ citizenKey })).toBe(0);
  });

  it('when a citizen erases their data, then neither the question nor its history keeps their name, contact, key or conversation', async () => {
    const citizenKey = `citizen-${new Types.ObjectId().toHexString()}`;
    const { question } = await registerQuestion(
      database.models,
      newQuestion({
        citizenKey,
        text: 'Me llamo Ana Restrepo, cédula 4455. ¿Ana puede pedir un título minero?',
        contact: { name: 'Ana Restrepo', email: 'ana@correo.co' },
        conversationKey: { channelId: 'webchat', conversationId: 'raw-conversation-77' },
      }),
    );
    // An earlier change that carried the personal fields, as an answer subscription does.
    await changeQuestion(database.models, question._id, 'answer-subscribed', 'citizen', () => ({
      citizenKey,
      conversationKey: { channelId: 'webchat', conversationId: 'raw-conversation-77' },
    }));

    await eraseCitizenQuestions(database.models, citizenKey);

    const stored = await database.models.questions.findById(question._id).lean();
    const events = await database.models.questionEvents.find({ questionId: question._id }).lean();
    const everything = JSON.stringify({ stored, events });
    for (const value of [
      'Ana',
      'Restrepo',
      '4455',
      'ana@correo.co',
      citizenKey,
      'raw-conversation-77',
    ])
      expect(everything).not.toContain(value);
    expect(stored?.text).toBe(
      'Me llamo [nombre], cédula [número]. ¿[nombre] puede pedir un título minero?',
    );
    expect(events.map((event) => event.type)).toEqual([
      'registered',
      'answer-subscribed',
      'personal-data-erased',
    ]);
  });
});
