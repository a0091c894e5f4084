import { Types } from 'mongoose';

import { openTestDatabase, type TestDatabase } from '../test/support/test-database';
import { runMigrations } from './migrations';
import { findQuestionByTrackingCode, registerQuestion, type NewQuestion } from './question';
import { generateTrackingCode } from './tracking-code';

function newQuestion(): NewQuestion {
  const receivedAt = new Date('2026-11-24T15:00:00Z');
  return {
    submissionKey: `webchat:${new Types.ObjectId().toHexString()}`,
    text: '¿Qué regalías recibe mi municipio?',
    channelId: 'webchat',
    spaceId: null,
    petitionKind: 'peticion-general',
    receivedAt,
    dueAt: new Date('2026-12-16T04:59:59.999Z'),
    consentId: null,
    contact: null,
    citizenKey: null,
    conversationKey: null,
  };
}

describe('questions found by tracking code without a scan', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(() => database.close());

  it('when a question is registered, then its code finds it', async () => {
    const { question } = await registerQuestion(database.models, newQuestion());
    const found = await findQuestionByTrackingCode(database.models, question.trackingCode);
    expect(found?._id.equals(question._id)).toBe(true);
  });

  it('when a code was never given, then nothing is found', async () => {
    expect(await findQuestionByTrackingCode(database.models, generateTrackingCode())).toBeNull();
  });

  it('when the same submission is registered again after its code record was lost, then the retry records it', async () => {
    const input = newQuestion();
    const { question } = await registerQuestion(database.models, input);
    await database.models.trackingCodes.deleteOne({ _id: question.trackingCode });
    const retry = await registerQuestion(database.models, input);
    expect(retry.created).toBe(false);
    expect(
      (await findQuestionByTrackingCode(database.models, question.trackingCode))?.trackingCode,
    ).toBe(question.trackingCode);
  });

  it('when questions were stored before codes were recorded, then the start-up migration records them', async () => {
    const older = await Promise.all(
      [1, 2, 3].map(async () => (await registerQuestion(database.models, newQuestion())).question),
    );
    await runMigrations(database.models);
    const [first, ...others] = older;
    await database.models.trackingCodes.deleteMany({
      _id: { $in: others.map((question) => question.trackingCode) },
    });
    await database.models.migrations.deleteOne({ _id: '2026-11-30-tracking-codes-by-id' });

    expect(await runMigrations(database.models)).toEqual(['2026-11-30-tracking-codes-by-id']);
    for (const question of [first, ...others]) {
      const found = await findQuestionByTrackingCode(database.models, question?.trackingCode ?? '');
      expect(found?._id.equals(question?._id ?? new Types.ObjectId())).toBe(true);
    }
  });
});
