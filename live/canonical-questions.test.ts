import { Types } from 'mongoose';

import { loadLexicon } from '../knowledge/retrieval/lexicon';
import { SpanishAnalyzer } from '../knowledge/retrieval/spanish-analyzer';
import { registerQuestion } from '../models/question';
import { openTestDatabase, type TestDatabase } from '../test/support/test-database';
import { CanonicalQuestions } from './canonical-questions';
import { SimilarQuestions } from './similar-questions';

describe('the canonical questions of live spaces, kept in memory', () => {
  let database: TestDatabase;
  const similar = new SimilarQuestions(new SpanishAnalyzer(loadLexicon()));
  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(() => database.close());

  async function ask(spaceId: Types.ObjectId, text: string, groupId: Types.ObjectId | null = null) {
    const { question } = await registerQuestion(database.models, {
      submissionKey: `test:${new Types.ObjectId().toHexString()}`,
      text,
      channelId: 'msteams',
      spaceId,
      origin: 'meeting-chat',
      groupId,
      petitionKind: 'peticion-general',
      receivedAt: new Date(),
      dueAt: new Date(Date.UTC(2026, 11, 16, 5)),
      consentId: null,
      contact: null,
      citizenKey: null,
      conversationKey: null,
    });
    return question;
  }

  it('when staff grouped a question meanwhile, then the list sees it after the refresh, not before', async () => {
    let now = 0;
    const cache = new CanonicalQuestions(database.models, similar, { now: () => now });
    const spaceId = new Types.ObjectId();
    const first = await ask(spaceId, '¿Qué es el barequeo?');
    const second = await ask(spaceId, '¿Cuándo pagan las regalías?');
    const grouped = await ask(spaceId, '¿Quién otorga la licencia ambiental?', first._id);
    expect((await cache.of(spaceId)).map((question) => question.id)).toEqual([
      first._id,
      second._id,
    ]);
    expect((await cache.of(spaceId)).some((question) => question.id.equals(grouped._id))).toBe(
      false,
    );

    await database.models.questions.updateOne(
      { _id: second._id },
      { $set: { groupId: first._id } },
    );
    now = 30_000;
    expect(await cache.of(spaceId)).toHaveLength(2);
    now = 60_000;
    expect((await cache.of(spaceId)).map((question) => question.id)).toEqual([first._id]);
  });

  it('when a new question starts a group, then it is a candidate without reading the space again', async () => {
    const cache = new CanonicalQuestions(database.models, similar, { now: () => 0 });
    const spaceId = new Types.ObjectId();
    await cache.of(spaceId);
    const question = await ask(spaceId, '¿Cómo denuncio la minería ilegal?');
    await cache.add(
      spaceId,
      { id: question._id, submissionKey: question.submissionKey },
      question.text,
    );
    const [candidate] = await cache.of(spaceId);
    expect(candidate?.id).toEqual(question._id);
    expect(
      similar.closest(similar.stems('como denuncio mineria ilegal'), [
        candidate?.stems ?? new Set(),
      ]),
    ).toBe(0);
  });

  it('when more spaces are live than it keeps, then the least recently used one is read again later', async () => {
    let now = 0;
    const cache = new CanonicalQuestions(database.models, similar, {
      now: () => now,
      maxSpaces: 2,
    });
    const [a, b, c] = [new Types.ObjectId(), new Types.ObjectId(), new Types.ObjectId()];
    await cache.of(a);
    now = 1;
    await cache.of(b);
    now = 2;
    await cache.of(c); // a is dropped
    const late = await ask(a, '¿Qué es la fiscalización minera?');
    now = 3;
    expect((await cache.of(a)).map((question) => question.id)).toEqual([late._id]);
  });
});
