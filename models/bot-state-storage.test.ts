import { ConversationState, TestAdapter, TurnContext } from 'botbuilder';

import { Pseudonymizer } from '../kernel/pseudonym';
import { openTestDatabase, type TestDatabase } from '../test/support/test-database';
import { eraseStateKeys, MongoStateStorage, StorageConflictError } from './bot-state-storage';

type Item = Record<string, unknown>;

describe('MongoStateStorage on FerretDB', () => {
  let database: TestDatabase;
  let storage: MongoStateStorage;
  const pseudonymizer = new Pseudonymizer('a test secret of at least thirty-two characters');
  const readAll = async (keys: string[]) =>
    (await storage.read(keys)) as Record<string, Item | undefined>;
  const readOne = async (key: string) => (await readAll([key]))[key];

  beforeAll(async () => {
    database = await openTestDatabase();
    storage = new MongoStateStorage(database.models, pseudonymizer);
  });
  afterAll(() => database.close());

  it('when an item is written, then a read returns it with an eTag', async () => {
    await storage.write({ 'conv/a': { step: 2, answers: ['sí'] } });
    const items = await readAll(['conv/a', 'conv/missing']);
    expect(items['conv/a']).toMatchObject({ step: 2, answers: ['sí'] });
    expect(typeof items['conv/a']?.eTag).toBe('string');
    expect(items['conv/missing']).toBeUndefined();
  });

  it('when state has keys with dots and dollar signs, then they survive the round trip', async () => {
    const state = { 'a.b': { $c: 1 }, nested: { 'x.y': [{ $z: 'ok' }] } };
    await storage.write({ 'conv/dots': state });
    expect(await readOne('conv/dots')).toMatchObject(state);
  });

  it('when an item is written again, then it gets a new eTag', async () => {
    await storage.write({ 'conv/b': { count: 1 } });
    const first = await readOne('conv/b');
    await storage.write({ 'conv/b': { ...first, count: 2 } });
    const second = await readOne('conv/b');
    expect(second?.count).toBe(2);
    expect(second?.eTag).not.toBe(first?.eTag);
  });

  it('when a write carries a stale eTag, then it fails with a conflict and the stored item is untouched', async () => {
    await storage.write({ 'conv/c': { value: 'original' } });
    const read = await readOne('conv/c');
    await storage.write({ 'conv/c': { ...read, value: 'first writer' } });
    await expect(
      storage.write({ 'conv/c': { ...read, value: 'second writer' } }),
    ).rejects.toBeInstanceOf(StorageConflictError);
    expect((await readOne('conv/c'))?.value).toBe('first writer');
  });

  it.each([2, 8])(
    'when %i writers race with the same eTag, then exactly one wins and the others get the conflict',
    async (writers) => {
      const key = `conv/race-${writers}`;
      await storage.write({ [key]: { owner: 'nobody' } });
      const read = await readOne(key);
      const results = await Promise.allSettled(
        Array.from({ length: writers }, (_, index) =>
          storage.write({ [key]: { ...read, owner: `writer-${index}` } }),
        ),
      );
      const winners = results.flatMap((result, index) =>
        result.status === 'fulfilled' ? [`writer-${index}`] : [],
      );
      const losers = results.filter(
        (result): result is PromiseRejectedResult => result.status === 'rejected',
      );
      expect(winners).toHaveLength(1);
      expect(losers.every((loser) => loser.reason instanceof StorageConflictError)).toBe(true);
      expect((await readOne(key))?.owner).toBe(winners[0]);
    },
  );

  it('when many writers write unconditionally at once, then every write lands and one of them is read', async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, (_, index) =>
        storage.write({ 'conv/star': { value: index, eTag: '*' } }),
      ),
    );
    expect(results.filter((result) => result.status === 'rejected')).toEqual([]);
    const read = await readOne('conv/star');
    expect([0, 1, 2, 3, 4, 5, 6, 7]).toContain(read?.value);
  });

  it('when a state is written several times, then one document holds it, with the latest state', async () => {
    await storage.write({ 'conv/one': { value: 1 } });
    const read = await readOne('conv/one');
    await storage.write({ 'conv/one': { ...read, value: 2, eTag: '*' } });
    const stored = await database.models.botState.find({}).lean();
    const copies = stored.filter((document) => document._id === pseudonymizer.stateKey('conv/one'));
    expect(copies).toHaveLength(1);
    expect(JSON.parse(copies[0]?.state ?? '{}')).toEqual({ value: 2 });
  });

  it('when an item was deleted after it was read, then a write with the old eTag is a conflict', async () => {
    await storage.write({ 'conv/gone': { value: 1 } });
    const read = await readOne('conv/gone');
    await storage.delete(['conv/gone']);
    await expect(storage.write({ 'conv/gone': { ...read, value: 2 } })).rejects.toBeInstanceOf(
      StorageConflictError,
    );
    expect(await readOne('conv/gone')).toBeUndefined();
  });

  it('when a write carries the eTag "*", then it overwrites whatever is stored', async () => {
    await storage.write({ 'conv/d': { value: 1 } });
    await storage.write({ 'conv/d': { value: 2, eTag: '*' } });
    expect((await readOne('conv/d'))?.value).toBe(2);
  });

  it('when an item is deleted, then it can no longer be read', async () => {
    await storage.write({ 'conv/e': { value: 1 } });
    await storage.delete(['conv/e']);
    expect(await readOne('conv/e')).toBeUndefined();
  });

  const storedDocuments = (text: string) =>
    Promise.all([
      database.models.botState.find({}).lean(),
      database.models.botStateClaims.find({}).lean(),
    ])
      .then((collections) => collections.flat())
      .then((all) => all.filter((document) => JSON.stringify(document).includes(text)));

  it('when the SDK writes a key with raw channel ids, then the stored key does not contain them', async () => {
    await storage.write({ 'webchat/users/user-raw-id-42/': { profile: 1 } });
    const all = await database.models.botState.find({}).lean();
    expect(JSON.stringify(all)).not.toContain('user-raw-id-42');
    expect(all.some((document) => document._id.startsWith('webchat/users/'))).toBe(true);
    expect((await readOne('webchat/users/user-raw-id-42/'))?.profile).toBe(1);
  });

  it('when an item is written again, then no stored copy holds the old state', async () => {
    await storage.write({ 'conv/flow': { name: 'Pedro Pérez' } });
    await storage.write({ 'conv/flow': { name: null, eTag: '*' } });
    await storage.write({ 'conv/flow': { step: 3, eTag: '*' } });
    const revisions = await database.models.botState.find({}).lean();
    expect(JSON.stringify(revisions)).not.toContain('Pedro Pérez');
    expect((await readOne('conv/flow'))?.step).toBe(3);
  });

  it('when keys are erased, then neither their state nor their claims are left', async () => {
    await storage.write({ 'conv/erase-me': { secret: 'cédula 12345' } });
    const read = await readOne('conv/erase-me');
    await storage.write({ 'conv/erase-me': { ...read, secret: 'cédula 67890' } });
    await storage.write({ 'conv/keep-me': { value: 1 } });
    const erasedKey = pseudonymizer.stateKey('conv/erase-me');
    expect(await storedDocuments(erasedKey)).not.toEqual([]);
    const before = await database.models.botState.countDocuments();

    expect(await eraseStateKeys(database.models, pseudonymizer, ['conv/erase-me'])).toBe(1);

    expect(await database.models.botState.countDocuments()).toBe(before - 1);
    expect(await readOne('conv/erase-me')).toBeUndefined();
    expect((await readOne('conv/keep-me'))?.value).toBe(1);
    expect(await storedDocuments('cédula')).toEqual([]);
    expect(await storedDocuments(erasedKey)).toEqual([]);
  });

  it('when ConversationState saves through it, then a new turn loads the same state', async () => {
    const conversationState = new ConversationState(storage);
    const property = conversationState.createProperty<{ visits: number }>('progress');
    const adapter = new TestAdapter();
    const activity = {
      type: 'message',
      channelId: 'test',
      conversation: { id: 'conv-state', isGroup: false, conversationType: '', name: '' },
      from: { id: 'u', name: '' },
      recipient: { id: 'b', name: '' },
    };
    const first = new TurnContext(adapter, activity);
    await conversationState.load(first);
    await property.set(first, { visits: 1 });
    await conversationState.saveChanges(first);

    const second = new TurnContext(adapter, activity);
    await conversationState.load(second);
    expect(await property.get(second)).toEqual({ visits: 1 });
  });
});
