import { Types } from 'mongoose';

import { openTestDatabase, type TestDatabase } from '../test/support/test-database';
import { subscribeToAnswer, type AnswerSubscriber } from './answer-subscription';
import {
  changeQuestion,
  eraseCitizenQuestions,
  registerQuestion,
  type QuestionDocument,
} from './question';
import { commentKey } from '../test/support/live-comment-keys';

describe('receiving the answer of an anonymous question, on FerretDB', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(() => database.close());

  async function liveComment(
    overrides: Partial<Pick<QuestionDocument, 'citizenKey' | 'conversationKey'>> = {},
  ): Promise<QuestionDocument> {
    const { question } = await registerQuestion(database.models, {
      submissionKey: commentKey(new Types.ObjectId().toHexString()),
      text: '¿Cuándo pagan las regalías?',
      channelId: 'facebook',
      spaceId: new Types.ObjectId(),
      origin: 'live-comment',
      petitionKind: 'peticion-general',
      receivedAt: new Date(Date.UTC(2026, 10, 24, 15)),
      dueAt: new Date(Date.UTC(2026, 11, 16, 5)),
      consentId: null,
      contact: null,
      citizenKey: null,
      conversationKey: null,
      ...overrides,
    });
    return question;
  }

  function subscriber(name: string): AnswerSubscriber {
    return {
      citizenKey: `citizen-${name}`,
      conversationKey: { channelId: 'facebook', conversationId: `psid-${name}` },
      consentId: `consent:${name}`,
    };
  }

  it('when the holder of the code consents, then the answer will reach their chat', async () => {
    const question = await liveComment();
    const result = await subscribeToAnswer(
      database.models,
      question.trackingCode,
      subscriber('ana'),
    );
    expect(result.outcome).toBe('subscribed');
    const stored = await database.models.questions.findById(question._id).lean();
    expect(stored).toMatchObject({
      citizenKey: 'citizen-ana',
      conversationKey: { channelId: 'facebook', conversationId: 'psid-ana' },
      consentId: 'consent:ana',
      status: 'pending',
    });
  });

  it('when two people race for the same code, then exactly one receives the answer', async () => {
    const question = await liveComment();
    const results = await Promise.all(
      ['uno', 'dos', 'tres'].map((name) =>
        subscribeToAnswer(database.models, question.trackingCode, subscriber(name)),
      ),
    );
    expect(results.filter((result) => result.outcome === 'subscribed')).toHaveLength(1);
    expect(results.filter((result) => result.outcome === 'taken')).toHaveLength(2);
    const stored = await database.models.questions.findById(question._id).lean();
    const winner = results.findIndex((result) => result.outcome === 'subscribed');
    expect(stored?.citizenKey).toBe(`citizen-${['uno', 'dos', 'tres'][winner] ?? ''}`);
  });

  it('when the same person asks again, then nothing changes and they are told it is theirs', async () => {
    const question = await liveComment();
    await subscribeToAnswer(database.models, question.trackingCode, subscriber('eva'));
    const again = await subscribeToAnswer(
      database.models,
      question.trackingCode,
      subscriber('eva'),
    );
    expect(again.outcome).toBe('already-yours');
  });

  it('when a meeting chat question or a consented one is claimed, then it is refused and unchanged', async () => {
    const meeting = await liveComment({
      conversationKey: { channelId: 'msteams', conversationId: '19:meeting_x@thread.v2' },
    });
    const consented = await liveComment({ citizenKey: 'citizen-owner' });
    for (const question of [meeting, consented]) {
      expect(
        await subscribeToAnswer(database.models, question.trackingCode, subscriber('intruso')),
      ).toEqual({ outcome: 'taken' });
      const stored = await database.models.questions.findById(question._id).lean();
      expect(stored?.citizenKey).toBe(question.citizenKey);
      expect(stored?.conversationKey).toEqual(question.conversationKey);
    }
  });

  it('when the question was already answered live, then it is not claimed', async () => {
    const question = await liveComment();
    await changeQuestion(database.models, question._id, 'answered-live', 'staff', () => ({
      status: 'answered_live',
    }));
    const result = await subscribeToAnswer(
      database.models,
      question.trackingCode,
      subscriber('luis'),
    );
    expect(result.outcome).toBe('closed');
    const stored = await database.models.questions.findById(question._id).lean();
    expect(stored?.citizenKey).toBeNull();
  });

  it('when the subscriber later erases their data, then the question and its history forget them and the code can be claimed again', async () => {
    const question = await liveComment();
    await subscribeToAnswer(database.models, question.trackingCode, subscriber('olga'));

    await eraseCitizenQuestions(database.models, 'citizen-olga');

    const stored = await database.models.questions.findById(question._id).lean();
    const events = await database.models.questionEvents.find({ questionId: question._id }).lean();
    expect(JSON.stringify({ stored, events })).not.toMatch(/citizen-olga|psid-olga/);
    expect(
      (await subscribeToAnswer(database.models, question.trackingCode, subscriber('pia'))).outcome,
    ).toBe('subscribed');
  });

  it('when the code does not exist, then nothing is written', async () => {
    expect(await subscribeToAnswer(database.models, 'ANM-AAAA-AAAA', subscriber('nadie'))).toEqual({
      outcome: 'not-found',
    });
  });
});
