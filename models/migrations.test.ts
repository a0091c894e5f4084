import { Pseudonymizer } from '../kernel/pseudonym';
import { openTestDatabase, type TestDatabase } from '../test/support/test-database';
import { MongoStateStorage } from './bot-state-storage';
import { ConversationReferenceStore } from './conversation-reference';
import { runMigrations } from './migrations';

describe('migrating data stored by earlier versions', () => {
  let database: TestDatabase;
  const pseudonymizer = new Pseudonymizer('a test secret of at least thirty-two characters');

  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(() => database.close());

  it('when a database holds state revisions and references keyed the old way, then after the migration the bot reads the same state and finds the same conversations, and nothing of the old shape is left', async () => {
    const { botState, conversationReferences, migrations } = database.models;
    const key = pseudonymizer.stateKey('webchat/conversations/conv-old');
    const erasedKey = pseudonymizer.stateKey('webchat/conversations/conv-erased');
    await botState.collection.insertMany([
      { _id: `${key}@1`, key, revision: 1, deleted: false, writtenAt: new Date() },
      {
        _id: `${key}@2`,
        key,
        revision: 2,
        state: JSON.stringify({ step: 'consent' }),
        deleted: false,
        writtenAt: new Date(),
      },
      { _id: `${erasedKey}@1`, key: erasedKey, revision: 1, deleted: true, writtenAt: new Date() },
    ] as never[]);
    await database.connection.db
      ?.collection('bot_state')
      .createIndexes([{ key: { key: 1, revision: -1 }, name: 'key_1_revision_-1' }]);
    const legacyReference: Record<string, unknown> = {
      channelId: 'webchat',
      conversationId: 'conv-old',
      reference: { channelId: 'webchat', serviceUrl: 'http://127.0.0.1:9/' },
      userPseudonym: 'citizen-1',
      createdAt: new Date(),
      updatedAt: new Date(),
    };
    await database.connection.db?.collection('conversation_references').insertOne(legacyReference);

    expect(await runMigrations(database.models)).toHaveLength(3);

    const storage = new MongoStateStorage(database.models, pseudonymizer);
    const items = await storage.read([
      'webchat/conversations/conv-old',
      'webchat/conversations/conv-erased',
    ]);
    expect(items['webchat/conversations/conv-old']).toMatchObject({ step: 'consent' });
    expect(items['webchat/conversations/conv-erased']).toBeUndefined();
    expect(await botState.collection.countDocuments({ revision: { $exists: true } })).toBe(0);
    const stateIndexes = await botState.collection.indexes();
    expect(stateIndexes.map((index) => index.name)).not.toContain('key_1_revision_-1');

    const references = new ConversationReferenceStore(conversationReferences);
    expect(await references.find('webchat', 'conv-old')).toMatchObject({
      serviceUrl: 'http://127.0.0.1:9/',
    });
    expect(await conversationReferences.countDocuments()).toBe(1);

    // Recorded: a second start migrates nothing and changes nothing.
    expect((await migrations.find({}).lean()).map((migration) => migration._id)).toHaveLength(3);
    expect(await runMigrations(database.models)).toEqual([]);
    expect(await conversationReferences.countDocuments()).toBe(1);
  });
});
