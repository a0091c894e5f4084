import { Types } from 'mongoose';

import { Pseudonymizer } from '../kernel/pseudonym';
import { openTestDatabase, type TestDatabase } from '../test/support/test-database';
import { MongoStateStorage } from './bot-state-storage';
import { ConversationReferenceStore } from './conversation-reference';
import { runMigrations } from './migrations';
import { registerQuestion } from './question';
import { liveCommentKey, meetingMessageKey } from './submission-keys';

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

  it('when live questions and private replies are keyed by raw Facebook and Teams ids, then a start with the pseudonymizer rekeys them all and keeps the comment id only where a reply still needs it', async () => {
    const { questions, facebookReplies, facebookReplyOutcomes, facebookReplyRetries } =
      database.models;
    const commentId = '1029384756_5647382910';
    const chatId = '19:meeting_abc@thread.v2';
    const register = (submissionKey: string, channelId: string) =>
      registerQuestion(database.models, {
        submissionKey,
        text: '¿Cuándo pagan las regalías?',
        channelId,
        spaceId: new Types.ObjectId(),
        origin: channelId === 'facebook' ? 'live-comment' : 'meeting-chat',
        petitionKind: 'peticion-general',
        receivedAt: new Date(),
        dueAt: new Date(Date.now() + 15 * 24 * 60 * 60_000),
        consentId: null,
        contact: null,
        citizenKey: null,
        conversationKey: null,
      });
    const comment = (await register(`facebook-comment:${commentId}`, 'facebook')).question;
    const message = (await register(`msteams:${chatId}:1700000000123`, 'msteams')).question;
    const claimedAt = new Date();
    await facebookReplies.collection.insertOne({
      _id: commentId,
      questionId: comment._id.toHexString(),
      claimedAt,
    } as never);
    await facebookReplyOutcomes.collection.insertOne({
      _id: commentId,
      state: 'failed',
      status: 500,
      attempts: 3,
      at: claimedAt,
      via: 'send',
    } as never);
    await facebookReplyRetries.collection.insertOne({
      _id: `${commentId}@1`,
      commentId,
      questionId: comment._id.toHexString(),
      retry: 1,
      requestedBy: { subject: 'staff-1', name: 'Ana' },
      requestedAt: claimedAt,
      failed: { status: 500, attempts: 3, at: claimedAt, via: 'send' },
    } as never);

    expect(await runMigrations(database.models)).toEqual([]);
    expect(await runMigrations(database.models, { pseudonymizer })).toEqual([
      '2026-11-30-pseudonymous-submission-keys',
    ]);

    const replyKey = liveCommentKey(pseudonymizer, commentId);
    expect((await questions.findById(comment._id).lean())?.submissionKey).toBe(replyKey);
    expect((await questions.findById(message._id).lean())?.submissionKey).toBe(
      meetingMessageKey(pseudonymizer, chatId, '1700000000123'),
    );
    expect(await facebookReplies.findById(replyKey).lean()).toMatchObject({
      commentId,
      questionId: comment._id.toHexString(),
    });
    expect(await facebookReplyOutcomes.findById(replyKey).lean()).toMatchObject({
      state: 'failed',
      status: 500,
    });
    expect(await facebookReplyRetries.findById(`${replyKey}@1`).lean()).toMatchObject({
      replyKey,
      retry: 1,
    });
    // The raw ids are left only in the claim's `commentId`, which the Graph API needs to send.
    const stored = JSON.stringify([
      await questions.find({}, { submissionKey: 1 }).lean(),
      await facebookReplyOutcomes.find({}).lean(),
      await facebookReplyRetries.find({}).lean(),
      await facebookReplies.find({}, { commentId: 0 }).lean(),
    ]);
    expect(stored).not.toContain(commentId);
    expect(stored).not.toContain('1700000000123');
    expect(await runMigrations(database.models, { pseudonymizer })).toEqual([]);
  });
});
