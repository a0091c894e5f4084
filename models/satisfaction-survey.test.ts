import { randomUUID } from 'node:crypto';

import { Types } from 'mongoose';

import { openTestDatabase, type TestDatabase } from '../test/support/test-database';
import { registerQuestion, type QuestionDocument } from './question';
import {
  claimSatisfactionSurvey,
  eraseCitizenSurveyComments,
  findSatisfactionSurvey,
  forgetUnaskedSurvey,
  maxSurveyCommentLength,
  recordSatisfactionResponse,
} from './satisfaction-survey';

const dayMs = 24 * 60 * 60_000;

describe('satisfaction surveys, on FerretDB', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(() => database.close());

  async function question(citizenKey: string | null = `citizen-${randomUUID()}`) {
    const receivedAt = new Date();
    const { question } = await registerQuestion(database.models, {
      submissionKey: `webchat:${randomUUID()}`,
      text: '¿Cuándo pagan el canon superficiario?',
      channelId: 'webchat',
      spaceId: new Types.ObjectId(),
      petitionKind: 'peticion-general',
      receivedAt,
      dueAt: new Date(receivedAt.getTime() + 21 * dayMs),
      consentId: 'consent:test',
      contact: null,
      citizenKey,
      conversationKey: null,
    });
    return question;
  }

  const surveys = () => database.models.satisfactionSurveys;

  it('when two deliverers claim the survey of one question at once, then exactly one claim lands and the record has the report fields', async () => {
    const asked = await question();
    const askedAt = new Date('2026-12-03T15:00:00Z');

    const claims = await Promise.all([
      claimSatisfactionSurvey(surveys(), asked, 'msteams', askedAt),
      claimSatisfactionSurvey(surveys(), asked, 'msteams', askedAt),
    ]);

    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(await claimSatisfactionSurvey(surveys(), asked, 'msteams', askedAt)).toBe(false);
    expect(await surveys().countDocuments({ questionId: asked._id })).toBe(1);
    expect(await findSatisfactionSurvey(surveys(), asked._id)).toEqual({
      _id: asked._id,
      questionId: asked._id,
      spaceId: asked.spaceId,
      channelId: 'msteams',
      askedAt,
      rating: null,
      comment: null,
      respondedAt: null,
    });
  });

  it('when a citizen answers with a comment holding personal data, then the rating is stored with the comment scrubbed and bounded', async () => {
    const asked = await question();
    await claimSatisfactionSurvey(surveys(), asked, 'webchat', new Date());
    const respondedAt = new Date();
    const long = `Muy clara. Me llamo Pedro Ruiz, cel 3105551234. ${'Gracias. '.repeat(80)}`;

    expect(
      await recordSatisfactionResponse(
        surveys(),
        asked._id,
        { rating: 5, comment: long },
        respondedAt,
      ),
    ).toBe(true);

    const stored = await findSatisfactionSurvey(surveys(), asked._id);
    expect(stored).toMatchObject({ rating: 5, respondedAt });
    expect(stored?.comment).toMatch(/^Muy clara\. Me llamo \[nombre\], cel \[número\]\./);
    expect(stored?.comment?.length).toBeLessThanOrEqual(maxSurveyCommentLength);
  });

  it('when a survey was never asked, or was forgotten because the channel refused it, then an answer to it is not recorded', async () => {
    const asked = await question();
    await claimSatisfactionSurvey(surveys(), asked, 'webchat', new Date());
    await forgetUnaskedSurvey(surveys(), asked._id);

    const answer = { rating: 3, comment: null } as const;
    expect(await recordSatisfactionResponse(surveys(), asked._id, answer, new Date())).toBe(false);
    expect(
      await recordSatisfactionResponse(surveys(), new Types.ObjectId(), answer, new Date()),
    ).toBe(false);
    expect(await surveys().countDocuments({ questionId: asked._id })).toBe(0);
  });

  it('when a rating is not an integer from 1 to 5, then nothing is stored', async () => {
    const asked = await question();
    await claimSatisfactionSurvey(surveys(), asked, 'webchat', new Date());
    await expect(
      recordSatisfactionResponse(
        surveys(),
        asked._id,
        { rating: 6 as never, comment: null },
        new Date(),
      ),
    ).rejects.toThrow(RangeError);
    expect((await findSatisfactionSurvey(surveys(), asked._id))?.rating).toBeNull();
  });

  it('when a citizen erases their data, then the comments on their questions are removed and the ratings and other citizens comments stay', async () => {
    const citizenKey = `citizen-${randomUUID()}`;
    const mine: QuestionDocument[] = [await question(citizenKey), await question(citizenKey)];
    const theirs = await question();
    for (const asked of [...mine, theirs]) {
      await claimSatisfactionSurvey(surveys(), asked, 'webchat', new Date());
      await recordSatisfactionResponse(
        surveys(),
        asked._id,
        { rating: 4, comment: 'La familia Quintero quedó contenta' },
        new Date(),
      );
    }

    expect(await eraseCitizenSurveyComments(database.models, citizenKey)).toBe(2);

    for (const asked of mine)
      expect(await findSatisfactionSurvey(surveys(), asked._id)).toMatchObject({
        rating: 4,
        comment: null,
      });
    expect((await findSatisfactionSurvey(surveys(), theirs._id))?.comment).toContain('Quintero');
  });
});
