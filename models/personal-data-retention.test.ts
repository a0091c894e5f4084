import { Types } from 'mongoose';

import { openTestDatabase, type TestDatabase } from '../test/support/test-database';
import { recordConsent } from './consent';
import { anonymiseExpiredQuestions } from './personal-data-retention';
import { changeQuestion, registerQuestion, type QuestionStatus } from './question';
import { claimSatisfactionSurvey, recordSatisfactionResponse } from './satisfaction-survey';

const dayMs = 24 * 60 * 60_000;

describe('retention of personal data in answered questions, on FerretDB', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(() => database.close());

  async function questionWithStatus(status: QuestionStatus) {
    const submissionKey = `webchat:${new Types.ObjectId().toHexString()}`;
    const citizenKey = `citizen-${new Types.ObjectId().toHexString()}`;
    const consent = await recordConsent(database.models.consents, {
      submissionKey,
      decision: 'granted',
      decidedAt: new Date(),
      channelId: 'webchat',
      textVersion: 'v1-000000000000',
      citizenKey,
    });
    const { question } = await registerQuestion(database.models, {
      submissionKey,
      text: 'Soy Marta Lucía Gil, cel 3105551234. ¿Cuándo pagan el canon?',
      channelId: 'webchat',
      spaceId: null,
      petitionKind: 'peticion-general',
      receivedAt: new Date(),
      dueAt: new Date(Date.now() + 21 * dayMs),
      consentId: consent._id,
      contact: { name: 'Marta Lucía Gil', email: 'marta@example.com' },
      citizenKey,
      conversationKey: { channelId: 'webchat', conversationId: `conv-${citizenKey}` },
    });
    if (status !== 'pending')
      await changeQuestion(database.models, question._id, 'answered', 'moderator', () => ({
        status,
      }));
    return { question, consentId: consent._id };
  }

  const stored = (id: Types.ObjectId) => database.models.questions.findById(id).lean();

  it('when an answered question is older than the retention period, then its personal data is anonymised and its consent unlinked', async () => {
    const answered = await questionWithStatus('answered');
    const answeredLive = await questionWithStatus('answered_live');
    const inAYear = new Date(Date.now() + 366 * dayMs);

    expect(await anonymiseExpiredQuestions(database.models, 365, inAYear)).toBe(2);

    for (const { question, consentId } of [answered, answeredLive]) {
      expect(await stored(question._id)).toMatchObject({
        text: 'Soy [nombre], cel [número]. ¿Cuándo pagan el canon?',
        contact: null,
        citizenKey: null,
        conversationKey: null,
      });
      expect(await database.models.consents.findById(consentId).lean()).toMatchObject({
        decision: 'granted',
        citizenKey: null,
        revokedAt: null,
      });
    }
  });

  it('when the retention period has not passed, then an answered question keeps its contact', async () => {
    const { question } = await questionWithStatus('answered');
    expect(
      await anonymiseExpiredQuestions(database.models, 365, new Date(Date.now() + 300 * dayMs)),
    ).toBe(0);
    expect((await stored(question._id))?.contact).toEqual({
      name: 'Marta Lucía Gil',
      email: 'marta@example.com',
    });
  });

  it('when a question still waits for its answer, then it keeps its contact however old it is', async () => {
    const { question } = await questionWithStatus('pending');
    await anonymiseExpiredQuestions(database.models, 1, new Date(Date.now() + 3650 * dayMs));
    expect((await stored(question._id))?.citizenKey).not.toBeNull();
  });

  it('when the job runs again, then what it already anonymised is left as it is', async () => {
    const { question } = await questionWithStatus('published');
    const later = new Date(Date.now() + 400 * dayMs);
    await anonymiseExpiredQuestions(database.models, 365, later);
    const version = (await stored(question._id))?.version;
    await anonymiseExpiredQuestions(database.models, 365, new Date(later.getTime() + 400 * dayMs));
    expect((await stored(question._id))?.version).toBe(version);
  });

  it('when a satisfaction comment is older than the retention period, then it is removed and its rating stays', async () => {
    const { question } = await questionWithStatus('published');
    const surveys = database.models.satisfactionSurveys;
    const respondedAt = new Date();
    await claimSatisfactionSurvey(surveys, question, 'webchat', respondedAt);
    await recordSatisfactionResponse(
      surveys,
      question._id,
      { rating: 4, comment: 'Clara, aunque la familia Gil esperó bastante' },
      respondedAt,
    );
    const survey = () => surveys.findById(question._id).lean();

    await anonymiseExpiredQuestions(database.models, 365, new Date(Date.now() + 300 * dayMs));
    expect((await survey())?.comment).toContain('familia Gil');

    await anonymiseExpiredQuestions(database.models, 365, new Date(Date.now() + 366 * dayMs));
    expect(await survey()).toMatchObject({ rating: 4, comment: null, respondedAt });
  });
});
