import { openTestDatabase, type TestDatabase } from '../test/support/test-database';
import {
  appendDirectLineActivity,
  eraseDirectLineTranscript,
  readDirectLineActivities,
} from './direct-line-activity';
import {
  findDirectLineConversation,
  startDirectLineConversation,
} from './direct-line-conversation';

describe('the embedded Direct Line transcript, on FerretDB', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(() => database.close());

  let conversationCount = 0;
  async function newConversation(): Promise<string> {
    const id = `conversation-${++conversationCount}`;
    await startDirectLineConversation(database.models.directLineConversations, id, new Date());
    return id;
  }

  async function append(conversationId: string, text: string): Promise<number> {
    const conversation = await findDirectLineConversation(
      database.models.directLineConversations,
      conversationId,
    );
    return appendDirectLineActivity(
      database.models,
      conversationId,
      conversation?.watermark ?? 0,
      (watermark) => JSON.stringify({ text, watermark }),
    );
  }

  const unbounded = { maxActivities: 1_000, maxCharacters: 10_000_000 };

  async function texts(conversationId: string, after = 0): Promise<string[]> {
    const page = await readDirectLineActivities(
      database.models.directLineActivities,
      conversationId,
      after,
      unbounded,
    );
    return page.activities.map((json) => (JSON.parse(json) as { text: string }).text);
  }

  it('when a conversation is started twice, then the second start says it existed', async () => {
    const model = database.models.directLineConversations;
    expect(await startDirectLineConversation(model, 'twice', new Date())).toBe(true);
    expect(await startDirectLineConversation(model, 'twice', new Date())).toBe(false);
  });

  it('when activities are appended one after another, then they get watermarks 1, 2, 3 and read back in order', async () => {
    const conversationId = await newConversation();
    expect(await append(conversationId, 'uno')).toBe(1);
    expect(await append(conversationId, 'dos')).toBe(2);
    expect(await append(conversationId, 'tres')).toBe(3);
    expect(await texts(conversationId)).toEqual(['uno', 'dos', 'tres']);
    expect(await texts(conversationId, 1)).toEqual(['dos', 'tres']);
    const conversation = await findDirectLineConversation(
      database.models.directLineConversations,
      conversationId,
    );
    expect(conversation?.watermark).toBe(3);
  });

  it('when twenty writers append at once from a stale hint, then every activity gets its own watermark, without gaps', async () => {
    const conversationId = await newConversation();
    const watermarks = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        appendDirectLineActivity(database.models, conversationId, 0, () =>
          JSON.stringify({ text: `mensaje ${index}` }),
        ),
      ),
    );
    expect([...watermarks].sort((a, b) => a - b)).toEqual(
      Array.from({ length: 20 }, (_, index) => index + 1),
    );
    const read = await texts(conversationId);
    expect(new Set(read).size).toBe(20);
  });

  it('when nothing new was written, then a read answers no activity and the same watermark', async () => {
    const conversationId = await newConversation();
    await append(conversationId, 'uno');
    const page = await readDirectLineActivities(
      database.models.directLineActivities,
      conversationId,
      1,
      unbounded,
    );
    expect(page).toEqual({ activities: [], watermark: 1 });
    const far = await readDirectLineActivities(
      database.models.directLineActivities,
      conversationId,
      999_999_999_999,
      unbounded,
    );
    expect(far).toEqual({ activities: [], watermark: 999_999_999_999 });
  });

  it('when a conversation is long, then a read stops at its bounds and the next read goes on from there', async () => {
    const conversationId = await newConversation();
    for (let index = 1; index <= 12; index++) await append(conversationId, `m${index}`);
    const first = await readDirectLineActivities(
      database.models.directLineActivities,
      conversationId,
      0,
      { maxActivities: 5, maxCharacters: 1_000_000 },
    );
    expect(first.watermark).toBe(5);
    expect(first.activities).toHaveLength(5);
    const byCharacters = await readDirectLineActivities(
      database.models.directLineActivities,
      conversationId,
      first.watermark,
      { maxActivities: 100, maxCharacters: 1 },
    );
    expect(byCharacters.watermark).toBe(6);
    expect(await texts(conversationId, byCharacters.watermark)).toEqual([
      'm7',
      'm8',
      'm9',
      'm10',
      'm11',
      'm12',
    ]);
  });

  it('when a transcript is erased, then its contents are gone, its numbering stays and new activities follow', async () => {
    const conversationId = await newConversation();
    await append(conversationId, 'Me llamo María Pérez');
    await append(conversationId, 'maria.perez@example.com');
    expect(await eraseDirectLineTranscript(database.models, conversationId)).toBe(2);
    expect(await texts(conversationId)).toEqual([]);
    const stored = await database.models.directLineActivities
      .find({ _id: { $in: [`${conversationId}#1`, `${conversationId}#2`] } })
      .lean();
    expect(stored.map((document) => document.json)).toEqual([null, null]);
    expect(await append(conversationId, 'Sus datos fueron borrados.')).toBe(3);
    expect(await texts(conversationId)).toEqual(['Sus datos fueron borrados.']);
    expect(await eraseDirectLineTranscript(database.models, 'not-a-conversation')).toBe(0);
  });
});
