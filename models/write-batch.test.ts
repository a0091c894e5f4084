import { AppError, errorCodes } from '../kernel/errors';
import { Pseudonymizer } from '../kernel/pseudonym';
import { openTestDatabase, type TestDatabase } from '../test/support/test-database';
import { MongoStateStorage } from './bot-state-storage';
import { markActivityProcessed } from './processed-activity';
import { ConversationReferenceStore } from './conversation-reference';
import { claimWelcome } from './welcome';
import { insertIfAbsent, replaceById, type BatchCollection } from './write-batch';

/** The insert and update commands the store received while `run` ran. */
async function writeCommandsDuring(
  database: TestDatabase,
  run: () => Promise<unknown>,
): Promise<{ inserts: number; updates: number }> {
  const client = database.connection.getClient();
  const seen = { inserts: 0, updates: 0 };
  const listener = (event: { commandName: string }) => {
    if (event.commandName === 'insert') seen.inserts++;
    if (event.commandName === 'update') seen.updates++;
  };
  client.on('commandStarted', listener);
  try {
    await run();
  } finally {
    client.off('commandStarted', listener);
  }
  return seen;
}

describe('group commit of the writes of concurrent turns (FerretDB)', () => {
  let database: TestDatabase;
  const pseudonymizer = new Pseudonymizer('a test secret of at least thirty-two characters');

  beforeAll(async () => {
    database = await openTestDatabase({ prefix: 'batch', monitorCommands: true });
  });
  afterAll(() => database.close());

  it('when 40 turns mark their activities at once, some of them retries, then each retry alone is refused and every first one is accepted, in fewer insert commands than turns', async () => {
    const { processedActivities } = database.models;
    const at = new Date();
    await markActivityProcessed(processedActivities, 'retried-0', at);
    await markActivityProcessed(processedActivities, 'retried-1', at);
    const keys = Array.from({ length: 40 }, (_unused, index) =>
      index % 10 === 0 ? `retried-${index / 10 < 2 ? index / 10 : 0}` : `first-${index}`,
    );
    let outcomes: boolean[] = [];
    const commands = await writeCommandsDuring(database, async () => {
      outcomes = await Promise.all(
        keys.map((key) => markActivityProcessed(processedActivities, key, at)),
      );
    });
    expect(outcomes).toEqual(keys.map((key) => !key.startsWith('retried-')));
    expect(commands.inserts).toBeLessThan(keys.length / 2);
    // The accepted keys are stored, each once.
    const stored = await processedActivities.countDocuments({
      _id: { $in: keys.filter((key) => key.startsWith('first-')) },
    });
    expect(stored).toBe(36);
  });

  it('when one citizen sends two first messages at once, among other citizens, then they are welcomed once and the others each once', async () => {
    const { welcomes } = database.models;
    const citizens = ['twice', 'twice', 'a', 'b', 'c', 'twice'];
    const claims = await Promise.all(
      citizens.map((citizen, index) =>
        claimWelcome(welcomes, {
          citizenKey: `citizen-${citizen}`,
          activityKey: `activity-${index}`,
          at: new Date(),
        }),
      ),
    );
    expect(claims.filter(Boolean)).toHaveLength(4);
    expect(claims.filter((claim, index) => claim && citizens[index] === 'twice')).toHaveLength(1);
  });

  it('when turns write the same state key and others at once, then the last write asked for is the one stored, and every key is written', async () => {
    const storage = new MongoStateStorage(database.models, pseudonymizer);
    const writes = Array.from({ length: 30 }, (_unused, index) =>
      storage.write({ [`conv/${index % 3 === 0 ? 'shared' : `own-${index}`}`]: { n: index } }),
    );
    const commands = await writeCommandsDuring(database, () => Promise.all(writes));
    const items = (await storage.read(['conv/shared', 'conv/own-1', 'conv/own-29'])) as Record<
      string,
      { n?: number } | undefined
    >;
    expect(items['conv/shared']?.n).toBe(27);
    expect(items['conv/own-1']?.n).toBe(1);
    expect(items['conv/own-29']?.n).toBe(29);
    expect(commands.updates).toBeLessThan(writes.length);
  });

  it('when one document of a batch is refused for another reason than a duplicate key, then only that write fails', async () => {
    const collection = database.models.welcomes.collection as unknown as BatchCollection;
    // A field name starting with "$" is refused by the store, for that document only.
    const refused = { _id: 'refused', $refused: true };
    const outcomes = await Promise.allSettled([
      insertIfAbsent(collection, { _id: 'fine-1' }),
      insertIfAbsent(collection, refused),
      insertIfAbsent(collection, { _id: 'fine-2' }),
    ]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual([
      'fulfilled',
      'rejected',
      'fulfilled',
    ]);
    expect(
      await database.models.welcomes.countDocuments({ _id: { $in: ['fine-1', 'fine-2'] } }),
    ).toBe(2);
  });

  it('when replaces of a new key race, then every one resolves and the key holds the last one asked for', async () => {
    const collection = database.models.botState.collection as unknown as BatchCollection;
    await Promise.all(
      Array.from({ length: 5 }, (_unused, index) =>
        replaceById(collection, 'racing-new-key', {
          state: `{"n":${index}}`,
          eTag: `e${index}`,
          writtenAt: new Date(),
        }),
      ),
    );
    const stored = await database.models.botState.findOne({ _id: 'racing-new-key' }).lean();
    expect(stored?.state).toBe('{"n":4}');
  });

  it('when two turns of a new conversation both read its state as absent and write it, then neither fails and the last write is the one stored, as with an upsert', async () => {
    const first = new MongoStateStorage(database.models, pseudonymizer);
    const second = new MongoStateStorage(database.models, pseudonymizer);
    expect(await first.read(['conv/new-race'])).toEqual({});
    expect(await second.read(['conv/new-race'])).toEqual({});
    await first.write({ 'conv/new-race': { by: 'first', eTag: '*' } });
    await second.write({ 'conv/new-race': { by: 'second', eTag: '*' } });
    const stored = (await first.read(['conv/new-race'])) as Record<string, { by?: string }>;
    expect(stored['conv/new-race']?.by).toBe('second');
    // Read absent, then written by another replica before this turn writes: still last wins.
    expect(await first.read(['conv/new-race-2'])).toEqual({});
    await second.write({ 'conv/new-race-2': { by: 'other replica', eTag: '*' } });
    await first.write({ 'conv/new-race-2': { by: 'this turn', eTag: '*' } });
    const later = (await second.read(['conv/new-race-2'])) as Record<string, { by?: string }>;
    expect(later['conv/new-race-2']?.by).toBe('this turn');
  });

  it('when a conversation thought new already has a reference, then an unauthenticated activity leaves it as it was and an authenticated one replaces it', async () => {
    const store = new ConversationReferenceStore(database.models.conversationReferences);
    const reference = (serviceUrl: string) => ({
      channelId: 'msteams',
      serviceUrl,
      conversation: { id: 'known-conversation', isGroup: false, conversationType: '', name: '' },
      user: { id: 'user-1', name: 'Nombre' },
      bot: { id: 'bot', name: 'ANM' },
    });
    await store.remember(reference('https://first.example/'), 'pseudonym-1', { replace: true });
    await store.remember(reference('https://attacker.example/'), 'pseudonym-1', {
      replace: false,
      likelyNew: true,
    });
    expect((await store.find('msteams', 'known-conversation'))?.serviceUrl).toBe(
      'https://first.example/',
    );
    await store.remember(reference('https://moved.example/'), 'pseudonym-1', {
      replace: true,
      likelyNew: true,
    });
    expect((await store.find('msteams', 'known-conversation'))?.serviceUrl).toBe(
      'https://moved.example/',
    );
    // A new one thought new is stored whole, without the user's name.
    await store.remember(
      {
        ...reference('https://new.example/'),
        conversation: { id: 'new-conversation', isGroup: false, conversationType: '', name: '' },
      },
      'pseudonym-2',
      { replace: false, likelyNew: true },
    );
    const stored = await database.models.conversationReferences
      .findOne({ conversationId: 'new-conversation' })
      .lean();
    expect(stored).toMatchObject({
      channelId: 'msteams',
      userPseudonym: 'pseudonym-2',
      reference: { serviceUrl: 'https://new.example/', user: { id: 'user-1', name: '' } },
    });
    expect(stored?.createdAt).toBeInstanceOf(Date);
    expect(stored?.updatedAt).toBeInstanceOf(Date);
  });
});

describe('group commit while the store stalls', () => {
  it('when a command fails at its deadline, then the writes queued behind it fail with it at once instead of each waiting a deadline of its own', async () => {
    // A store that never answers, as in test/e2e/database-stall.test.ts, reduced to the two
    // methods a batch calls: the first command fails when its (here 200 ms) deadline passes.
    const commands: number[] = [];
    const stalled: BatchCollection = {
      insertMany: (documents) => {
        commands.push(documents.length);
        return new Promise((_resolve, reject) =>
          setTimeout(
            () => reject(new AppError(errorCodes.databaseUnavailable, 'deadline passed')),
            200,
          ),
        );
      },
      bulkWrite: () => Promise.reject(new Error('not used')),
    };
    const started = Date.now();
    const outcomes = await Promise.allSettled([
      insertIfAbsent(stalled, { _id: 'in-flight' }),
      insertIfAbsent(stalled, { _id: 'queued-1' }),
      insertIfAbsent(stalled, { _id: 'queued-2' }),
    ]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(commands).toEqual([1]);
    expect(Date.now() - started).toBeLessThan(400);
  });
});
