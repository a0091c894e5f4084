import { Types } from 'mongoose';

import { createLogger } from '../kernel/logger';
import { loadKnowledgeBase } from '../knowledge/knowledge-base';
import { KnowledgeIndex } from '../knowledge/retrieval/knowledge-index';
import { loadLexicon } from '../knowledge/retrieval/lexicon';
import { questionTopic } from '../knowledge/retrieval/question-topic';
import { SpanishAnalyzer } from '../knowledge/retrieval/spanish-analyzer';
import { openTestDatabase, type TestDatabase } from '../test/support/test-database';
import { backfillQuestionTopics } from './question-topics-backfill';

describe('questions stored before topics existed get theirs once', () => {
  let database: TestDatabase;
  const index = new KnowledgeIndex(loadKnowledgeBase(), new SpanishAnalyzer(loadLexicon()));
  const topicOf = (text: string) => questionTopic(index, text);
  const logger = createLogger('silent');

  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(() => database.close());

  /** A question as earlier versions stored it: no `knowledgeTopic` field at all. */
  async function storedBefore(text: string, extra: Record<string, unknown> = {}) {
    const _id = new Types.ObjectId();
    await database.models.questions.collection.insertOne({
      _id,
      trackingCode: `ANM-T${_id.toHexString().slice(-6).toUpperCase()}`,
      submissionKey: `before-topics:${_id.toHexString()}`,
      text,
      channelId: 'webchat',
      spaceId: null,
      status: 'pending',
      ...extra,
    });
    return _id;
  }

  it('when a start finds questions without a topic, then each gets its own, one stored since keeps its own, and the next start reads nothing', async () => {
    const { questions, migrations } = database.models;
    const regalias = await storedBefore('¿Cuándo pagan las regalías del carbón en Pitalito?');
    const chatter = await storedBefore('hola buenas tardes');
    const recent = await storedBefore('¿Qué es el canon superficiario?', {
      knowledgeTopic: 'pqrsd',
    });

    expect(
      await backfillQuestionTopics({ models: { questions, migrations }, topicOf, logger }),
    ).toBe(2);
    const topicOfStored = async (id: Types.ObjectId) =>
      (await questions.findById(id).lean())?.knowledgeTopic;
    expect(await topicOfStored(regalias)).toBe('regalias');
    expect(await topicOfStored(chatter)).toBeNull();
    expect(await topicOfStored(recent)).toBe('pqrsd');

    const later = await storedBefore('¿Cuándo pagan las regalías del oro?');
    expect(
      await backfillQuestionTopics({ models: { questions, migrations }, topicOf, logger }),
    ).toBe(0);
    expect((await questions.findById(later).lean())?.knowledgeTopic).toBeUndefined();
  });
});
